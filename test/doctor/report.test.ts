import { describe, expect, it } from "vitest";
import { accessFinding } from "../../src/doctor/cluster/access.js";
import { cidrMismatches, flannelNetworks } from "../../src/doctor/cluster/cni.js";
import { parseBootstrapToken, usableTokens } from "../../src/doctor/cluster/tokens.js";
import { type Finding, finding } from "../../src/doctor/finding.js";
import { certVerdict } from "../../src/doctor/host/certs.js";
import { parseSystemctlShow } from "../../src/doctor/host/services.js";
import { reportJson, reportText } from "../../src/doctor/report.js";
import type { DoctorReport } from "../../src/doctor/run.js";
import { KubeError } from "../../src/kube/client.js";

const expected = {
  source: "cluster" as const,
  origin: "ConfigMap kube-system/kubeadm-config",
  kubernetesVersion: "v1.33.2",
  imageRepository: "registry.aliyuncs.com/google_containers",
  podSubnet: "10.244.0.0/16",
  cgroupDriver: "systemd" as const,
  criSocket: "unix:///var/run/containerd/containerd.sock",
};

function crash(n: number): Finding {
  return finding(
    "pod.crashloop",
    "error",
    `Pod default/web-${n}`,
    {
      key: "doctor.crashloop.title",
      params: { container: "main", restarts: 3, reason: "Error", exitCode: 1 },
    },
    ["main: CrashLoopBackOff", "token abcdef.0123456789abcdef leaked into a log"],
    { key: "doctor.crashloop.fix", params: { namespace: "default", pod: "web", container: "main" } },
  );
}

function report(findings: Finding[]): DoctorReport {
  return {
    findings,
    host: { checked: true, role: "control-plane" },
    cluster: {
      checked: true,
      server: "https://10.0.0.1:6443",
      version: "v1.33.2",
      nodes: 3,
      pods: 40,
      unhealthyPods: 8,
    },
    expected,
  };
}

describe("report", () => {
  it("JSON has the contract's shape, localised text, redacted evidence", () => {
    const doc = JSON.parse(reportJson(report([crash(1)]), "zh")) as {
      findings: Record<string, unknown>[];
      summary: Record<string, number>;
    };
    expect(Object.keys(doc)).toEqual(["findings", "summary", "host", "cluster", "expected"]);
    expect(Object.keys(doc.findings[0] ?? {})).toEqual([
      "id",
      "severity",
      "object",
      "title",
      "evidence",
      "fix",
    ]);
    expect(doc.findings[0]).toMatchObject({
      id: "pod.crashloop",
      severity: "error",
      object: "Pod default/web-1",
    });
    expect(String(doc.findings[0]?.title)).toContain("反复崩溃");
    expect(String(doc.findings[0]?.evidence)).not.toContain("0123456789abcdef");
    expect(doc.summary).toEqual({ errors: 1, warnings: 0, info: 0 });
  });

  it("text folds the same finding on many objects into one entry", () => {
    const text = reportText(report(Array.from({ length: 9 }, (_, i) => crash(i))), "en");
    expect(text.match(/\[pod\.crashloop\]/g)).toHaveLength(1);
    expect(text).toContain("the same on 8 more: Pod default/web-1, Pod default/web-2");
    expect(text).toContain(" and 3 more");
    expect(text).toContain("Errors (9)");
    expect(text).toContain("9 errors, 0 warnings, 0 notes.");
    expect(text).toContain("kubectl -n default logs web -c main --previous");
  });

  it("a report without problems says so, in both languages", () => {
    expect(reportText(report([]), "en")).toContain("No problems found.");
    expect(reportText(report([]), "zh")).toContain("未发现问题。");
  });
});

describe("small pure parts", () => {
  it("API access errors become findings", () => {
    const err = (reason: ConstructorParameters<typeof KubeError>[0], message: string) =>
      accessFinding(
        new KubeError(reason, message, { server: "https://10.0.0.1:6443" }),
        "/root/.kube/config",
      );
    expect(err("unreachable", "cannot reach the API server (connection refused)").id).toBe("api.unreachable");
    expect(
      err("tls", "the certificate of https://10.0.0.1:6443 has expired (certificate has expired)").id,
    ).toBe("cert.expired");
    expect(err("tls", "certificate signed by unknown authority").id).toBe("kubeconfig.stale");
    expect(err("unauthorized", "401").object).toBe("kubeconfig /root/.kube/config");
  });

  it("certificate verdicts around the 30-day window", () => {
    const now = new Date("2025-01-01T00:00:00Z");
    expect(certVerdict(new Date("2025-03-01T00:00:00Z"), now).state).toBe("ok");
    expect(certVerdict(new Date("2025-01-20T00:00:00Z"), now)).toEqual({ state: "expiring", days: 19 });
    expect(certVerdict(new Date("2024-12-31T00:00:00Z"), now).state).toBe("expired");
  });

  it("CIDR containment, dual-stack and flannel's net-conf", () => {
    const c = (cidr: string) => ({ plugin: "flannel" as const, cidr, origin: "x" });
    expect(cidrMismatches("10.244.0.0/16", [c("10.244.0.0/16"), c("10.244.8.0/21")])).toEqual([]);
    expect(cidrMismatches("10.244.0.0/16", [c("10.0.0.0/8")])).toHaveLength(1);
    expect(cidrMismatches("10.244.0.0/16", [c("fd00::/56")])).toEqual([]);
    expect(cidrMismatches("10.244.0.0/16,fd00:10:244::/56", [c("fd00:99::/64")])).toHaveLength(1);
    expect(cidrMismatches("", [c("10.0.0.0/8")])).toEqual([]);
    expect(flannelNetworks('{"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}')).toEqual([
      "10.244.0.0/16",
    ]);
    expect(flannelNetworks("not json")).toEqual([]);
  });

  it("bootstrap tokens: expired or not for authentication are not usable", () => {
    const b = (s: string) => Buffer.from(s).toString("base64");
    const t = parseBootstrapToken({
      "token-id": b("abcdef"),
      "token-secret": b("0123456789abcdef"),
      expiration: b("2025-01-02T00:00:00Z"),
      "usage-bootstrap-authentication": b("true"),
    });
    expect(t).toEqual({ id: "abcdef", expiration: "2025-01-02T00:00:00Z", usages: ["authentication"] });
    if (!t) throw new Error("unparsed");
    expect(usableTokens([t], new Date("2025-01-01T00:00:00Z"))).toHaveLength(1);
    expect(usableTokens([t], new Date("2025-01-03T00:00:00Z"))).toHaveLength(0);
    expect(usableTokens([{ id: "x", expiration: undefined, usages: ["signing"] }], new Date())).toHaveLength(
      0,
    );
  });

  it("systemctl show output", () => {
    expect(
      parseSystemctlShow("LoadState=loaded\nActiveState=failed\nSubState=failed\nResult=exit-code\n"),
    ).toEqual({
      loadState: "loaded",
      activeState: "failed",
      subState: "failed",
      result: "exit-code",
    });
  });
});

describe("grouping at scale (issue 15)", () => {
  it("1,500 findings of three kinds, each pod another image: a few lines of text, every finding in JSON", () => {
    const findings: Finding[] = [];
    for (let i = 0; i < 500; i++) {
      const image = `registry.example.com/ns-${i % 50}/app-${i}:1.${i % 20}.0`;
      findings.push(
        finding(
          "image-pull.not-found",
          "error",
          `Pod ns-${i % 50}/app-${i}-x`,
          {
            key: "doctor.pull.notFound.title",
            params: { image, registry: "registry.example.com", pod: `app-${i}-x` },
          },
          [`app: ImagePullBackOff: Back-off pulling image "${image}"`],
          {
            key: "doctor.pull.notFound.fix",
            params: { image, namespace: `ns-${i % 50}`, pod: `app-${i}-x`, version: "" },
          },
        ),
        crash(i),
        finding(
          "pod.unschedulable",
          "error",
          `Pod default/big-${i}`,
          {
            key: "doctor.unschedulable.title.insufficient",
            params: { resources: "memory", namespace: "default", pod: `big-${i}` },
          },
          ["PodScheduled=False reason=Unschedulable: 0/5000 nodes are available: 5000 Insufficient memory."],
          {
            key: "doctor.unschedulable.fixInsufficient",
            params: { resources: "memory", namespace: "default", pod: `big-${i}` },
          },
        ),
      );
    }
    const text = reportText(report(findings), "en");
    expect(text.trimEnd().split("\n").length).toBeLessThanOrEqual(100);
    expect(text).toContain("the same on 499 more: Pod ns-1/app-1-x");
    expect(text).toContain(
      "500 different causes among them: registry.example.com/ns-0/app-0:1.0.0 registry.example.com",
    );
    expect(JSON.parse(reportJson(report(findings), "en")).findings).toHaveLength(1500);
  });
});
