import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { confirm, input, select } from "@inquirer/prompts";
import { render } from "@inquirer/testing";
import { describe, expect, it } from "vitest";
import { parseDocuments } from "../../src/kubeadm/render.js";
import { type InquirerPrompts, inquirerPrompter } from "../../src/prompts/inquirer.js";
import { runCli, ScriptedPrompter } from "../fakes/ports.js";

const tty = (prompter: ScriptedPrompter) => ({ tty: true, overrides: { prompter } });
const byKind = (docs: ReturnType<typeof parseDocuments>, kind: string) =>
  docs.find((d) => d.kind === kind) as Record<string, unknown>;

describe("wizard through the Prompter interface", () => {
  it("an HA endpoint asks who serves it; kube-vip asks the interface from this host's", async () => {
    const p = new ScriptedPrompter([
      "aliyun", // profile
      "192.168.10.11", // advertise address
      "", // pod subnet: default
      "", // service subnet: default
      "flannel",
      "iptables",
      "192.168.10.100:6443", // control-plane endpoint: a VIP
      "kube-vip",
      "", // interface, offered from the detected ones: eth0 holds the VIP's subnet
      false, // schedule on control plane
      true, // confirm
    ]);
    const r = await runCli(["config", "--k8s-version", "v1.33.2"], tty(p));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lb = p.asked.find((q) => /Who serves the control-plane endpoint/.test(q.message));
    expect(lb?.kind).toBe("select");
    const iface = p.asked.find((q) => /Interface that carries the VIP/.test(q.message));
    expect(iface?.default).toBe("eth0");
    expect(r.stdout).toContain("controlPlaneEndpoint: 192.168.10.100:6443");
  });

  it("no endpoint: no load-balancer question", async () => {
    const p = new ScriptedPrompter([
      "aliyun",
      "192.168.10.11",
      "",
      "",
      "flannel",
      "iptables",
      "",
      false,
      true,
    ]);
    const r = await runCli(["config", "--k8s-version", "v1.33.2"], tty(p));
    expect(r.code).toBe(0);
    expect(p.asked.some((q) => /Who serves/.test(q.message))).toBe(false);
  });

  it("asks only what is missing, offers the host's addresses, validates answers and confirms", async () => {
    const p = new ScriptedPrompter([
      "aliyun", // profile
      "172.16.0.11", // advertise address, picked from the detected list
      "10.244.1.0/16", // pod subnet with host bits: refused, asked again
      "10.20.0.0/16", // pod subnet
      "", // service subnet: default
      "calico",
      "ipvs",
      "", // control-plane endpoint: none
      true, // schedule on control plane
      true, // confirm the summary
    ]);
    const r = await runCli(["config", "--k8s-version", "v1.33.2"], tty(p));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);

    // The version came from a flag and the image repository from the profile: not asked.
    const messages = p.asked.map((q) => q.message);
    expect(messages.some((m) => /Kubernetes version/.test(m))).toBe(false);
    expect(messages.some((m) => /Image repository/.test(m))).toBe(false);
    expect(p.asked[1]).toMatchObject({ kind: "select", default: "192.168.10.11" });
    const podQuestion = p.asked.find((q) => q.message === "Pod subnet");
    expect(podQuestion?.rejected?.[0]).toMatch(/host bits set; the network is 10\.244\.0\.0\/16/);
    expect(p.notes.join("\n")).toMatch(/Summary[\s\S]*172\.16\.0\.11[\s\S]*10\.20\.0\.0\/16[\s\S]*calico/);

    const docs = parseDocuments(r.stdout);
    expect(byKind(docs, "InitConfiguration")).toMatchObject({
      localAPIEndpoint: { advertiseAddress: "172.16.0.11" },
      nodeRegistration: { taints: [] },
    });
    expect(byKind(docs, "ClusterConfiguration")).toMatchObject({
      imageRepository: "registry.aliyuncs.com/google_containers",
      networking: { podSubnet: "10.20.0.0/16", serviceSubnet: "10.96.0.0/12" },
    });
    expect(byKind(docs, "KubeProxyConfiguration")).toMatchObject({ mode: "ipvs" });
  });

  it("asks nothing but the confirmation when flags decide everything", async () => {
    const p = new ScriptedPrompter([true]);
    const r = await runCli(
      [
        "config",
        "--profile",
        "upstream",
        "--k8s-version",
        "v1.31.0",
        "--advertise-address",
        "192.168.10.11",
        "--pod-subnet",
        "10.244.0.0/16",
        "--service-subnet",
        "10.96.0.0/12",
        "--cni",
        "flannel",
        "--proxy-mode",
        "nftables",
        "--control-plane-endpoint",
        "k8s-api.example.internal",
        "--schedule-on-control-plane",
      ],
      tty(p),
    );
    expect(r.code).toBe(0);
    expect(p.asked.map((q) => q.kind)).toEqual(["confirm"]);
  });

  it("the offline profile insists on the registry even though it has defaults", async () => {
    const p = new ScriptedPrompter([
      "harbor.example.internal/k8s",
      "192.168.10.11",
      "",
      "",
      "",
      "",
      "",
      false,
      true,
    ]);
    const r = await runCli(["config", "--profile", "offline", "--k8s-version", "v1.33.2"], tty(p));
    expect(r.code).toBe(0);
    expect(p.asked[0]?.message).toBe("Image repository");
    expect(byKind(parseDocuments(r.stdout), "ClusterConfiguration")).toMatchObject({
      imageRepository: "harbor.example.internal/k8s",
    });
  });

  it("join mode asks for the credentials that were not pasted", async () => {
    const hash = `sha256:${"0f".repeat(32)}`;
    const p = new ScriptedPrompter(["bad-token", "k8swiz.0123456789abcdef", hash, true]);
    const r = await runCli(
      ["config", "--join", "--endpoint", "192.0.2.10:6443", "--k8s-version", "v1.33.2"],
      tty(p),
    );
    expect(r.code).toBe(0);
    expect(p.asked[0]?.rejected?.[0]).toMatch(/does not match/);
    expect(byKind(parseDocuments(r.stdout), "JoinConfiguration")).toMatchObject({
      discovery: { bootstrapToken: { token: "k8swiz.0123456789abcdef", caCertHashes: [hash] } },
    });
  });

  it("declining the summary writes nothing and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kadm-wiz-"));
    const out = join(dir, "kubeadm.yaml");
    // version, pod subnet, service subnet, CNI, proxy, endpoint, schedule: defaults; then "no".
    const p = new ScriptedPrompter(["", "", "", "", "", "", false, false]);
    const r = await runCli(
      ["config", "--profile", "upstream", "--advertise-address", "192.168.10.11", "--out", out],
      tty(p),
    );
    expect(p.asked.at(-1)).toMatchObject({ kind: "confirm", message: "Generate this configuration?" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/aborted at the confirmation; nothing was written/);
    expect(r.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  it("Ctrl-C at a question exits 130 and writes nothing", async () => {
    const p = new ScriptedPrompter(["aliyun", { cancel: true }]);
    const r = await runCli(["config"], tty(p));
    expect(r.code).toBe(130);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/interrupted/);
  });

  it("never prompts without a TTY, --yes, or under CI: one error lists the flags to pass", async () => {
    for (const opts of [
      { tty: false },
      { tty: true, extra: ["--yes"] },
      { tty: true, env: { LANG: "C", CI: "true" } },
    ]) {
      const p = new ScriptedPrompter([]);
      const r = await runCli(["config", ...(opts.extra ?? [])], {
        tty: opts.tty,
        ...(opts.env ? { env: opts.env } : {}),
        overrides: { prompter: p },
      });
      expect(p.asked).toEqual([]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/missing required values: --advertise-address\./);
      expect(r.stderr).toMatch(/Fix: pass them as flags/);
    }
  });

  it("join without a TTY lists every missing join flag", async () => {
    const r = await runCli(["config", "--join", "--yes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required values: --endpoint, --token, --ca-cert-hash\./);
  });
});

describe("wizard: cross-field checks at the question", () => {
  it("a service subnet overlapping a flag's pod subnet is refused at its question, naming the flag", async () => {
    const p = new ScriptedPrompter([
      "aliyun",
      "192.168.10.11",
      "", // service subnet: the default 10.96.0.0/12 overlaps --pod-subnet
      "10.100.0.0/16",
      "calico",
      "iptables",
      "",
      false,
      true,
    ]);
    const r = await runCli(["config", "--k8s-version", "v1.33.2", "--pod-subnet", "10.96.0.0/16"], tty(p));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const svc = p.asked.find((q) => q.message === "Service subnet");
    expect(svc?.rejected).toEqual([
      "pod subnet 10.96.0.0/16 overlaps service subnet 10.96.0.0/12. (conflicts with --pod-subnet 10.96.0.0/16 given on the command line)",
    ]);
    expect(byKind(parseDocuments(r.stdout), "ClusterConfiguration")).toMatchObject({
      networking: { podSubnet: "10.96.0.0/16", serviceSubnet: "10.100.0.0/16" },
    });
  });

  it("a typed advertise address off this host is a warning; the pod subnet that holds it is asked again", async () => {
    const p = new ScriptedPrompter([
      "aliyun",
      "__other__",
      "10.244.0.5", // not on this host
      true, // use it anyway
      "", // pod subnet default 10.244.0.0/16 holds the address: refused
      "10.32.0.0/16",
      "",
      "flannel",
      "iptables",
      "",
      false,
      true,
    ]);
    const r = await runCli(["config", "--k8s-version", "v1.33.2"], tty(p));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(p.notes[0]).toBe(
      "warning: 10.244.0.5 is not on this host: this must be the control-plane host itself.",
    );
    expect(p.asked[3]).toMatchObject({ kind: "confirm", message: "Use it anyway?" });
    const pod = p.asked.find((q) => q.message === "Pod subnet");
    expect(pod?.rejected).toEqual(["advertise address 10.244.0.5 lies inside the pod subnet 10.244.0.0/16."]);
    expect(byKind(parseDocuments(r.stdout), "InitConfiguration")).toMatchObject({
      localAPIEndpoint: { advertiseAddress: "10.244.0.5" },
    });
  });

  it("declining the off-host warning asks for the address again", async () => {
    const p = new ScriptedPrompter([
      "aliyun",
      "__other__",
      "10.1.2.3",
      false, // no: type another
      "192.168.10.11",
      "",
      "",
      "flannel",
      "iptables",
      "",
      false,
      true,
    ]);
    const r = await runCli(["config", "--k8s-version", "v1.33.2"], tty(p));
    expect(r.code).toBe(0);
    expect(p.notes.filter((n) => /not on this host/.test(n))).toHaveLength(1);
    expect(r.stdout).toContain("advertiseAddress: 192.168.10.11");
  });

  it("a detected address inside the flag's pod subnet is offered again with the reason", async () => {
    const p = new ScriptedPrompter([
      "aliyun",
      "192.168.10.11", // inside --pod-subnet 192.168.0.0/16
      "172.16.0.11",
      "", // service subnet
      "iptables",
      "",
      false,
      true,
    ]);
    const r = await runCli(
      ["config", "--k8s-version", "v1.33.2", "--pod-subnet", "192.168.0.0/16", "--cni", "calico"],
      tty(p),
    );
    expect(r.code).toBe(0);
    expect(p.asked.filter((q) => q.message === "Advertise address of this node")).toHaveLength(2);
    expect(p.notes).toContain(
      "advertise address 192.168.10.11 lies inside the pod subnet 192.168.0.0/16. (conflicts with --pod-subnet 192.168.0.0/16 given on the command line)",
    );
    expect(r.stdout).toContain("advertiseAddress: 172.16.0.11");
  });

  it("a pod subnet overlapping this host's network is flagged at its question (config: a warning to confirm)", async () => {
    const p = new ScriptedPrompter([
      "aliyun",
      "192.168.10.11",
      "192.168.0.0/16", // overlaps eth0's 192.168.10.0/24 (and holds the address)
      "172.16.0.0/12", // overlaps eth1's 172.16.0.0/16
      false, // not that one
      "10.32.0.0/16",
      "",
      "calico",
      "iptables",
      "",
      false,
      true,
    ]);
    const r = await runCli(["config", "--k8s-version", "v1.33.2"], tty(p));
    expect(r.code).toBe(0);
    const pod = p.asked.filter((q) => q.message === "Pod subnet");
    expect(pod[0]?.rejected).toEqual([
      "advertise address 192.168.10.11 lies inside the pod subnet 192.168.0.0/16.",
    ]);
    expect(p.notes).toContain(
      "warning: pod subnet 172.16.0.0/12 overlaps the host network 172.16.0.0/16; pods would be unable to reach those hosts.",
    );
    expect(r.stdout).toContain("podSubnet: 10.32.0.0/16");
  });

  it("a --cni-version no CNI has is raised at the CNI question, naming the flag, not after the last one", async () => {
    const p = new ScriptedPrompter([
      "aliyun",
      "", // pod subnet
      "", // service subnet
      "flannel", // flannel has no v9.9.9: refused at the question
      "none",
      "iptables",
      "",
      false,
      true,
    ]);
    const r = await runCli(
      [
        "config",
        "--k8s-version",
        "v1.33.2",
        "--advertise-address",
        "192.168.10.11",
        "--cni-version",
        "v9.9.9",
      ],
      tty(p),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(p.asked.filter((q) => q.message === "Pod network (CNI)")).toHaveLength(2);
    expect(p.notes.find((n) => n.includes("v9.9.9"))).toMatch(
      /flannel v9\.9\.9.*\(conflicts with --cni-version v9\.9\.9 given on the command line\)$/,
    );
  });

  it("nftables with a flag's v1.30 is offered again instead of silently replaced", async () => {
    const p = new ScriptedPrompter([
      "aliyun",
      "192.168.10.11",
      "",
      "",
      "flannel",
      "nftables",
      "ipvs",
      "",
      false,
      true,
    ]);
    const r = await runCli(["config", "--k8s-version", "v1.30.4"], tty(p));
    expect(r.code).toBe(0);
    expect(p.asked.filter((q) => q.message === "kube-proxy mode")).toHaveLength(2);
    expect(p.notes[0]).toMatch(
      /^kube-proxy mode nftables needs Kubernetes 1\.31 or later .*v1\.30\.4 was pinned\. \(conflicts with --k8s-version v1\.30\.4 given on the command line\)$/,
    );
    expect(byKind(parseDocuments(r.stdout), "KubeProxyConfiguration")).toMatchObject({ mode: "ipvs" });
  });

  /** The file sets the service subnet 10.244.0.0/16; the default pod subnet overlaps it and is refused. */
  async function podSubnetRefusal(lang: "en" | "zh", flag: string, name: string, text: string) {
    const file = join(mkdtempSync(join(tmpdir(), "kadm-wiz-")), name);
    writeFileSync(file, text);
    const p = new ScriptedPrompter([
      "aliyun",
      "192.168.10.11",
      "",
      "10.32.0.0/16",
      "calico",
      "",
      "",
      false,
      true,
    ]);
    const r = await runCli(["config", "--lang", lang, "--k8s-version", "v1.33.2", flag, file], tty(p));
    expect(r.code).toBe(0);
    expect(byKind(parseDocuments(r.stdout), "ClusterConfiguration")).toMatchObject({
      networking: { podSubnet: "10.32.0.0/16", serviceSubnet: "10.244.0.0/16" },
    });
    const question = lang === "zh" ? "Pod 网段" : "Pod subnet";
    return { file, rejected: p.asked.find((q) => q.message === question)?.rejected };
  }

  it("an answers file's value is named as such, in Chinese with --lang zh", async () => {
    const { rejected } = await podSubnetRefusal(
      "zh",
      "--answers",
      "answers.yaml",
      "networking:\n  serviceSubnet: 10.244.0.0/16\n",
    );
    expect(rejected).toEqual([
      "Pod 网段 10.244.0.0/16 与 Service 网段 10.244.0.0/16 重叠。（与答案文件中的 networking.serviceSubnet 10.244.0.0/16 冲突）",
    ]);
  });

  it.each([
    [
      "en",
      "pod subnet 10.244.0.0/16 overlaps service subnet 10.244.0.0/16. (conflicts with networking.serviceSubnet 10.244.0.0/16 from the kubeadm config FILE)",
    ],
    [
      "zh",
      "Pod 网段 10.244.0.0/16 与 Service 网段 10.244.0.0/16 重叠。（与kubeadm 配置文件 FILE 中的 networking.serviceSubnet 10.244.0.0/16 冲突）",
    ],
  ] as const)(
    "a --from-kubeadm-config value is named by its file, not as the answers file's (%s)",
    async (lang, note) => {
      const { file, rejected } = await podSubnetRefusal(
        lang,
        "--from-kubeadm-config",
        "kubeadm.yaml",
        "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  serviceSubnet: 10.244.0.0/16\n",
      );
      expect(rejected).toEqual([note.replace("FILE", file)]);
    },
  );

  it("kube-vip with this node's own address as the endpoint is offered again at the load-balancer question", async () => {
    const p = new ScriptedPrompter([
      "aliyun",
      "192.168.10.11",
      "",
      "",
      "flannel",
      "iptables",
      "192.168.10.11:6443", // the node itself
      "kube-vip", // refused: a VIP must be a free address
      "external",
      false,
      true,
    ]);
    const r = await runCli(["config", "--k8s-version", "v1.33.2"], tty(p));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(p.notes[0]).toBe(
      "the VIP 192.168.10.11 is this node's own address; it must be a free address in the same subnet.",
    );
    expect(p.asked.filter((q) => /Who serves/.test(q.message))).toHaveLength(2);
  });

  it("kube-vip: a VIP outside the chosen interface's subnet is a warning for a config written here", async () => {
    const p = new ScriptedPrompter([
      "aliyun",
      "192.168.10.11",
      "",
      "",
      "flannel",
      "iptables",
      "192.168.10.100:6443",
      "kube-vip",
      "eth1", // 172.16.0.0/16: the VIP is not there
      false,
      true,
    ]);
    const r = await runCli(["config", "--k8s-version", "v1.33.2"], tty(p));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/the VIP 192\.168\.10\.100 is not in the subnet of eth1 \(172\.16\.0\.0\/16\)/);
  });
});

describe("Kubernetes minor versions", () => {
  const flags = ["--advertise-address", "192.168.10.11", "--yes"];

  it.each(["1.33", "v1.33"])("--k8s-version %s pins the newest known patch and says so", async (v) => {
    const r = await runCli(["config", "--k8s-version", v, ...flags]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("v1.33 -> v1.33.13, the newest patch kadm-wizard knows.\n");
    expect(byKind(parseDocuments(r.stdout), "ClusterConfiguration")).toMatchObject({
      kubernetesVersion: "v1.33.13",
    });
  });

  it('an answers file\'s "1.33" string does the same, in Chinese with --lang zh', async () => {
    const dir = mkdtempSync(join(tmpdir(), "kadm-wiz-"));
    writeFileSync(join(dir, "a.yaml"), 'kubernetesVersion: "1.33"\n');
    const r = await runCli(["config", "--lang", "zh", "--answers", join(dir, "a.yaml"), ...flags]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("v1.33 -> v1.33.13，即 kadm-wizard 已知的最新补丁版本。\n");
    expect(r.stdout).toContain("kubernetesVersion: v1.33.13");
  });

  it("a bare YAML number 1.33 stays refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kadm-wiz-"));
    writeFileSync(join(dir, "a.yaml"), "kubernetesVersion: 1.33\n");
    const r = await runCli(["config", "--answers", join(dir, "a.yaml"), ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/key "kubernetesVersion" must be a string, got number 1\.33/);
  });

  it("a patch newer than any known is accepted with a warning naming the newest known", async () => {
    const r = await runCli(["config", "--k8s-version", "v1.33.99", ...flags]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /warning: Kubernetes v1\.33\.99 is newer than the newest patch kadm-wizard knows \(v1\.33\.13\)/,
    );
    expect(r.stdout).toContain("kubernetesVersion: v1.33.99");
  });

  it("the wizard's version question takes a minor too", async () => {
    const p = new ScriptedPrompter(["1.33", "", "", "", "", "", false, true]);
    const r = await runCli(
      ["config", "--profile", "upstream", "--advertise-address", "192.168.10.11"],
      tty(p),
    );
    expect(r.code).toBe(0);
    expect(p.notes[0]).toBe("v1.33 -> v1.33.13, the newest patch kadm-wizard knows.");
    expect(r.stdout).toContain("kubernetesVersion: v1.33.13");
  });
});

describe("importing a kubeadm configuration", () => {
  const FIXTURES = join(__dirname, "../fixtures/kubeadm-import");
  const guide = join(FIXTURES, "guide.yaml");
  const defaults = join(FIXTURES, "init-defaults-v1beta4.yaml");

  it("--from-kubeadm-config takes the guide's values and says what it took and ignored", async () => {
    const r = await runCli(["config", "--from-kubeadm-config", guide, "--yes"]);
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n")).toEqual([
      `took from ${guide}: bootstrapTokens.ttl, localAPIEndpoint.advertiseAddress, localAPIEndpoint.bindPort, nodeRegistration.criSocket, nodeRegistration.name, apiServer.certSANs, imageRepository, kubernetesVersion, networking.dnsDomain, networking.podSubnet, networking.serviceSubnet, KubeletConfiguration.cgroupDriver, KubeProxyConfiguration.mode.`,
      `not taken from ${guide}: bootstrapTokens.token abcdef.0123456789abcdef, the example token of \`kubeadm config print init-defaults\`; init generates a fresh one.`,
      `ignored in ${guide} (no kadm-wizard equivalent): apiServer.extraArgs.`,
      "",
    ]);
    const docs = parseDocuments(r.stdout);
    const init = byKind(docs, "InitConfiguration");
    expect(init).toMatchObject({
      localAPIEndpoint: { advertiseAddress: "192.168.10.11" },
      nodeRegistration: { name: "master-1" },
    });
    expect(JSON.stringify(init)).not.toContain("abcdef.0123456789abcdef");
    expect(byKind(docs, "ClusterConfiguration")).toMatchObject({
      kubernetesVersion: "v1.33.2",
      imageRepository: "registry.aliyuncs.com/google_containers",
      networking: { podSubnet: "10.244.0.0/16" },
      apiServer: { certSANs: ["192.168.10.11", "k8s-api.internal"] },
    });
    expect(byKind(docs, "KubeletConfiguration")).toMatchObject({ cgroupDriver: "systemd" });
    expect(byKind(docs, "KubeProxyConfiguration")).toMatchObject({ mode: "ipvs" });
  });

  it("flags still win over the imported file", async () => {
    const r = await runCli([
      "config",
      "--from-kubeadm-config",
      guide,
      "--pod-subnet",
      "10.32.0.0/16",
      "--yes",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("podSubnet: 10.32.0.0/16");
  });

  it("--answers pointing at init-defaults output is imported: placeholders are not taken, the profile's registry stays", async () => {
    const missing = await runCli(["config", "--answers", defaults, "--yes"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `not taken from ${defaults}: localAPIEndpoint.advertiseAddress 1.2.3.4, nodeRegistration.name node, placeholders`,
    );
    expect(missing.stderr).toMatch(/missing required values: --advertise-address\./);

    const r = await runCli([
      "config",
      "--answers",
      defaults,
      "--advertise-address",
      "192.168.10.11",
      "--yes",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("imageRepository registry.k8s.io is kubeadm's default");
    const docs = parseDocuments(r.stdout);
    expect(byKind(docs, "ClusterConfiguration")).toMatchObject({
      kubernetesVersion: "v1.33.0",
      imageRepository: "registry.aliyuncs.com/google_containers",
    });
    expect(byKind(docs, "InitConfiguration").nodeRegistration).not.toHaveProperty("name", "node");
    expect(r.stdout).not.toContain("abcdef.0123456789abcdef");
  });

  it("in Chinese with --lang zh", async () => {
    const r = await runCli(["config", "--lang", "zh", "--from-kubeadm-config", guide, "--yes"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`已从 ${guide} 读取：bootstrapTokens.ttl, localAPIEndpoint.advertiseAddress`);
    expect(r.stderr).toContain(`已忽略 ${guide} 中的以下项（kadm-wizard 无对应设置）：apiServer.extraArgs。`);
  });

  it("bad files: exit 2, one line naming the file (and the line for YAML errors)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kadm-wiz-"));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const cases: [string, RegExp][] = [
      [
        write(
          "broken.yaml",
          "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: [\n",
        ),
        /broken\.yaml is not valid YAML: .*\(5:1\)/,
      ],
      [
        write("old.yaml", "apiVersion: kubeadm.k8s.io/v1beta2\nkind: ClusterConfiguration\n"),
        /v1beta2 is not supported.*kubeadm config migrate/,
      ],
      [write("answers.yaml", "kubernetesVersion: v1.33.2\n"), /answers\.yaml holds no kubeadm configuration/],
      [join(dir, "missing.yaml"), /missing\.yaml/],
    ];
    for (const [file, message] of cases) {
      const r = await runCli([
        "config",
        "--from-kubeadm-config",
        file,
        "--advertise-address",
        "192.168.10.11",
        "--yes",
      ]);
      expect(r.code, file).toBe(2);
      expect(r.stderr.trim().split("\n"), file).toHaveLength(1);
      expect(r.stderr, file).toMatch(message);
      expect(r.stdout).toBe("");
    }
  });

  it("init takes it too (checked before any host change), and --help and completion list the option", async () => {
    const root = mkdtempSync(join(tmpdir(), "kadm-wiz-root-"));
    const r = await runCli(["init", "--yes", "--from-kubeadm-config", defaults, "--root", root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`took from ${defaults}: bootstrapTokens.ttl`);
    expect(r.stderr).toMatch(/missing required values: --advertise-address\./);
    expect(readdirSync(root)).toEqual([]);
    for (const cmd of ["init", "config"]) {
      expect((await runCli([cmd, "--help"])).stdout).toContain("--from-kubeadm-config");
    }
    expect((await runCli(["completion", "bash"])).stdout).toContain("--from-kubeadm-config");
  });
});

/** Runs the real @inquirer/prompts through @inquirer/testing, one scripted interaction per question. */
type Rendered = Awaited<ReturnType<typeof render>>;
type Step = (r: Rendered) => Promise<void>;

const tick = () => new Promise((res) => setTimeout(res, 5));

function drivenPrompts(steps: Step[], screens: string[]): InquirerPrompts {
  // biome-ignore lint/suspicious/noExplicitAny: each real prompt has its own config type.
  const drive = async (prompt: any, config: unknown) => {
    const r = await render(prompt, config as never);
    r.answer.catch(() => {}); // rejections are observed by the adapter; keep vitest from flagging them early
    const step = steps.shift();
    if (!step) throw new Error(`unexpected question: ${r.getScreen()}`);
    await step(r);
    screens.push(r.getScreen());
    return r.answer;
  };
  return {
    input: (config: unknown) => drive(input, config),
    select: (config: unknown) => drive(select, config),
    confirm: (config: unknown) => drive(confirm, config),
  } as unknown as InquirerPrompts;
}

const enter: Step = async (r) => {
  r.events.keypress("enter");
  await tick();
};
const typeEnter =
  (text: string): Step =>
  async (r) => {
    r.events.type(text);
    r.events.keypress("enter");
    await tick();
  };

describe("wizard through @inquirer/prompts (rendered with @inquirer/testing)", () => {
  it("renders the questions, shows validation errors in place and produces the config", async () => {
    const screens: string[] = [];
    let podScreenAfterBadAnswer = "";
    const steps: Step[] = [
      enter, // profile: aliyun (default)
      async (r) => {
        r.events.keypress("down"); // second detected address
        r.events.keypress("enter");
        await tick();
      },
      async (r) => {
        // The default is pre-filled; replace it with a bad subnet, see the error, then fix it.
        for (let i = 0; i < 20; i++) r.events.keypress("backspace");
        r.events.type("10.244.0.0/33");
        r.events.keypress("enter");
        await tick();
        podScreenAfterBadAnswer = r.getScreen();
        for (let i = 0; i < 20; i++) r.events.keypress("backspace");
        r.events.type("10.32.0.0/16");
        r.events.keypress("enter");
        await tick();
      },
      enter, // service subnet default
      enter, // CNI flannel
      enter, // kube-proxy iptables
      enter, // endpoint: empty
      typeEnter("y"), // schedule on control plane
      enter, // confirm (default yes)
    ];
    const sink = new (await import("node:stream")).PassThrough();
    const prompter = inquirerPrompter(sink, async () => drivenPrompts(steps, screens));
    const r = await runCli(["config", "--k8s-version", "v1.30.4"], { tty: true, overrides: { prompter } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(steps).toHaveLength(0);
    expect(screens[0]).toMatch(/Registry profile/);
    expect(screens[1]).toMatch(/Advertise address of this node/);
    expect(podScreenAfterBadAnswer).toMatch(/pod subnet "10\.244\.0\.0\/33" is not a CIDR/);
    const docs = parseDocuments(r.stdout);
    expect(byKind(docs, "InitConfiguration")).toMatchObject({
      apiVersion: "kubeadm.k8s.io/v1beta3",
      localAPIEndpoint: { advertiseAddress: "172.16.0.11" },
      nodeRegistration: { taints: [] },
    });
    expect(byKind(docs, "ClusterConfiguration")).toMatchObject({ networking: { podSubnet: "10.32.0.0/16" } });
  });

  it.each([
    ["Ctrl-C", (r: Rendered) => r.events.keypress({ name: "c", ctrl: true })],
    ["a cancelled prompt", (r: Rendered) => r.answer.cancel()],
  ])("maps %s in a real prompt to exit 130", async (_, act) => {
    const steps: Step[] = [
      async (r) => {
        act(r);
        await tick();
      },
    ];
    const sink = new (await import("node:stream")).PassThrough();
    const prompter = inquirerPrompter(sink, async () => drivenPrompts(steps, []));
    const r = await runCli(["config"], { tty: true, overrides: { prompter } });
    expect(r.code).toBe(130);
  });
});
