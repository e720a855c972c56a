import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FAKE_CA_HASH } from "../fakes/kubeadm/fake-kubeadm.mjs";
import { listenRuntimeSocket } from "../fakes/netns-hosts.mjs";
import { runCli } from "../fakes/ports.js";
import { FakeRunner } from "../fakes/runner.js";
import { type FakeSshHosts, fakeSshHosts } from "../fakes/ssh-transport.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kadm-addnode-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A join command with a token that is not the documentation's (which is public, and warned about). */
const JOIN_REAL = `kubeadm join 10.0.0.10:6443 --token k8swiz.p0q1r2s3t4u5v6w7 --discovery-token-ca-cert-hash sha256:${"a".repeat(64)}`;
const JOIN = `kubeadm join 10.0.0.10:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:${"a".repeat(64)}`;

describe("add-node bad input: one line per problem, exit 2, nothing done", () => {
  it("names the inventory file, the key and the problem", async () => {
    const inv = join(dir, "hosts.yaml");
    writeFileSync(inv, "hosts:\n  - host: 10.0.0.1\n    port: 99999\n  - host: 10.0.0.2\n    rol: worker\n");
    const root = join(dir, "root");
    const r = await runCli(["add-node", "--inventory", inv, "--root", root, "--join-command", JOIN]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `error: ${inv}: hosts[0].port: port 99999 is not 1-65535. Fix: correct the inventory entry`,
    );
    expect(r.stderr).toContain(`error: ${inv}: hosts[1].rol: unknown key "rol"`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(() => readdirSync(root)).toThrow();
  });

  it("refuses a missing password variable before connecting, without printing any secret", async () => {
    const r = await runCli(
      [
        "add-node",
        "10.0.0.1",
        "--password-env",
        "NOPE_PW",
        "--root",
        join(dir, "r"),
        "--join-command",
        JOIN_REAL,
        "--profile",
        "upstream",
      ],
      {
        env: { LANG: "zh_CN.UTF-8", HOME: dir },
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("环境变量 NOPE_PW（passwordEnv）未设置");
    expect(r.stderr).not.toContain("p0q1r2s3t4u5v6w7");
  });

  it("needs hosts, a join command and a sane concurrency", async () => {
    expect((await runCli(["add-node", "--root", dir])).stderr).toContain("no hosts to join");
    expect((await runCli(["add-node", "h1", "--ssh-concurrency", "0", "--root", dir])).stderr).toContain(
      "--ssh-concurrency",
    );
    const noJoin = await runCli(["add-node", "h1", "--root", dir]);
    expect(noJoin.code).toBe(2);
    expect(noJoin.stderr).toContain("no join command");
  });

  it("a join command with the documentation's token is taken with the rotate warning, as join takes it", async () => {
    const r = await runCli(
      [
        "add-node",
        "10.0.0.1",
        "--dry-run",
        "--root",
        dir,
        "--join-command",
        JOIN,
        "--k8s-version",
        "v1.33.2",
      ],
      { env: { LANG: "en_US.UTF-8", HOME: dir } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "warning: the join token abcdef.0123456789abcdef is the kubeadm documentation's example",
    );
    const quiet = await runCli(
      [
        "add-node",
        "10.0.0.1",
        "--dry-run",
        "--root",
        dir,
        "--join-command",
        JOIN_REAL,
        "--k8s-version",
        "v1.33.2",
      ],
      { env: { LANG: "en_US.UTF-8", HOME: dir } },
    );
    expect(quiet.stderr).not.toContain("documentation's example");
  });

  it("a join command of the wrong kind names what it is, in both languages", async () => {
    const cp = `${JOIN} --control-plane --certificate-key ${"b".repeat(64)}`;
    const en = await runCli(["add-node", "10.0.0.1", "--root", dir, "--join-command", cp]);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(
      "error: --join-command: this is a control-plane join command (it has --control-plane) Fix:",
    );
    const zh = await runCli(["add-node", "10.0.0.1", "--root", dir, "--control-plane-join-command", JOIN], {
      env: { LANG: "zh_CN.UTF-8", HOME: dir },
    });
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain("--control-plane-join-command：缺少 --control-plane：这是工作节点的加入命令");
  });

  it("--dry-run prints the plan with the token redacted and connects to nothing", async () => {
    const r = await runCli(
      [
        "add-node",
        "10.0.0.1",
        "--dry-run",
        "--root",
        dir,
        "--join-command",
        JOIN,
        "--profile",
        "upstream",
        "--k8s-version",
        "v1.33.2",
      ],
      {
        env: { LANG: "en_US.UTF-8", HOME: dir },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Would join 1 host over SSH");
    expect(r.stdout).toContain("$ kubeadm join --config /run/kadm-wizard.XXXXXXXX/join.yaml\n");
    expect(r.stdout).toContain(
      "the file (0600, removed after the join) holds what this command line would: kubeadm join 10.0.0.10:6443 --token abcdef.****************",
    );
    expect(r.stdout).not.toContain("0123456789abcdef");
    // Images once per cluster: planned, not asked (no ctr, no connection in a dry run).
    expect(r.stdout).toContain(
      "images: each host gets only those it lacks, streamed from this node's containerd (ctr images export - | ctr images import - over SSH, no temp file), pulled on the host when the stream fails",
    );
    expect(r.stdout).not.toContain("packages (");
    // One host: nothing to share. Two: one export of a set for both (en, zh).
    expect(r.stdout).not.toContain("share one export");
    for (const [lang, text] of [
      [
        "en",
        "hosts that lack the same images share one export of them: this node's containerd reads each image once for all of them",
      ],
      ["zh", "缺少相同镜像的主机共用一次导出：本节点的 containerd 为它们每个镜像只读取一次"],
    ] as const) {
      const two = await runCli(
        [
          "add-node",
          "10.0.0.1",
          "10.0.0.2",
          "--dry-run",
          "--root",
          dir,
          "--join-command",
          JOIN,
          "--lang",
          lang,
        ],
        { env: { HOME: dir } },
      );
      expect(two.code, two.stderr).toBe(0);
      expect(two.stdout).toContain(text);
    }
    // With --install-packages the plan says each host gets its packages first (en, zh).
    const args = [
      "add-node",
      "10.0.0.1",
      "--dry-run",
      "--install-packages",
      "--root",
      dir,
      "--join-command",
      JOIN,
    ];
    const pk = await runCli([...args, "--k8s-version", "v1.33.2"], {
      env: { LANG: "en_US.UTF-8", HOME: dir },
    });
    expect(pk.code, pk.stderr).toBe(0);
    expect(pk.stdout).toContain(
      "preflight, packages (containerd, runc, crictl, the tools, kubelet/kubeadm/kubectl v1.33.2 pinned and held;",
    );
    const zh = await runCli([...args, "--k8s-version", "v1.33.2", "--lang", "zh"], { env: { HOME: dir } });
    expect(zh.stdout).toContain(
      "预检、软件包（containerd、runc、crictl、所需工具，锁定版本的 kubelet/kubeadm/kubectl v1.33.2",
    );
  });
});

describe("add-node keeps the join secrets off every command line (fake SSH hosts, real /bin/sh)", () => {
  const TOKEN = "k7x2qp.4bz9m1r8c3v6w0ya";
  const KEY = "5e1f0c0d9a3b8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f";
  const PASSWORD = "pw-Secret-61f2";
  const joinCmd = `kubeadm join 127.0.0.1:6443 --token ${TOKEN} --discovery-token-ca-cert-hash ${FAKE_CA_HASH}`;
  let ssh: FakeSshHosts;
  afterEach(() => ssh?.cleanup());

  async function addNode(
    inventory: unknown,
    runner = new FakeRunner(),
    lang = "en_US.UTF-8",
    o: { version?: string; extra?: string[] } = {},
  ) {
    const inv = join(dir, "hosts.yaml");
    writeFileSync(inv, yaml.dump(inventory));
    const r = await runCli(
      [
        "add-node",
        "--inventory",
        inv,
        "--root",
        join(dir, "cp"),
        "--profile",
        "upstream",
        "--k8s-version",
        o.version ?? "v1.33.2",
        "--join-command",
        joinCmd,
        "--control-plane-join-command",
        `${joinCmd} --control-plane --certificate-key ${KEY} --v=5`,
        ...(o.extra ?? []),
      ],
      {
        env: { LANG: lang, HOME: dir, NODE_PW: PASSWORD },
        overrides: { ssh: ssh.transport, runner: () => runner },
      },
    );
    return { ...r, runner };
  }

  const node = (host: string, extra: Record<string, unknown> = {}) => ({
    host,
    root: ssh.host(host).root,
    ...extra,
  });

  it("images once per cluster: the host's images step streams from this node first, and says when it falls back", async () => {
    ssh = fakeSshHosts(["worker-a"]);
    // This node's containerd answers and holds the worker's images (digests the host's fake ctr
    // never reports, so the check after the stream fails and the host pulls them itself).
    const cp = join(dir, "cp");
    const sock = await listenRuntimeSocket(cp);
    const ls = [
      "REF TYPE DIGEST SIZE PLATFORMS LABELS",
      ...["registry.k8s.io/pause:3.10", "registry.k8s.io/kube-proxy:v1.33.2"].map(
        (r) => `${r} application/vnd.oci.image.index.v1+json sha256:${"a".repeat(64)} 1.0 MiB linux/amd64 -`,
      ),
    ].join("\n");
    const runner = new FakeRunner({
      [`ctr --address ${cp}/var/run/containerd/containerd.sock --namespace k8s.io images ls`]: { stdout: ls },
    });
    try {
      const r = await addNode(
        {
          defaults: { user: "root", passwordEnv: "NODE_PW" },
          hosts: [node("worker-a", { nodeName: "worker-1" })],
        },
        runner,
      );
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      const exported = runner.calls.find((c) => c.argv.includes("export"));
      // Only what the host lacks and this node has (not the CNI's images), for the host's platform, to stdout.
      expect(exported?.argv.slice(-5)).toEqual([
        "--platform",
        `linux/${process.arch === "arm64" ? "arm64" : "amd64"}`,
        "-",
        "registry.k8s.io/kube-proxy:v1.33.2",
        "registry.k8s.io/pause:3.10",
      ]);
      expect(ssh.host("worker-a").commands()).toMatch(
        /^ctr --address \S+ --namespace k8s\.io images import -$/m,
      );
      // The fallback: the host's own pre-pull ran and the stream's failure is in the output.
      expect(ssh.host("worker-a").commands()).toMatch(/^ctr .* images pull /m);
      expect(`${r.stdout}${r.stderr}`).toContain("streaming images from this node failed (");
    } finally {
      await sock.close();
    }
  });

  it("a worker (through sudo) and a control plane: token and key only in 0600 files, gone after the join", async () => {
    ssh = fakeSshHosts(["worker-a", "cp-b"]);
    const r = await addNode({
      defaults: { user: "root", passwordEnv: "NODE_PW" },
      hosts: [
        node("worker-a", { user: "ubuntu", nodeName: "worker-1" }),
        node("cp-b", { role: "control-plane", nodeName: "cp-2", advertiseAddress: "10.0.0.12" }),
      ],
    });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain("All 2 hosts joined.");
    // What sshd was asked to run (one command line per step command, through sudo for a login that
    // is not root), and every program started on the nodes: no secret anywhere.
    const secret = [TOKEN.split(".")[1] as string, KEY, PASSWORD];
    expect(new Set(ssh.execs.map((e) => `${e.host} ${e.user}`))).toEqual(
      new Set(["worker-a ubuntu", "cp-b root"]),
    );
    for (const e of ssh.execs) {
      expect(e.command.startsWith(e.user === "root" ? "exec env " : "exec sudo -n env ")).toBe(true);
      for (const s of secret) expect(e.command).not.toContain(s);
    }
    for (const h of ["worker-a", "cp-b"]) {
      const argv = ssh.host(h).commands();
      expect(argv).toMatch(/^kubeadm join --config \S+\/run\/kadm-wizard\.\w{8}\/join\.yaml/m);
      expect(argv).toMatch(/^containerd config default$/m); // the preparation ran too
      for (const s of secret) expect(argv).not.toContain(s);
    }
    expect(ssh.host("worker-a").commands()).toMatch(/^sudo -n env /m);
    // Locally nothing carried them either (add-node runs no local command with them).
    for (const c of r.runner.calls) for (const s of secret) expect(c.argv.join(" ")).not.toContain(s);
    for (const s of secret) expect(`${r.stdout}${r.stderr}`).not.toContain(s);

    // What kubeadm read: the right values, in a 0600 file in a 0700 directory, removed afterwards.
    const [w, ...wMore] = ssh.host("worker-a").configs();
    const [c, ...cMore] = ssh.host("cp-b").configs();
    expect([wMore, cMore]).toEqual([[], []]);
    for (const [cfg, h] of [
      [w, "worker-a"],
      [c, "cp-b"],
    ] as const) {
      expect([cfg?.command, cfg?.mode, cfg?.dirMode]).toEqual(["join", "0600", "0700"]);
      expect(cfg?.path.startsWith(join(ssh.host(h).root, "run/kadm-wizard."))).toBe(true);
      expect(existsSync(cfg?.path ?? "")).toBe(false);
      expect(readdirSync(join(ssh.host(h).root, "run"))).toEqual([]);
    }
    const wDoc = yaml.load(w?.text ?? "") as Record<string, Record<string, unknown>>;
    expect(wDoc).toMatchObject({
      apiVersion: "kubeadm.k8s.io/v1beta4",
      kind: "JoinConfiguration",
      discovery: {
        bootstrapToken: { apiServerEndpoint: "127.0.0.1:6443", token: TOKEN, caCertHashes: [FAKE_CA_HASH] },
      },
      nodeRegistration: { name: "worker-1", criSocket: "unix:///var/run/containerd/containerd.sock" },
    });
    expect(wDoc.controlPlane).toBeUndefined();
    const cDoc = yaml.load(c?.text ?? "") as Record<string, Record<string, unknown>>;
    expect(cDoc).toMatchObject({
      discovery: { bootstrapToken: { token: TOKEN } },
      nodeRegistration: { name: "cp-2" },
      controlPlane: {
        certificateKey: KEY,
        localAPIEndpoint: { advertiseAddress: "10.0.0.12", bindPort: 6443 },
      },
    });
    expect(cDoc.nodeRegistration?.taints).toBeUndefined();
    // --v=5 may stand next to --config; kubeadm joined with what the files said.
    expect(ssh.host("cp-b").commands()).toMatch(/^kubeadm join --config \S+ --v=5$/m);
    expect(readFileSync(join(ssh.host("worker-a").root, "etc/kubernetes/kubelet.conf"), "utf8")).toContain(
      "127.0.0.1:6443",
    );
    expect(existsSync(join(ssh.host("cp-b").root, "etc/kubernetes/manifests/kube-apiserver.yaml"))).toBe(
      true,
    );
  }, 60_000);

  it("day 0 over SSH: a release newer than our table with --install-packages installs kubeadm on the host first, then asks it", async () => {
    ssh = fakeSshHosts(["worker-a"]);
    const root = ssh.host("worker-a").root;
    // A host without kubeadm; the repository keys already there (the fake host has no curl).
    rmSync(join(root, "usr/bin/kubeadm"));
    mkdirSync(join(root, "etc/apt/keyrings"), { recursive: true });
    for (const k of ["kubernetes-apt-keyring.gpg", "docker-ce.gpg"])
      writeFileSync(join(root, "etc/apt/keyrings", k), "key\n");
    const r = await addNode(
      {
        defaults: { user: "root", passwordEnv: "NODE_PW" },
        hosts: [
          {
            ...node("worker-a", { nodeName: "worker-1" }),
            env: { KADM_FAKE_VERSION: "v1.38.0", KADM_FAKE_APT_VERSIONS: "1.38.0-1.1" },
          },
        ],
      },
      undefined,
      undefined,
      { version: "v1.38.0", extra: ["--install-packages"] },
    );
    const log = ssh.host("worker-a").commands();
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain("1 host joined.");
    const at = (what: RegExp) => log.split("\n").findIndex((l) => what.test(l));
    // First asked: not there. Then the pinned kubeadm from the v1.38 repository, held; then asked again.
    const install = at(/^apt-get .*install .*kubeadm=1\.38\.0-1\.1/);
    expect(install, log).toBeGreaterThan(-1);
    expect(at(/^apt-mark hold kubeadm/)).toBeGreaterThan(install);
    expect(at(/^kubeadm config images list --kubernetes-version v1\.38\.0/)).toBeGreaterThan(install);
    expect(readFileSync(join(root, "etc/apt/sources.list.d/kubernetes.list"), "utf8")).toContain(
      "/v1.38/deb/",
    );
    expect(r.stderr).toContain("installing kubeadm v1.38.0 first (--install-packages)");
    expect(r.stderr).toContain(
      "kubeadm images: from kubeadm v1.38.0, installed first by --install-packages (`kubeadm config images list`)",
    );
    // The pre-pull took kubeadm's list for the release, not our newest row's.
    expect(log).toMatch(/^ctr .* images pull .*kube-proxy:v1\.38\.0$/m);
  });

  it("a failing kubeadm join still leaves no secret file behind", async () => {
    ssh = fakeSshHosts(["worker-c"]);
    const r = await addNode({
      defaults: { user: "root", passwordEnv: "NODE_PW" },
      hosts: [node("worker-c", { env: { KADM_FAKE_FAIL: "join-ca-hash" } })],
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/failed at join .*none of the public keys/);
    const [cfg] = ssh.host("worker-c").configs();
    expect(cfg?.mode).toBe("0600");
    expect(existsSync(cfg?.path ?? "")).toBe(false);
    expect(readdirSync(join(ssh.host("worker-c").root, "run"))).toEqual([]);
    expect(ssh.host("worker-c").commands()).not.toContain(TOKEN.split(".")[1]);
  }, 60_000);

  for (const [lang, inCluster, summary] of [
    [
      "en_US.UTF-8",
      "the host already belongs to a cluster (/etc/kubernetes/kubelet.conf)",
      "2 of 2 hosts failed",
    ],
    ["zh_CN.UTF-8", "该主机已属于某个集群（/etc/kubernetes/kubelet.conf）", "2 台主机中有 2 台加入失败"],
  ] as const) {
    it(`host failures read in the user's language (${lang.slice(0, 2)}): a foreign cluster, a failing preflight check`, async () => {
      ssh = fakeSshHosts(["worker-e", "worker-f"]);
      const e = ssh.host("worker-e").root;
      mkdirSync(join(e, "etc/kubernetes"), { recursive: true });
      writeFileSync(join(e, "etc/kubernetes/kubelet.conf"), "apiVersion: v1\n");
      rmSync(join(ssh.host("worker-f").root, "usr/sbin/iptables"));
      const r = await addNode(
        {
          defaults: { user: "root", passwordEnv: "NODE_PW" },
          hosts: [node("worker-e"), node("worker-f")],
        },
        new FakeRunner(),
        lang,
      );
      expect(r.code).toBe(1);
      const row = (h: string) => r.stdout.split("\n").find((l) => l.startsWith(h)) ?? "";
      expect(row("worker-e")).toContain(inCluster);
      // The same check ids as a local preflight, with the evidence of what is missing.
      expect(row("worker-f")).toMatch(/preflight .*host\.binaries: .*iptables/);
      expect(r.stderr).toContain(summary);
      // Nothing changed on the host that is in a cluster.
      expect(ssh.host("worker-e").commands()).not.toMatch(/^swapoff/m);
    }, 60_000);
  }

  it("a join-command flag kubeadm refuses next to --config is bad input: exit 2, nothing connected", async () => {
    ssh = fakeSshHosts(["worker-d"]);
    const inv = join(dir, "one.yaml");
    writeFileSync(inv, yaml.dump({ hosts: [{ host: "worker-d", passwordEnv: "NODE_PW" }] }));
    const r = await runCli(
      [
        "add-node",
        "--inventory",
        inv,
        "--root",
        join(dir, "cp"),
        "--profile",
        "upstream",
        "--k8s-version",
        "v1.33.2",
        "--join-command",
        `${joinCmd} --discovery-file=/tmp/cluster-info.yaml`,
      ],
      { env: { LANG: "en_US.UTF-8", HOME: dir, NODE_PW: PASSWORD }, overrides: { ssh: ssh.transport } },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: --discovery-file of the join command cannot be passed on");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(ssh.execs).toEqual([]);
  });
});

describe("init --control-planes --dry-run", () => {
  it("plans the control planes' join (--control-plane, the key masked) and their load-balancer image", async () => {
    const r = await runCli(
      [
        "init",
        "--dry-run",
        "--yes",
        "--root",
        join(dir, "root"),
        "--profile",
        "upstream",
        "--k8s-version",
        "v1.33.2",
        "--advertise-address",
        "10.0.0.10",
        "--control-plane-endpoint",
        "10.0.0.10:8443",
        "--lb",
        "haproxy",
        "--lb-backends",
        "10.0.0.10,10.0.0.12",
        "--control-planes",
        "10.0.0.12",
      ],
      { env: { LANG: "en_US.UTF-8", HOME: dir } },
    );
    expect(r.code, r.stderr).toBe(0);
    const plan = r.stdout.slice(r.stdout.indexOf("over SSH"));
    expect(plan).toMatch(/10\.0\.0\.12 \(control plane\).*pre-pull 10 images/);
    expect(plan).toContain("$ kubeadm join --config /run/kadm-wizard.XXXXXXXX/join.yaml");
    expect(plan).toMatch(/--control-plane --certificate-key <redacted>/);
    expect(plan).not.toContain("no control-plane join command");
  });
});
