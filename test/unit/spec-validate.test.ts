import { describe, expect, it } from "vitest";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import type { SpecValues } from "../../src/spec/fields.js";
import { resolveSpec } from "../../src/spec/resolve.js";
import {
  type Issue,
  issuesAtQuestion,
  type ValidationContext,
  validateSpec,
} from "../../src/validate/spec.js";
import { TYPICAL_HOST } from "../fakes/ports.js";

const spec = (values: SpecValues) =>
  resolveSpec(
    [
      { source: "default", values: BUILTIN_DEFAULTS },
      { source: "flags", values: { "controlPlane.advertiseAddress": "192.168.10.11", ...values } },
    ],
    "test",
    "init",
  ).spec;
const ctx = (over: Partial<ValidationContext> = {}): ValidationContext => ({
  mode: "init",
  hostNetworks: TYPICAL_HOST.map((a) => a.cidr),
  hostAddresses: TYPICAL_HOST,
  hostIsTarget: true,
  lang: "en",
  ...over,
});
const keys = (issues: Issue[]) => issues.map((i) => `${i.severity} ${i.field} ${i.msg.key}`);

describe("validateSpec: this host's networks", () => {
  it("a subnet overlapping an interface network (reported as address/prefix) is an error on the target host", () => {
    const issues = validateSpec(spec({ "networking.podSubnet": "172.16.0.0/12" }), ctx());
    expect(keys(issues)).toEqual(["error networking.podSubnet cidr.hostOverlap"]);
    expect(issues[0]?.msg.params).toMatchObject({ subnet: "172.16.0.0/12", host: "172.16.0.0/16" });
  });

  it("only a warning for a config written for another machine", () => {
    const issues = validateSpec(
      spec({ "networking.serviceSubnet": "192.168.0.0/16" }),
      ctx({ hostIsTarget: false }),
    );
    expect(keys(issues)).toContain("warning networking.serviceSubnet cidr.hostOverlap");
  });

  it("kube-vip: a VIP outside the chosen interface's networks", () => {
    const ha = (iface: string) =>
      spec({
        "controlPlane.endpoint": "192.168.10.100:6443",
        "controlPlane.loadBalancer": "kube-vip",
        "controlPlane.vipInterface": iface,
      });
    const bad = validateSpec(ha("eth1"), ctx());
    expect(bad).toEqual([
      {
        severity: "error",
        field: "controlPlane.vipInterface",
        related: ["controlPlane.endpoint", "controlPlane.loadBalancer"],
        msg: {
          key: "ask.vipOutsideInterface",
          params: { vip: "192.168.10.100", iface: "eth1", nets: "172.16.0.0/16" },
        },
      },
    ]);
    expect(validateSpec(ha("eth0"), ctx())).toEqual([]);
    // An interface this host does not have: nothing to compare with.
    expect(validateSpec(ha("bond0"), ctx())).toEqual([]);
    expect(keys(validateSpec(ha("eth1"), ctx({ hostIsTarget: false })))).toEqual([
      "warning controlPlane.vipInterface ask.vipOutsideInterface",
    ]);
  });

  it("an advertise address on none of the interfaces is a warning only when the wizard asks for this host's", () => {
    const s = spec({ "controlPlane.advertiseAddress": "10.1.2.3" });
    expect(validateSpec(s, ctx())).toEqual([]);
    expect(keys(validateSpec(s, ctx({ advertiseOnHost: true })))).toEqual([
      "warning controlPlane.advertiseAddress ask.notOnHost",
    ]);
    expect(validateSpec(spec({}), ctx({ advertiseOnHost: true }))).toEqual([]);
  });
});

describe("issuesAtQuestion", () => {
  const overlap = validateSpec(
    spec({ "networking.podSubnet": "10.96.0.0/16", "networking.serviceSubnet": "10.96.0.0/12" }),
    ctx(),
  );

  it("cross-field issues name every field they involve", () => {
    expect(overlap).toEqual([
      expect.objectContaining({
        field: "networking.podSubnet",
        related: ["networking.serviceSubnet"],
        msg: { key: "cidr.overlap", params: { a: "10.96.0.0/16", b: "10.96.0.0/12" } },
      }),
    ]);
  });

  it("is raised at the question of either field, once the other is settled", () => {
    const settled = (fields: string[]) => (f: string) => fields.includes(f);
    expect(
      issuesAtQuestion(overlap, "networking.serviceSubnet", settled(["networking.podSubnet"])),
    ).toHaveLength(1);
    expect(
      issuesAtQuestion(overlap, "networking.podSubnet", settled(["networking.serviceSubnet"])),
    ).toHaveLength(1);
    // The service subnet is still to be asked: its question raises it, not the pod subnet's.
    expect(issuesAtQuestion(overlap, "networking.podSubnet", settled([]))).toEqual([]);
    expect(
      issuesAtQuestion(
        overlap,
        "kubeProxy.mode",
        settled(["networking.podSubnet", "networking.serviceSubnet"]),
      ),
    ).toEqual([]);
  });
});

describe("validateSpec: package repositories", () => {
  it("profiles and answers files name http(s):// or file:// URLs; anything else is an error on its field", () => {
    const ok = validateSpec(
      spec({
        "packageRepository.apt": "https://mirrors.aliyun.com/kubernetes-new/core/stable/{minor}/deb/",
        "packageRepository.yum": "file:///srv/repo/kubernetes/{minor}/rpm/",
        "packageRepository.dockerCe": "http://127.0.0.1:8080/docker-ce",
      }),
      ctx(),
    );
    expect(keys(ok).filter((k) => k.includes("packageRepository"))).toEqual([]);
    const bad = validateSpec(spec({ "packageRepository.dockerCe": "mirrors.aliyun.com/docker-ce" }), ctx());
    expect(keys(bad)).toContain("error packageRepository.dockerCe packageRepository.invalid");
  });
});
