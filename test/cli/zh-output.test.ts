/** `--lang zh` runs read as Chinese: no English state words, one dry-run term, Chinese help text. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.js";
import { localiseEvidence } from "../../src/i18n/evidence.js";
import { runCli } from "../fakes/ports.js";

const root = () => mkdtempSync(join(tmpdir(), "kadm-zh-"));
const ENGLISH_STATES = /\b(missing|not found|connect failed|connect ok|expected:|pinned:|default cgroupfs)\b/;

describe("evidence words", () => {
  it("are swapped, paths and values kept", () => {
    expect(
      localiseEvidence("zh", "/etc/containerd/config.toml: missing (default cgroupfs); expected: systemd"),
    ).toBe("/etc/containerd/config.toml: 不存在（默认 cgroupfs）; 期望：systemd");
    expect(localiseEvidence("zh", "/run/containerd/containerd.sock: exists, connect failed")).toBe(
      "/run/containerd/containerd.sock: 存在, 连接失败",
    );
    expect(localiseEvidence("zh", "kubeadm version -o short: not found")).toBe(
      "kubeadm version -o short: 未找到",
    );
    expect(localiseEvidence("zh", "/etc/hosts: no entry for master-1")).toBe(
      "/etc/hosts: 没有 master-1 的条目",
    );
    expect(localiseEvidence("zh", "/proc/modules: no br_netfilter; /sys/module/br_netfilter: missing")).toBe(
      "/proc/modules: 没有 br_netfilter; /sys/module/br_netfilter: 不存在",
    );
    expect(localiseEvidence("zh", "/etc/cni/net.d: empty or missing")).toBe("/etc/cni/net.d: 为空或不存在");
    expect(
      localiseEvidence("zh", "/etc/cni/net.d: 10-calico.conflist.bak (no .conf, .conflist or .json)"),
    ).toBe("/etc/cni/net.d: 10-calico.conflist.bak（没有 .conf、.conflist 或 .json 文件）");
    expect(localiseEvidence("en", "x: missing")).toBe("x: missing");
  });

  it("our own longer phrases are translated whole, never half", () => {
    expect(localiseEvidence("zh", "kube-system: no Secret of type bootstrap.kubernetes.io/token")).toBe(
      "kube-system: 没有类型为 bootstrap.kubernetes.io/token 的 Secret",
    );
    expect(localiseEvidence("zh", "/proc/swaps: no swap areas")).toBe("/proc/swaps: 没有 swap 分区");
    expect(localiseEvidence("zh", "2 nodes without spec.podCIDR")).toBe("2 个节点没有 spec.podCIDR");
    expect(localiseEvidence("zh", "cpu: 1 CPU, kubeadm needs 2 for a control plane")).toBe(
      "cpu: 1 个 CPU，控制平面节点至少需要 2 个",
    );
    expect(localiseEvidence("zh", "kubeadm not on PATH")).toBe("kubeadm 不在 PATH 中");
    expect(localiseEvidence("zh", "neither crictl nor ctr on PATH")).toBe("PATH 中既没有 crictl 也没有 ctr");
    expect(localiseEvidence("zh", "port 6443 is in use")).toBe("端口 6443 已被占用");
    expect(localiseEvidence("zh", "kubelet v1.32.1, the cluster runs v1.33.x")).toBe(
      "kubelet v1.32.1，而集群运行的是 v1.33.x",
    );
    // An English phrase we do not know stays verbatim rather than turning into "没有 token in ...".
    expect(localiseEvidence("zh", "token endpoint r.example: no token in the answer")).toBe(
      "token endpoint r.example: no token in the answer",
    );
  });
});

describe("--lang zh output", () => {
  it("doctor --host-only: no English titles or evidence words", async () => {
    const r = await runCli([
      "doctor",
      "--host-only",
      "--root",
      root(),
      "--k8s-version",
      "v1.33.2",
      "--lang",
      "zh",
    ]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("不存在");
    expect(r.stdout).not.toMatch(ENGLISH_STATES);
    expect(r.stdout).not.toMatch(/kernel module|cgroup driver:|binaries:|TCP ports/);
  });

  it("prepare --dry-run: preflight evidence and the dry-run wording are Chinese", async () => {
    const r = await runCli([
      "prepare",
      "--dry-run",
      "--root",
      root(),
      "--k8s-version",
      "v1.33.2",
      "--lang",
      "zh",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(ENGLISH_STATES);
    expect(`${r.stdout}${r.stderr}`).not.toContain("演练");
    expect(r.stdout).toContain("试运行");
  });

  it.each(COMMANDS.map((c) => c.name))("%s --help: every option is described in Chinese", async (name) => {
    const r = await runCli([name, "--help", "--lang", "zh"]);
    const options = r.stdout.split("\n").filter((l) => /^ {2}(?:-\w, | {4})--/.test(l));
    expect(options.length).toBeGreaterThan(0);
    for (const l of options) expect(l, l).toMatch(/\s{2}.*[\u4e00-\u9fff]/);
  });
});
