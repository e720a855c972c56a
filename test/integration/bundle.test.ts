/**
 * The offline bundle end to end with the built binary: `bundle create` against local signed
 * repositories on 127.0.0.1 (the real apt-get downloads, apt-ftparchive indexes), the pinned CNI
 * manifest from a local source, images through a stand-in ctr (test/fakes/bundle-ctr.mjs); then
 * `bundle install` into an empty Ubuntu 22.04 root inside a network namespace with no route at all
 * (`unshare -n`), with the real apt-get and dpkg. systemctl is a recorder on PATH.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findCniRelease } from "../../src/cni/catalog.js";
import { cachePath } from "../../src/cni/source.js";
import {
  flatAptRepo,
  kubeStandIns,
  rpmRepo,
  Signer,
  script,
  serve,
  suiteAptRepo,
  tempWork,
  tool,
} from "../fakes/package-repos.js";
import { runCli } from "../fakes/ports.js";
import {
  describeUnless,
  firstReason,
  requireRoot,
  requireSharedTestdata,
  requireTool,
} from "../support/requires.js";

const REPO = join(import.meta.dirname, "../..");
const BIN = join(REPO, "bin/kadm-wizard.js");
const REASON = firstReason(
  requireRoot(),
  requireTool("apt-get", "dpkg-deb", "apt-ftparchive", "gpg", "unshare", "tar"),
  requireSharedTestdata("cni/calico-v3.32.1.yaml"),
);
const CALICO = join(REPO, "../shared/testdata/cni/calico-v3.32.1.yaml");

const describeBundle = describeUnless(REASON);

function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push(r);
      if (e.isDirectory()) walk(r);
    }
  };
  walk("");
  return out.sort();
}

describeBundle("bundle create against local mirrors, install air-gapped", () => {
  const work = tempWork("kadm-bundle-it-");
  const w = (p: string) => join(work.dir, p);
  let repo: Awaited<ReturnType<typeof serve>>;
  let bundle = "";
  let fakeBin = "";
  const env = (state: string) => ({
    PATH: `${fakeBin}:${process.env.PATH}`,
    FAKE_CTR_STATE: state,
    FAKE_SYSTEMCTL_LOG: `${state}.systemctl`,
    LANG: "en_US.UTF-8",
  });
  /** The built binary; `offline`: in a new network namespace (only a down loopback: no route anywhere). */
  const kw = (argv: string[], state: string, offline = false) =>
    execa(
      offline ? "unshare" : process.execPath,
      offline ? ["-n", process.execPath, BIN, ...argv] : [BIN, ...argv],
      {
        reject: false,
        env: env(state),
        extendEnv: true,
      },
    );

  beforeAll(async () => {
    const signer = new Signer();
    await signer.init();
    const www = w("www");
    await flatAptRepo(
      work.dir,
      join(www, "k8s/v1.33/deb"),
      [
        ...kubeStandIns("v1.33.1", "1.1"),
        ...kubeStandIns("v1.33.2", "1.1"),
        {
          name: "cri-tools",
          version: "1.33.0-1.1",
          files: { "/usr/bin/crictl": script("crictl version v1.33.0") },
        },
      ],
      signer,
    );
    await suiteAptRepo(
      work.dir,
      join(www, "docker-ce/linux/ubuntu"),
      "jammy",
      [
        {
          name: "containerd.io",
          version: "1.7.27-1",
          files: { "/usr/bin/containerd": script("containerd 1.7.27") },
        },
        {
          name: "containerd.io",
          version: "2.1.4-1",
          files: { "/usr/bin/containerd": script("containerd 2.1.4"), "/usr/bin/runc": script("runc 1.3.0") },
        },
      ],
      signer,
    );
    // The distribution's own packages: the tools kubeadm's preflight looks for.
    await flatAptRepo(
      work.dir,
      join(www, "ubuntu"),
      [
        tool("conntrack", "1:1.6.6-1"),
        tool("socat", "1.7.4.1-3ubuntu4"),
        tool("ebtables", "2.0.11-4build2"),
        tool("ethtool", "1:5.16-1"),
        tool("iptables", "1.8.7-1ubuntu5"),
        { name: "iproute2", version: "5.15.0-1ubuntu2", files: { "/usr/bin/ip": script("ip") } },
      ],
      signer,
    );
    mkdirSync(join(www, "cni"), { recursive: true });
    copyFileSync(CALICO, join(www, "cni/calico.yaml"));
    writeFileSync(w("ubuntu.asc"), await signer.publicKey());
    repo = await serve(www);
    fakeBin = w("bin");
    mkdirSync(fakeBin);
    copyFileSync(join(REPO, "test/fakes/bundle-ctr.mjs"), join(fakeBin, "ctr"));
    writeFileSync(join(fakeBin, "systemctl"), '#!/bin/sh\necho "$@" >> "$FAKE_SYSTEMCTL_LOG"\n');
    chmodSync(join(fakeBin, "ctr"), 0o755);
    chmodSync(join(fakeBin, "systemctl"), 0o755);
    writeFileSync(
      w("answers.yaml"),
      [
        "packageRepository:",
        `  apt: "${repo.url}/k8s/{minor}/deb/"`,
        `  dockerCe: "${repo.url}/docker-ce"`,
        "cni:",
        `  manifestSources: ["${repo.url}/cni/calico.yaml"]`,
        "",
      ].join("\n"),
    );
  }, 180_000);
  afterAll(async () => {
    await repo?.close();
    work.cleanup();
  });

  const createArgs = () => [
    "bundle",
    "create",
    "--profile",
    "upstream",
    "--answers",
    w("answers.yaml"),
    "--k8s-version",
    "v1.33.2",
    "--cni",
    "calico",
    "--os",
    "ubuntu-22.04",
    "--os-repo",
    `ubuntu-22.04=${repo.url}/ubuntu,${repo.url}/ubuntu/Release.key`,
    "--out",
    w("kw-bundle-v1.33.2.tar"),
  ];

  it("create --dry-run: prints the plan, downloads nothing, writes nothing", async () => {
    const before = repo.requests.length;
    const r = await kw([...createArgs(), "--dry-run"], w("ctr-dry.json"), true);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("Offline bundle for Kubernetes v1.33.2 (amd64)");
    expect(r.stdout).toContain("registry.k8s.io/kube-apiserver:v1.33.2");
    expect(r.stdout).toContain("CNI manifest: calico v3.32.1 (sha256 pinned)");
    expect(r.stdout).toMatch(
      /packages for ubuntu-22.04 \(apt, .*\): kubelet=1\.33\.2-\* .* containerd\.io=2\.1\.\* conntrack/,
    );
    expect(r.stdout).toContain("npm run build:sea");
    expect(r.stdout).toContain("Dry run: nothing downloaded, nothing written.");
    expect(repo.requests.length).toBe(before);
    expect(existsSync(w("kw-bundle-v1.33.2.tar"))).toBe(false);
    expect(existsSync(w("ctr-dry.json.log"))).toBe(false);
  }, 60_000);

  it("create: one tar with the manifest first, images, the CNI manifest, the packages with their index", async () => {
    const r = await kw([...createArgs(), "--executable", BIN], w("ctr-create.json"));
    expect(r.exitCode, r.stderr).toBe(0);
    bundle = w("kw-bundle-v1.33.2.tar");
    expect(r.stdout).toMatch(/✓ wrote .*kw-bundle-v1\.33\.2\.tar: .*, \d+ parts, packages for ubuntu-22\.04/);
    expect(r.stdout).toContain(
      "Next: copy it to the air-gapped server, then run: kadm-wizard bundle install kw-bundle-v1.33.2.tar",
    );
    const names = (await execa("tar", ["-tf", bundle])).stdout.split("\n");
    expect(names[0]).toBe("manifest.json");
    expect(names.at(-1)).toBe("manifest.json.sha256");
    expect(names).toContain("images/images.tar");
    expect(names).toContain("cni/calico-v3.32.1-calico.yaml");
    expect(names).toContain("packages/ubuntu-22.04/kubeadm_1.33.2-1.1_amd64.deb");
    expect(names).toContain("packages/ubuntu-22.04/containerd.io_2.1.4-1_amd64.deb");
    expect(names).toContain("packages/ubuntu-22.04/conntrack_1%3a1.6.6-1_amd64.deb");
    expect(names).toContain("packages/ubuntu-22.04/Packages");
    expect(names).toContain("bin/kadm-wizard");
    // Not the other patch, not the other containerd.io series.
    expect(names.filter((n) => n.includes("1.33.1") || n.includes("1.7.27"))).toEqual([]);
    const manifest = JSON.parse((await execa("tar", ["-xOf", bundle, "manifest.json"])).stdout);
    expect(manifest.os[0]).toMatchObject({
      key: "ubuntu-22.04",
      held: ["kubelet", "kubeadm", "kubectl", "cri-tools", "containerd.io"],
      install: { kubeadm: "1.33.2-1.1", "containerd.io": "2.1.4-1", conntrack: "1:1.6.6-1" },
    });
    expect(manifest.images.map((i: { ref: string }) => i.ref)).toContain("registry.k8s.io/etcd:3.5.21-0");
    // ctr pulled what was missing, then exported exactly the bundle's images.
    const ctrLog = readFileSync(w("ctr-create.json.log"), "utf8");
    expect(ctrLog).toMatch(/images pull --hosts-dir \S+ registry\.k8s\.io\/kube-apiserver:v1\.33\.2/);
    expect(ctrLog).toMatch(
      /images export --platform linux\/amd64 \S+images\.tar registry\.k8s\.io\/kube-apiserver/,
    );
    // Nothing on this machine changed: no apt source, no CNI cache written outside the temp dirs.
    expect(existsSync("/etc/apt/sources.list.d/kadm-wizard-bundle.list")).toBe(false);
  }, 300_000);

  it("inspect: parts, sizes, versions, OS families (en, zh, json); --verify checks every sha256", async () => {
    const en = await runCli(["bundle", "inspect", bundle]);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toContain("Kubernetes v1.33.2, calico v3.32.1, amd64");
    expect(en.stdout).toMatch(
      /OS families: ubuntu-22\.04 \(kubelet 1\.33\.2-1\.1, .*containerd\.io 2\.1\.4-1\)/,
    );
    expect(en.stdout).toMatch(
      /package\s+packages\/ubuntu-22\.04\/kubeadm_1\.33\.2-1\.1_amd64\.deb\s+[\d.]+ (B|KiB)\s+1\.33\.2-1\.1/,
    );
    expect(en.stdout).toContain("checksums not verified (add --verify to read every part)");
    const zh = await runCli(["bundle", "inspect", bundle, "--verify", "--lang", "zh"]);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toContain("操作系统：ubuntu-22.04");
    expect(zh.stdout).toMatch(/软件包\s+正常\s+packages\/ubuntu-22\.04\/kubeadm/);
    expect(zh.stdout).toMatch(/✓ \d+ 个部件全部与清单一致。/);
    const json = await runCli(["bundle", "inspect", bundle, "--verify", "--output", "json"]);
    const j = JSON.parse(json.stdout);
    expect(j.verified).toBe(true);
    expect(j.kubernetesVersion).toBe("v1.33.2");
    expect(j.checks.every((c: { status: string }) => c.status === "ok")).toBe(true);
  }, 60_000);

  /** An empty Ubuntu 22.04: os-release, dpkg's and apt's directories, no source at all. */
  function bareUbuntu(root: string): string {
    const files: Record<string, string> = {
      "/etc/os-release": readFileSync(join(REPO, "test/fixtures/os-release/ubuntu-22.04.txt"), "utf8"),
      "/var/lib/dpkg/status": "",
    };
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(join(root, dirname(p)), { recursive: true });
      writeFileSync(join(root, p), text);
    }
    for (const d of [
      "etc/apt/apt.conf.d",
      "etc/apt/preferences.d",
      "etc/apt/sources.list.d",
      "var/lib/dpkg/info",
      "var/lib/dpkg/updates",
      "var/lib/apt/lists/partial",
      "var/cache/apt/archives/partial",
      "var/log/apt",
    ])
      mkdirSync(join(root, d), { recursive: true });
    return root;
  }
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not JS.
  const DPKG_FORMAT = "-f=${Version} ${db:Status-Abbrev}";
  const dpkg = async (root: string, pkg: string) =>
    (
      await execa("dpkg-query", [`--root=${root}`, "-W", DPKG_FORMAT, pkg], {
        reject: false,
      })
    ).stdout.trim();

  it("install --dry-run in a namespace with no network: verifies, plans, changes nothing", async () => {
    const root = bareUbuntu(w("root-dry"));
    const before = tree(root);
    const r = await kw(
      ["bundle", "install", bundle, "--root", root, "--dry-run"],
      w("ctr-dry-install.json"),
      true,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✓ verified: \d+ parts/);
    expect(r.stdout).toContain("~ files:");
    expect(r.stdout).toContain(
      "apt-get install -y --no-install-recommends --allow-downgrades --allow-change-held-packages kubelet=1.33.2-1.1",
    );
    expect(r.stdout).toContain("~ images: 10 would be imported into containerd");
    expect(r.stdout).toContain("Dry run: the bundle was verified; nothing was written or installed.");
    expect(tree(root)).toEqual(before);
    expect(existsSync(w("ctr-dry-install.json.log"))).toBe(false);
  }, 120_000);

  it("a bundle with one byte changed is refused naming the part, before anything is installed (exit 2)", async () => {
    const bad = w("bad.tar");
    copyFileSync(bundle, bad);
    // The data of the kubeadm package: its header's block number from GNU tar.
    const listing = (await execa("tar", ["-tRvf", bad])).stdout;
    const line = listing.split("\n").find((l) => l.includes("kubeadm_1.33.2-1.1_amd64.deb")) ?? "";
    const block = Number(/^block (\d+):/.exec(line)?.[1]);
    const bytes = readFileSync(bad);
    const at = (block + 1) * 512 + 100;
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    writeFileSync(bad, bytes);
    const root = bareUbuntu(w("root-bad"));
    const before = tree(root);
    const r = await kw(["bundle", "install", bad, "--root", root], w("ctr-bad.json"), true);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      "part packages/ubuntu-22.04/kubeadm_1.33.2-1.1_amd64.deb does not match the manifest",
    );
    expect(r.stderr).toContain("). Nothing was installed. Fix: ");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(tree(root)).toEqual(before);
    const zh = await kw(["bundle", "inspect", bad, "--verify", "--lang", "zh"], w("ctr-bad.json"));
    expect(zh.exitCode).toBe(2);
    expect(zh.stdout).toMatch(/不符\s+packages\/ubuntu-22\.04\/kubeadm_1\.33\.2-1\.1_amd64\.deb/);
    expect(zh.stderr).toContain("部件 packages/ubuntu-22.04/kubeadm_1.33.2-1.1_amd64.deb与清单不符");
  }, 120_000);

  it("a node of another architecture is refused before anything is written, naming both (exit 2, en and zh)", async () => {
    const arm = w("arm-bin");
    mkdirSync(arm, { recursive: true });
    writeFileSync(
      join(arm, "uname"),
      '#!/bin/sh\n[ "$1" = -m ] && echo aarch64 && exit 0\nexec /bin/uname "$@"\n',
    );
    chmodSync(join(arm, "uname"), 0o755);
    const root = bareUbuntu(w("root-arm"));
    const before = tree(root);
    const run = (extra: string[]) =>
      execa("unshare", ["-n", process.execPath, BIN, "bundle", "install", bundle, "--root", root, ...extra], {
        reject: false,
        env: { ...env(w("ctr-arm.json")), PATH: `${arm}:${fakeBin}:${process.env.PATH}` },
      });
    const r = await run([]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      "error: this bundle is for amd64, this node is arm64 (uname -m: aarch64): its packages and images would not run here. Nothing was installed. Fix: create a bundle for this node with --arch arm64",
    ]);
    expect(tree(root)).toEqual(before);
    const zh = await run(["--lang", "zh"]);
    expect(zh.exitCode).toBe(2);
    expect(zh.stderr).toContain("此离线包适用于 amd64，本节点是 arm64（uname -m：aarch64）");
    expect(zh.stderr).toContain("未安装任何内容。");
    expect(existsSync(w("ctr-arm.json.log"))).toBe(false);
  }, 120_000);

  it("install in a namespace with no route anywhere: packages pinned and held, CNI manifest cached, images imported; a second install changes nothing", async () => {
    const root = bareUbuntu(w("root"));
    const state = w("ctr-node.json");
    const r = await kw(["bundle", "install", bundle, "--root", root], state, true);
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(await dpkg(root, "kubeadm")).toBe("1.33.2-1.1 hi");
    expect(await dpkg(root, "kubelet")).toBe("1.33.2-1.1 hi");
    expect(await dpkg(root, "cri-tools")).toBe("1.33.0-1.1 hi");
    expect(await dpkg(root, "containerd.io")).toBe("2.1.4-1 hi");
    expect(await dpkg(root, "conntrack")).toBe("1:1.6.6-1 ii");
    expect(readFileSync(join(root, "etc/apt/sources.list.d/kadm-wizard-bundle.list"), "utf8")).toContain(
      "deb [trusted=yes] file:/var/lib/kadm-wizard/bundle/repo/ubuntu-22.04 ./",
    );
    // Where `cni apply` and init look first (also with the offline profile, which downloads nothing).
    const release = findCniRelease("calico", "v3.32.1");
    expect(readFileSync(join(root, cachePath(release as NonNullable<typeof release>)), "utf8")).toBe(
      readFileSync(CALICO, "utf8"),
    );
    expect(existsSync(join(root, "usr/local/bin/kadm-wizard"))).toBe(true);
    expect(readFileSync(state, "utf8")).toContain('"ref":"registry.k8s.io/kube-apiserver:v1.33.2"');
    expect(readFileSync(`${state}.systemctl`, "utf8")).toBe(
      `--root=${root} enable containerd\n--root=${root} enable kubelet\n`,
    );
    expect(r.stdout).toContain("images: 10 imported, 10 in the bundle");
    expect(r.stdout).toContain("Bundle installed: Kubernetes v1.33.2 for ubuntu-22.04.");
    expect(r.stdout).toContain(
      "kadm-wizard init --profile upstream --k8s-version v1.33.2 --image-repository registry.k8s.io --cni calico --cni-version v3.32.1",
    );
    expect(tree(join(root, "var/lib/kadm-wizard/bundle")).filter((p) => p.includes("staging"))).toEqual([]);

    const again = await kw(["bundle", "install", bundle, "--root", root, "--lang", "zh"], state, true);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain("✓ 文件：");
    expect(again.stdout).toMatch(/✓ ubuntu-22\.04 的软件包.*未改动/);
    expect(again.stdout).toContain("镜像：导入 0 个");
    expect(again.stdout).toContain("离线包此前已安装");
    // No second import, no service enabled again.
    expect(readFileSync(`${state}.log`, "utf8").match(/images import/g)).toHaveLength(1);
    expect(readFileSync(`${state}.systemctl`, "utf8").split("\n").filter(Boolean)).toHaveLength(2);
  }, 300_000);
});

const RPM_REASON = firstReason(
  requireRoot(),
  requireTool("dnf", "rpm", "rpmbuild", "rpmsign", "createrepo_c", "gpg", "unshare", "tar"),
  requireSharedTestdata("cni/calico-v3.32.1.yaml"),
);

describeUnless(RPM_REASON)(
  "bundle for Rocky Linux 9: dnf downloads, createrepo_c indexes, dnf installs offline",
  () => {
    const work = tempWork("kadm-bundle-rpm-");
    const w = (p: string) => join(work.dir, p);
    let repo: Awaited<ReturnType<typeof serve>>;
    const bin = () => w("bin");
    const kw = (argv: string[], state: string, offline = false) =>
      execa(
        offline ? "unshare" : process.execPath,
        offline ? ["-n", process.execPath, BIN, ...argv] : [BIN, ...argv],
        {
          reject: false,
          env: {
            PATH: `${bin()}:${process.env.PATH}`,
            FAKE_CTR_STATE: state,
            FAKE_SYSTEMCTL_LOG: `${state}.systemctl`,
            LANG: "en_US.UTF-8",
          },
        },
      );

    beforeAll(async () => {
      const signer = new Signer();
      await signer.init();
      const www = w("www");
      const rel = (name: string, version: string, files: Record<string, string>) => ({
        name,
        version,
        files,
      });
      await rpmRepo(
        work.dir,
        join(www, "k8s/v1.33/rpm"),
        [
          ...kubeStandIns("v1.33.2", "150500.1.1"),
          rel("cri-tools", "1.33.0-150500.1.1", { "/usr/bin/crictl": script("crictl version v1.33.0") }),
        ],
        signer,
      );
      await rpmRepo(
        work.dir,
        join(www, "docker-ce/linux/centos/9/x86_64/stable"),
        [rel("containerd.io", "2.1.4-3.1.el9", { "/usr/bin/containerd": script("containerd 2.1.4") })],
        signer,
        join(www, "docker-ce/linux/centos/gpg"),
      );
      await rpmRepo(
        work.dir,
        join(www, "rocky/9/BaseOS"),
        [
          tool("conntrack-tools", "1.4.7-2.el9", ["conntrack"]),
          tool("socat", "1.7.4.1-5.el9"),
          tool("ethtool", "6.2-1.el9"),
          tool("iptables-nft", "1.8.10-4.el9", ["iptables", "ebtables"]),
          { name: "iproute", version: "6.2.0-5.el9", files: { "/usr/sbin/ip": script("ip") } },
        ],
        signer,
      );
      mkdirSync(join(www, "cni"), { recursive: true });
      copyFileSync(CALICO, join(www, "cni/calico.yaml"));
      repo = await serve(www);
      mkdirSync(bin());
      copyFileSync(join(REPO, "test/fakes/bundle-ctr.mjs"), join(bin(), "ctr"));
      writeFileSync(join(bin(), "systemctl"), '#!/bin/sh\necho "$@" >> "$FAKE_SYSTEMCTL_LOG"\n');
      chmodSync(join(bin(), "ctr"), 0o755);
      chmodSync(join(bin(), "systemctl"), 0o755);
      writeFileSync(
        w("answers.yaml"),
        [
          "packageRepository:",
          `  yum: "${repo.url}/k8s/{minor}/rpm/"`,
          `  dockerCe: "${repo.url}/docker-ce"`,
          "cni:",
          `  manifestSources: ["${repo.url}/cni/calico.yaml"]`,
          "",
        ].join("\n"),
      );
    }, 240_000);
    afterAll(async () => {
      await repo?.close();
      work.cleanup();
    });

    it("create with --os rocky-9, then install into an empty Rocky 9 root with no network; again: unchanged", async () => {
      const out = w("kw-rocky.tar");
      const c = await kw(
        [
          "bundle",
          "create",
          "--profile",
          "upstream",
          "--answers",
          w("answers.yaml"),
          "--k8s-version",
          "v1.33.2",
          "--cni",
          "calico",
          "--os",
          "rocky-9",
          "--os-repo",
          `rocky-9=${repo.url}/rocky/9/BaseOS/`,
          "--out",
          out,
        ],
        w("ctr-create.json"),
      );
      expect(c.exitCode, c.stderr).toBe(0);
      const names = (await execa("tar", ["-tf", out])).stdout.split("\n");
      expect(names).toContain("packages/rocky-9/kubeadm-1.33.2-150500.1.1.x86_64.rpm");
      expect(names).toContain("packages/rocky-9/containerd.io-2.1.4-3.1.el9.x86_64.rpm");
      expect(names).toContain("packages/rocky-9/repodata/repomd.xml");
      expect(c.stderr).toContain("kadm-wizard executable: missing");

      const root = w("root");
      mkdirSync(join(root, "etc"), { recursive: true });
      writeFileSync(
        join(root, "etc/os-release"),
        readFileSync(join(REPO, "test/fixtures/os-release/rocky-9.txt"), "utf8"),
      );
      const state = w("ctr-node.json");
      const r = await kw(["bundle", "install", out, "--root", root], state, true);
      expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
      const q = async (p: string) =>
        (await execa("rpm", [`--root=${root}`, "-q", "--qf", "%{VERSION}-%{RELEASE}", p], { reject: false }))
          .stdout;
      expect(await q("kubeadm")).toBe("1.33.2-150500.1.1");
      expect(await q("containerd.io")).toBe("2.1.4-3.1.el9");
      expect(await q("conntrack-tools")).toBe("1.4.7-2.el9");
      const repoFile = readFileSync(join(root, "etc/yum.repos.d/kadm-wizard-bundle.repo"), "utf8");
      expect(repoFile).toContain("baseurl=file:///var/lib/kadm-wizard/bundle/repo/rocky-9");
      expect(repoFile).toContain("exclude=kubelet kubeadm kubectl cri-tools containerd.io");
      const again = await kw(["bundle", "install", out, "--root", root], state, true);
      expect(again.exitCode, again.stderr).toBe(0);
      expect(again.stdout).toContain("Bundle already installed");
    }, 400_000);
  },
);
