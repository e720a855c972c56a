/**
 * `--install-packages` against the REAL apt-get/dpkg and dnf/rpm, on a temp root that has only an
 * OS (os-release, the package manager's directories, the distribution's repository) and signed
 * repositories served on 127.0.0.1: the Kubernetes per-minor repository, the distribution's (an old
 * containerd, runc, the tools) and docker-ce's (containerd.io). Repository files, keyrings, version
 * pins, holds and idempotency are checked by the package managers themselves. systemctl, setenforce
 * and firewall-cmd are recorded, never run (they would act on this machine).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { checkBinaries } from "../../src/host/preflight/binaries.js";
import { checkKubeVersions } from "../../src/host/preflight/kube-versions.js";
import { planPreparation } from "../../src/host/prepare.js";
import {
  displayCommand,
  execaRunner,
  type Runner,
  type RunOptions,
  type RunResult,
} from "../../src/host/runner.js";
import {
  APT_KEYRING,
  APT_LIST,
  CRICTL_YAML,
  DOCKER_APT_KEYRING,
  DOCKER_APT_LIST,
  DOCKER_YUM_REPO,
  installPackages,
  YUM_REPO,
} from "../../src/host/steps/packages.js";
import { resolveImagePlanInstalling } from "../../src/images/resolve-plan.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import { resolveSpec } from "../../src/spec/resolve.js";
import {
  flatAptRepo,
  kubeadmWithImages,
  kubeStandIns,
  rpmRepo,
  Signer,
  type StandIn,
  script,
  serve,
  suiteAptRepo,
  tempWork,
  tool,
} from "../fakes/package-repos.js";
import { runCli } from "../fakes/ports.js";
import { describeUnless, firstReason, requireRoot, requireTool } from "../support/requires.js";

/** This machine's, as `uname -m` tells the node step (the temp roots live here). */
const NATIVE_ARCH = process.arch === "arm64" ? "arm64" : "amd64";
const FIXTURES = join(import.meta.dirname, "../fixtures/os-release");
const osRelease = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

const DEB_REASON = firstReason(
  requireRoot(),
  requireTool("apt-get", "dpkg-deb", "apt-ftparchive", "gpg", "curl", "containerd"),
);
const RPM_REASON = firstReason(
  requireRoot(),
  requireTool("dnf", "rpm", "rpmbuild", "rpmsign", "createrepo_c", "gpg"),
);

/** The real runner, except what would change this machine (services, SELinux, firewall) is recorded. */
class RootRunner implements Runner {
  readonly recorded: string[] = [];
  readonly faked: string[] = [];
  readonly calls: string[] = [];
  private readonly real: Runner;
  constructor(
    private readonly root: string,
    readonly dryRun = false,
  ) {
    this.real = execaRunner({ dryRun });
  }
  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const command = displayCommand(argv);
    this.calls.push(command);
    if (this.dryRun && opts.changes) this.recorded.push(command);
    const [bin = "", ...rest] = argv;
    if (["systemctl", "setenforce", "firewall-cmd", "swapoff", "modprobe", "sysctl"].includes(bin)) {
      if (!(this.dryRun && opts.changes)) this.faked.push(command);
      // No firewalld, no services: as on a freshly installed root.
      const inactive = bin === "systemctl" && rest.includes("is-active");
      return {
        command,
        exitCode: inactive ? 3 : 0,
        stdout: inactive ? "inactive\n" : "",
        stderr: "",
        timedOut: false,
        skipped: this.dryRun && !!opts.changes,
        notFound: false,
      };
    }
    // The node's binaries are the ones the packages put under the root (as in a chroot).
    const inRoot = join(this.root, "usr/bin", bin);
    if (["kubeadm", "kubelet", "kubectl"].includes(bin) && existsSync(inRoot)) {
      return this.real.run([inRoot, ...rest], opts);
    }
    return this.real.run(argv, opts);
  }
}

function spec(repo: string, version = "v1.33.2") {
  return resolveSpec(
    [
      { source: "default", values: BUILTIN_DEFAULTS },
      {
        source: "profile",
        values: {
          "packageRepository.apt": `${repo}/k8s/{minor}/deb/`,
          "packageRepository.yum": `${repo}/k8s/{minor}/rpm/`,
          "packageRepository.dockerCe": `${repo}/docker-ce`,
        },
      },
      { source: "flags", values: { kubernetesVersion: version } },
    ],
    "offline",
    "init",
  ).spec;
}

function writeFiles(root: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** util-linux's mount and nsenter: part of every OS, not installed by us. */
const BASE_OS: Record<string, string> = {
  "/usr/bin/mount": script("mount"),
  "/usr/bin/nsenter": script("nsenter"),
};

/**
 * What the fake kubeadm v1.38.0 lists: made-up tags (no 1.38 exists for us), different from our
 * newest row (pause 3.10.2, etcd 3.7.0-0, CoreDNS v1.14.6), so a list taken from the table shows.
 */
const DAY0 = "v1.38.0";
const DAY0_IMAGES = [
  "kube-apiserver:v1.38.0",
  "kube-controller-manager:v1.38.0",
  "kube-scheduler:v1.38.0",
  "kube-proxy:v1.38.0",
  "coredns:v1.14.9",
  "pause:3.11",
  "etcd:3.7.1-0",
];
const day0StandIns = (revision: string): StandIn[] =>
  kubeStandIns(DAY0, revision).map((p) =>
    p.name === "kubeadm" ? kubeadmWithImages(DAY0, revision, DAY0_IMAGES) : p,
  );

const DEB_TOOLS: StandIn[] = [
  tool("conntrack", "1:1.4.7-1+b2"),
  tool("socat", "1.7.4.4-2"),
  tool("ebtables", "2.0.11-5"),
  tool("ethtool", "1:6.1-1"),
  tool("iptables", "1.8.9-2"),
  { name: "iproute2", version: "6.1.0-3", files: { "/usr/bin/ip": script("ip") } },
  tool("runc", "1.1.5+ds1-1+deb12u1", []),
];

async function dpkgStatus(root: string, pkg: string): Promise<string> {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not JS.
  const r = await execa("dpkg-query", [`--root=${root}`, "-W", "-f=${Version} ${db:Status-Abbrev}", pkg], {
    reject: false,
  });
  return r.stdout.trim();
}

async function showhold(root: string): Promise<string[]> {
  const r = await execa("apt-mark", ["showhold"], {
    env: { APT_CONFIG: join(root, "run/kadm-wizard/apt/apt.conf") },
  });
  return r.stdout.split("\n").filter(Boolean).sort();
}

const describeDeb = describeUnless(DEB_REASON);
const describeRpm = describeUnless(RPM_REASON);

/** What preflight's package and binary checks make of a node after the install: every one passes. */
async function expectPreflightPasses(root: string, runner: RootRunner): Promise<void> {
  const fs = rootedHostFs({ root });
  const binaries = await checkBinaries({ fs, runner, probeSocket: async () => false });
  expect(binaries.status, binaries.evidence).toBe("pass");
  const kube = await checkKubeVersions(
    { fs, runner, probeSocket: async () => false },
    {
      kubernetesVersion: "v1.33.2",
      role: "control-plane",
      cgroupDriver: "systemd",
      criSocket: "unix:///var/run/containerd/containerd.sock",
    },
  );
  for (const c of kube) expect(c.status, `${c.id}: ${c.evidence}`).toBe("pass");
}

describeDeb("install-packages with the real apt-get on a bare Debian 12 root", () => {
  const work = tempWork("kadm-apt-");
  let signer: Signer | undefined;
  let repo: Awaited<ReturnType<typeof serve>>;
  let root = "";

  beforeAll(async () => {
    signer = new Signer();
    await signer.init();
    const www = join(work.dir, "www");
    // Kubernetes v1.33 (pkgs.k8s.io layout): two patches, cri-tools of the minor.
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
    // The distribution: Debian 12's containerd 1.6.20, too old for 1.33 (needs 1.7).
    await flatAptRepo(
      work.dir,
      join(www, "debian"),
      [
        {
          name: "containerd",
          version: "1.6.20~ds1-1+deb12u1",
          files: { "/usr/bin/containerd": script("containerd 1.6.20") },
        },
        ...DEB_TOOLS,
      ],
      signer,
    );
    // docker-ce: containerd.io of several series.
    await suiteAptRepo(
      work.dir,
      join(www, "docker-ce/linux/debian"),
      "bookworm",
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
        {
          name: "containerd.io",
          version: "2.2.1-1",
          files: { "/usr/bin/containerd": script("containerd 2.2.1") },
        },
      ],
      signer,
    );
    writeFileSync(join(work.dir, "debian.asc"), await signer.publicKey());
    await flatAptRepo(
      work.dir,
      join(www, "k8s/v1.30/deb"),
      [
        ...kubeStandIns("v1.30.4", "1.1"),
        {
          name: "cri-tools",
          version: "1.30.1-1.1",
          files: { "/usr/bin/crictl": script("crictl version v1.30.1") },
        },
      ],
      signer,
    );
    // A release newer than our tables (day 0): its kubeadm knows its images.
    await flatAptRepo(
      work.dir,
      join(www, "k8s/v1.38/deb"),
      [
        ...day0StandIns("1.1"),
        {
          name: "cri-tools",
          version: "1.38.0-1.1",
          files: { "/usr/bin/crictl": script("crictl version v1.38.0") },
        },
      ],
      signer,
    );
    repo = await serve(www);
    root = await bareDebian(join(work.dir, "root"));
  }, 120_000);

  /** A root with only Debian 12 on it: os-release, dpkg's and apt's directories, the distribution's source and key. */
  async function bareDebian(root: string): Promise<string> {
    const key = await execa("gpg", ["--dearmor"], {
      input: readFileSync(join(work.dir, "debian.asc")),
      encoding: "buffer",
      // A binary keyring: a last 0x0a byte is data, not a newline to strip.
      stripFinalNewline: false,
    });
    mkdirSync(join(root, "usr/share/keyrings"), { recursive: true });
    writeFileSync(join(root, "usr/share/keyrings/debian-archive-keyring.gpg"), key.stdout);
    writeFiles(root, {
      // Debian 12's own /etc/os-release (test/fixtures/os-release/debian-12.txt says where from).
      "/etc/os-release": osRelease("debian-12.txt"),
      "/etc/apt/sources.list.d/debian.list": `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${repo.url}/debian/ /\n`,
      "/var/lib/dpkg/status": "",
      ...BASE_OS,
    });
    for (const d of [
      "etc/apt/apt.conf.d",
      "etc/apt/preferences.d",
      "etc/apt/trusted.gpg.d",
      "var/lib/dpkg/info",
      "var/lib/dpkg/updates",
      "var/lib/apt/lists/partial",
      "var/cache/apt/archives/partial",
      "var/log/apt",
    ]) {
      mkdirSync(join(root, d), { recursive: true });
    }
    return root;
  }
  afterAll(async () => {
    await repo?.close();
    await signer?.close();
    work.cleanup();
  });

  const env = (runner: RootRunner) => ({
    fs: rootedHostFs({ root, dryRun: runner.dryRun }),
    runner,
    lang: "en" as const,
  });

  /** The profile's repositories, as an answers file for the CLI. */
  const answersFile = () => {
    const file = join(work.dir, "answers-repos.yaml");
    writeFileSync(
      file,
      `packageRepository:\n  apt: "${repo.url}/k8s/{minor}/deb/"\n  yum: "${repo.url}/k8s/{minor}/rpm/"\n  dockerCe: "${repo.url}/docker-ce"\n`,
    );
    return file;
  };

  it("dry run: plans the repositories, keys, pinned installs and holds, changes nothing", async () => {
    const runner = new RootRunner(root, true);
    const r = await installPackages(env(runner), spec(repo.url));
    expect(r.status).toBe("changed");
    expect(runner.recorded.join("\n")).toContain(
      `curl -fsSL --retry 3 -o ${join(root, APT_KEYRING)}.asc ${repo.url}/k8s/v1.33/deb/Release.key`,
    );
    expect(runner.recorded).toContain("apt-get -o Acquire::Retries=3 update");
    const install = runner.recorded.find((c) => c.startsWith("apt-get -o Acquire::Retries=3 install"));
    expect(install).toContain("kubeadm=1.33.2-*");
    expect(install).toContain("cri-tools=1.33.*");
    expect(install).toContain("containerd.io=2.1.*");
    expect(install).toContain("conntrack socat ebtables ethtool iptables iproute2");
    expect(runner.recorded).toContain("apt-mark hold kubelet kubeadm kubectl cri-tools containerd.io");
    expect(existsSync(join(root, APT_LIST))).toBe(false);
    expect(existsSync(join(root, "usr/bin/kubeadm"))).toBe(false);
  }, 120_000);

  it("real run: apt installs the pinned versions from the signed repositories and holds them", async () => {
    const runner = new RootRunner(root);
    const r = await installPackages(env(runner), spec(repo.url));
    expect(r.status).toBe("changed");
    expect(readFileSync(join(root, APT_LIST), "utf8")).toContain(
      `deb [signed-by=${APT_KEYRING}] ${repo.url}/k8s/v1.33/deb/ /`,
    );
    expect(readFileSync(join(root, DOCKER_APT_LIST), "utf8")).toContain(
      `deb [arch=${NATIVE_ARCH} signed-by=${DOCKER_APT_KEYRING}] ${repo.url}/docker-ce/linux/debian bookworm stable`,
    );
    expect(await dpkgStatus(root, "kubeadm")).toBe("1.33.2-1.1 hi");
    expect(await dpkgStatus(root, "kubelet")).toBe("1.33.2-1.1 hi");
    expect(await dpkgStatus(root, "cri-tools")).toBe("1.33.0-1.1 hi");
    // 2.1.x, the series pinned for 1.33, although docker-ce has a newer 2.2.
    expect(await dpkgStatus(root, "containerd.io")).toBe("2.1.4-1 hi");
    expect(await dpkgStatus(root, "containerd")).toBe("");
    expect(await dpkgStatus(root, "conntrack")).toBe("1:1.4.7-1+b2 ii");
    // "hi": installed and on hold, in dpkg's own database; conntrack (not pinned) is only installed.
    expect(await showhold(root)).toEqual(["containerd.io", "cri-tools", "kubeadm", "kubectl", "kubelet"]);
    expect(readFileSync(join(root, CRICTL_YAML), "utf8")).toContain(
      "runtime-endpoint: unix:///var/run/containerd/containerd.sock",
    );
    expect(runner.faked).toEqual([
      `systemctl --root=${root} enable containerd`,
      `systemctl --root=${root} enable kubelet`,
    ]);
    expect(r.notes.join("\n")).toContain(
      "containerd.io 2.1.x from docker-ce: the distribution's containerd (1.6.20~ds1-1+deb12u1) is older than the 1.7",
    );

    // What preflight's package and binary checks make of the node now.
    await expectPreflightPasses(root, runner);
  }, 300_000);

  it("second run: nothing to install, nothing changed", async () => {
    const runner = new RootRunner(root);
    const r = await installPackages(env(runner), spec(repo.url));
    expect(r.status).toBe("unchanged");
    expect(r.commands).toEqual([]);
    expect(runner.faked).toEqual([]);
  }, 120_000);

  it("the hold is real: apt-get upgrade leaves the pinned packages alone", async () => {
    const aptEnv = {
      APT_CONFIG: join(root, "run/kadm-wizard/apt/apt.conf"),
      DEBIAN_FRONTEND: "noninteractive",
    };
    const r = await execa("apt-get", ["-y", "upgrade"], { env: aptEnv, reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await dpkgStatus(root, "containerd.io")).toBe("2.1.4-1 hi");
    expect(await dpkgStatus(root, "kubeadm")).toBe("1.33.2-1.1 hi");
  }, 120_000);

  it("kadm-wizard prepare --install-packages on a bare root: dry run plans it, the real run leaves the package and binary checks passing (en, zh)", async () => {
    const fresh = await bareDebian(join(work.dir, "root-cli"));
    const answers = join(work.dir, "answers-cli.yaml");
    writeFileSync(
      answers,
      `packageRepository:\n  apt: "${repo.url}/k8s/{minor}/deb/"\n  yum: "${repo.url}/k8s/{minor}/rpm/"\n  dockerCe: "${repo.url}/docker-ce"\n`,
    );
    const argv = [
      "prepare",
      "--root",
      fresh,
      "--install-packages",
      "--k8s-version",
      "v1.33.2",
      "--answers",
      answers,
    ];
    let dryRunner: RootRunner | undefined;
    const dry = await runCli([...argv, "--dry-run"], {
      overrides: { runner: (d) => (dryRunner = new RootRunner(fresh, d)) },
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(
      "~ packages: containerd, crictl, tools, kubelet, kubeadm, kubectl pinned and held: would change",
    );
    expect(dry.stdout).toContain(`apt and dpkg work on ${fresh}, not on this machine`);
    // The missing tools are what --install-packages brings: not a reason the real run would stop.
    expect(dry.stderr).not.toContain("host.binaries");
    expect(dryRunner?.faked.filter((c) => !c.includes(" is-active "))).toEqual([]);
    expect(existsSync(join(fresh, "usr/bin/kubeadm"))).toBe(false);

    const real = await runCli([...argv, "--lang", "zh"], {
      overrides: { runner: (d) => new RootRunner(fresh, d) },
    });
    // /proc and /sys of a bare directory tree cannot pass (modules, sockets...): those are not ours.
    expect(real.stdout).toContain(
      "软件包：containerd、crictl、依赖工具、kubelet、kubeadm、kubectl（固定并锁定版本）",
    );
    const after = real.stdout.slice(real.stdout.lastIndexOf("\n\n", real.stdout.length - 2));
    // Only what needs a real kernel and a running service is left (modprobe and systemctl were recorded).
    const failing = after.split("\n").filter((l) => l.startsWith("✗"));
    expect(after).toContain("准备完成后仍有 2 项预检未通过");
    expect(failing).toHaveLength(2);
    expect(failing[0]).toMatch(/^✗ br_netfilter 未加载/);
    expect(failing[1]).toMatch(/^✗ unix:\/\/\/var\/run\/containerd\/containerd\.sock 上没有响应/);
    expect(await dpkgStatus(fresh, "kubeadm")).toBe("1.33.2-1.1 hi");
    expect(await dpkgStatus(fresh, "containerd.io")).toBe("2.1.4-1 hi");
  }, 300_000);

  it("an older minor takes the distribution's containerd when it is recent enough (1.6.20 for 1.30)", async () => {
    const fresh = await bareDebian(join(work.dir, "root-1.30"));
    const runner = new RootRunner(fresh);
    const r = await installPackages(
      { fs: rootedHostFs({ root: fresh }), runner, lang: "en" },
      spec(repo.url, "v1.30.4"),
    );
    expect(r.status).toBe("changed");
    expect(await dpkgStatus(fresh, "containerd")).toBe("1.6.20~ds1-1+deb12u1 hi");
    expect(await dpkgStatus(fresh, "runc")).toBe("1.1.5+ds1-1+deb12u1 ii");
    expect(await dpkgStatus(fresh, "containerd.io")).toBe("");
    expect(await dpkgStatus(fresh, "cri-tools")).toBe("1.30.1-1.1 hi");
    expect(existsSync(join(fresh, DOCKER_APT_LIST))).toBe(false);
    expect(r.notes.join("\n")).toContain("containerd 1.6.20~ds1-1+deb12u1 from the distribution");
  }, 120_000);

  it("day 0 (v1.38.0, newer than our table): init --dry-run --install-packages says kubeadm is installed first and asked; nothing installed", async () => {
    const fresh = await bareDebian(join(work.dir, "root-day0-dry"));
    const r = await runCli(
      [
        "init",
        "--dry-run",
        "--yes",
        "--root",
        fresh,
        "--install-packages",
        "--k8s-version",
        DAY0,
        "--advertise-address",
        "10.0.0.10",
        "--answers",
        answersFile(),
      ],
      { overrides: { runner: (d) => new RootRunner(fresh, d) } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `kubeadm images: the real run installs kubeadm ${DAY0} first (--install-packages) and takes its list; shown here from our table (v1.37.1), which is older`,
    );
    expect(existsSync(join(fresh, "usr/bin/kubeadm"))).toBe(false);
  }, 120_000);

  it("day 0, real: init --install-packages installs kubeadm v1.38.0 from the per-minor repository first and takes its image list (en, zh)", async () => {
    for (const lang of ["en", "zh"] as const) {
      const fresh = await bareDebian(join(work.dir, `root-day0-${lang}`));
      const r = await runCli(
        [
          "init",
          "--yes",
          "--root",
          fresh,
          "--install-packages",
          "--k8s-version",
          DAY0,
          "--advertise-address",
          "10.0.0.10",
          "--answers",
          answersFile(),
          "--lang",
          lang,
        ],
        { overrides: { runner: (d) => new RootRunner(fresh, d) } },
      );
      // kubeadm is held at the exact version before anything else is installed.
      expect(await dpkgStatus(fresh, "kubeadm")).toBe("1.38.0-1.1 hi");
      if (lang === "en") {
        expect(r.stderr).toContain(
          `installing kubeadm ${DAY0} first (--install-packages): our image table ends before it, so its own list decides the images`,
        );
        expect(r.stderr).toContain(
          `kubeadm images: from kubeadm ${DAY0}, installed first by --install-packages (\`kubeadm config images list\`)`,
        );
      } else {
        expect(r.stderr).toContain(`先安装 kubeadm ${DAY0}（--install-packages）`);
        expect(r.stderr).toContain(`来自 kubeadm ${DAY0}，已由 --install-packages 先行安装`);
      }
      // The bare tree stops the run at preflight (no kernel, no containerd running): not ours here.
      expect(r.code).not.toBe(0);
    }
  }, 300_000);

  it("day 0 through the node step: the list is kubeadm's, not our newest row", async () => {
    const fresh = await bareDebian(join(work.dir, "root-day0-plan"));
    const runner = new RootRunner(fresh);
    const node = { fs: rootedHostFs({ root: fresh }), runner };
    const s = spec(repo.url, DAY0);
    const plan = await resolveImagePlanInstalling(node, join(fresh, "usr/bin/kubeadm"), s, {
      installPackages: true,
      dryRun: false,
    });
    expect(plan.source).toEqual({ kind: "kubeadm", version: DAY0, installedFirst: true });
    expect(plan.kubeadm).toEqual(DAY0_IMAGES.map((i) => `${s.imageRepository}/${i}`));
    // Idempotent: a second resolution installs nothing (kubeadm is there now).
    const again = new RootRunner(fresh);
    const second = await resolveImagePlanInstalling(
      { fs: node.fs, runner: again },
      join(fresh, "usr/bin/kubeadm"),
      s,
      { installPackages: true, dryRun: false },
    );
    expect(second.source).toEqual({ kind: "kubeadm", version: DAY0 });
    expect(again.calls.some((c) => c.startsWith("apt-get"))).toBe(false);
    // Without --install-packages nothing is installed: the table with its warning, as before.
    const bare = await bareDebian(join(work.dir, "root-day0-none"));
    const none = await resolveImagePlanInstalling(
      { fs: rootedHostFs({ root: bare }), runner: new RootRunner(bare) },
      join(bare, "usr/bin/kubeadm"),
      s,
      { installPackages: false, dryRun: false },
    );
    expect(none.kubeadmSource).toBe("table-fallback");
    expect(existsSync(join(bare, "usr/bin/kubeadm"))).toBe(false);
  }, 300_000);
});

describeRpm("install-packages with the real dnf on a bare Rocky Linux 9 root", () => {
  const work = tempWork("kadm-dnf-");
  let signer: Signer | undefined;
  let repo: Awaited<ReturnType<typeof serve>>;
  let root = "";

  beforeAll(async () => {
    signer = new Signer();
    await signer.init();
    const www = join(work.dir, "www");
    const rel = (p: StandIn, release: string): StandIn => ({
      ...p,
      version: `${p.version.split("-")[0]}-${release}`,
    });
    await rpmRepo(
      work.dir,
      join(www, "k8s/v1.33/rpm"),
      [
        ...kubeStandIns("v1.33.1", "1.1").map((p) => rel(p, "150500.1.1")),
        ...kubeStandIns("v1.33.2", "1.1").map((p) => rel(p, "150500.1.1")),
        {
          name: "cri-tools",
          version: "1.33.0-150500.1.1",
          files: { "/usr/bin/crictl": script("crictl version v1.33.0") },
        },
      ],
      signer,
    );
    await rpmRepo(
      work.dir,
      join(www, "k8s/v1.38/rpm"),
      day0StandIns("1.1").map((p) => rel(p, "150500.1.1")),
      signer,
    );
    await rpmRepo(
      work.dir,
      join(www, "docker-ce/linux/centos/9/x86_64/stable"),
      [
        {
          name: "containerd.io",
          version: "2.1.4-3.1.el9",
          files: { "/usr/bin/containerd": script("containerd 2.1.4"), "/usr/bin/runc": script("runc") },
        },
        {
          name: "containerd.io",
          version: "2.2.1-1.el9",
          files: { "/usr/bin/containerd": script("containerd 2.2.1") },
        },
      ],
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
    repo = await serve(www);
    root = join(work.dir, "root");
    writeFiles(root, {
      // Rocky Linux 9.4's own /etc/os-release (test/fixtures/os-release/rocky-9.txt says where from).
      "/etc/os-release": osRelease("rocky-9.txt"),
      "/etc/yum.repos.d/rocky.repo": `[baseos]\nname=Rocky Linux 9 - BaseOS\nbaseurl=${repo.url}/rocky/9/BaseOS/\ngpgcheck=1\nenabled=1\ngpgkey=${repo.url}/rocky/9/BaseOS/repodata/repomd.xml.key\n`,
      "/etc/selinux/config": "SELINUX=enforcing\nSELINUXTYPE=targeted\n",
      ...BASE_OS,
    });
  }, 180_000);
  afterAll(async () => {
    await repo?.close();
    await signer?.close();
    work.cleanup();
  });

  const rpmQ = async (pkg: string) =>
    (
      await execa("rpm", [`--root=${root}`, "-q", "--qf", "%{VERSION}-%{RELEASE}", pkg], { reject: false })
    ).stdout.trim();

  it("real run through planPreparation: dnf installs and excludes hold; SELinux set permissive with a backup", async () => {
    const runner = new RootRunner(root);
    const fs = rootedHostFs({ root });
    const steps = planPreparation({ fs, runner, lang: "en" }, spec(repo.url), { installPackages: true });
    expect(steps.map((s) => s.id).slice(0, 2)).toEqual(["packages", "rhel"]);
    const pkgs = await steps[0]?.run();
    expect(pkgs?.status).toBe("changed");
    const repoText = readFileSync(join(root, YUM_REPO), "utf8");
    expect(repoText).toContain("exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni");
    expect(readFileSync(join(root, DOCKER_YUM_REPO), "utf8")).toContain(
      `baseurl=${repo.url}/docker-ce/linux/centos/9/$basearch/stable`,
    );
    expect(await rpmQ("kubeadm")).toBe("1.33.2-150500.1.1");
    expect(await rpmQ("cri-tools")).toBe("1.33.0-150500.1.1");
    expect(await rpmQ("containerd.io")).toBe("2.1.4-3.1.el9");
    expect(await rpmQ("iptables-nft")).toBe("1.8.10-4.el9");
    // The excludes= hold, as dnf sees it: no kubeadm or containerd.io is offered for install or upgrade.
    const dnf = [
      "--installroot",
      root,
      "--releasever=9",
      "--noplugins",
      `--setopt=reposdir=${root}/etc/yum.repos.d`,
    ];
    const list = await execa("dnf", [...dnf, "list", "--available", "kubeadm", "containerd.io"], {
      reject: false,
    });
    expect(list.stdout).not.toMatch(/^kubeadm|^containerd\.io/m);

    const rhel = await steps[1]?.run();
    expect(rhel?.status).toBe("changed");
    expect(readFileSync(join(root, "etc/selinux/config"), "utf8")).toBe(
      "SELINUX=permissive\nSELINUXTYPE=targeted\n",
    );
    expect(rhel?.files[0]?.backup).toBeTruthy();

    const binaries = await checkBinaries({ fs, runner, probeSocket: async () => false });
    expect(binaries.status, binaries.evidence).toBe("pass");
    const kube = await checkKubeVersions(
      { fs, runner, probeSocket: async () => false },
      {
        kubernetesVersion: "v1.33.2",
        role: "control-plane",
        cgroupDriver: "systemd",
        criSocket: "unix:///var/run/containerd/containerd.sock",
      },
    );
    for (const c of kube) expect(c.status, `${c.id}: ${c.evidence}`).toBe("pass");
  }, 300_000);

  it("second run: unchanged", async () => {
    const runner = new RootRunner(root);
    const r = await installPackages({ fs: rootedHostFs({ root }), runner, lang: "en" }, spec(repo.url));
    expect(r.status).toBe("unchanged");
    expect(r.commands).toEqual([]);
  }, 120_000);

  it("day 0 (v1.38.0): dnf installs only kubeadm first from the per-minor repository, and its list is the plan", async () => {
    const fresh = join(work.dir, "root-day0");
    writeFiles(fresh, {
      "/etc/os-release": osRelease("rocky-9.txt"),
      "/etc/yum.repos.d/rocky.repo": readFileSync(join(root, "etc/yum.repos.d/rocky.repo"), "utf8"),
      ...BASE_OS,
    });
    const runner = new RootRunner(fresh);
    const s = spec(repo.url, DAY0);
    const plan = await resolveImagePlanInstalling(
      { fs: rootedHostFs({ root: fresh }), runner },
      join(fresh, "usr/bin/kubeadm"),
      s,
      { installPackages: true, dryRun: false },
    );
    expect(plan.source).toEqual({ kind: "kubeadm", version: DAY0, installedFirst: true });
    expect(plan.kubeadm).toEqual(DAY0_IMAGES.map((i) => `${s.imageRepository}/${i}`));
    const q = (pkg: string) =>
      execa("rpm", [`--root=${fresh}`, "-q", "--qf", "%{VERSION}-%{RELEASE}", pkg], { reject: false });
    expect((await q("kubeadm")).stdout).toBe("1.38.0-150500.1.1");
    // Only kubeadm: the packages step brings the rest later.
    expect((await q("kubelet")).exitCode).not.toBe(0);
    expect(readFileSync(join(fresh, YUM_REPO), "utf8")).toContain(`baseurl=${repo.url}/k8s/v1.38/rpm/`);
  }, 300_000);
});

/** One row per supported distribution release: its own os-release, the same local repositories. */
interface FamilyRow {
  fixture: string;
  /** What the report calls it (os-family.ts). */
  name: string;
}
const APT_ROWS: (FamilyRow & { docker: string; suite: string })[] = [
  { fixture: "ubuntu-20.04.txt", name: "Ubuntu 20.04", docker: "linux/ubuntu", suite: "focal" },
  { fixture: "ubuntu-22.04.txt", name: "Ubuntu 22.04", docker: "linux/ubuntu", suite: "jammy" },
  { fixture: "ubuntu-24.04.txt", name: "Ubuntu 24.04", docker: "linux/ubuntu", suite: "noble" },
  { fixture: "debian-11.txt", name: "Debian 11", docker: "linux/debian", suite: "bullseye" },
  { fixture: "debian-12.txt", name: "Debian 12", docker: "linux/debian", suite: "bookworm" },
  { fixture: "debian-13.txt", name: "Debian 13", docker: "linux/debian", suite: "trixie" },
];
const EL8 = ["conntrack-tools", "socat", "ebtables", "ethtool", "iptables", "iproute"];
const EL9 = ["conntrack-tools", "socat", "ethtool", "iptables-nft", "iproute"];
const RPM_ROWS: (FamilyRow & { el: string; tools: string[]; eol?: boolean })[] = [
  { fixture: "centos-7.txt", name: "CentOS 7", el: "7", tools: EL8, eol: true },
  { fixture: "almalinux-8.txt", name: "AlmaLinux 8", el: "8", tools: EL8 },
  { fixture: "almalinux-9.txt", name: "AlmaLinux 9", el: "9", tools: EL9 },
  { fixture: "almalinux-10.txt", name: "AlmaLinux 10", el: "10", tools: EL9 },
  { fixture: "rocky-8.txt", name: "Rocky Linux 8", el: "8", tools: EL8 },
  { fixture: "rocky-9.txt", name: "Rocky Linux 9", el: "9", tools: EL9 },
  { fixture: "rocky-10.txt", name: "Rocky Linux 10", el: "10", tools: EL9 },
  { fixture: "rhel-8.txt", name: "RHEL 8", el: "8", tools: EL8 },
  { fixture: "rhel-9.txt", name: "RHEL 9", el: "9", tools: EL9 },
  { fixture: "rhel-10.txt", name: "RHEL 10", el: "10", tools: EL9 },
  { fixture: "openeuler-22.03.txt", name: "openEuler 22.03", el: "8", tools: EL8 },
  { fixture: "openeuler-24.03.txt", name: "openEuler 24.03", el: "9", tools: EL8 },
  { fixture: "kylin-v10.txt", name: "Kylin V10", el: "8", tools: EL8 },
  { fixture: "anolis-8.txt", name: "Anolis OS 8", el: "8", tools: EL8 },
  { fixture: "alinux-3.txt", name: "Alibaba Cloud Linux 3", el: "8", tools: EL8 },
  { fixture: "uos-20.txt", name: "UOS Server 20", el: "8", tools: EL8 },
];

/** This machine has dnf, not yum: CentOS 7's yum takes the same arguments for what we run. */
class YumAsDnf extends RootRunner {
  override run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    return super.run(argv[0] === "yum" ? ["dnf", ...argv.slice(1)] : argv, opts);
  }
}

describeDeb("every apt family: the real apt-get on each distribution's bare root", () => {
  const work = tempWork("kadm-aptf-");
  let signer: Signer | undefined;
  let repo: Awaited<ReturnType<typeof serve>>;
  let distroKey: Buffer;

  beforeAll(async () => {
    signer = new Signer();
    await signer.init();
    const www = join(work.dir, "www");
    await flatAptRepo(
      work.dir,
      join(www, "k8s/v1.33/deb"),
      [
        ...kubeStandIns("v1.33.2", "1.1"),
        { name: "cri-tools", version: "1.33.0-1.1", files: { "/usr/bin/crictl": script("crictl v1.33.0") } },
      ],
      signer,
    );
    // Each distribution's own archive: a containerd too old for 1.33, runc, the tools.
    await flatAptRepo(
      work.dir,
      join(www, "distro"),
      [
        {
          name: "containerd",
          version: "1.6.20~ds1-1",
          files: { "/usr/bin/containerd": script("containerd 1.6.20") },
        },
        ...DEB_TOOLS,
      ],
      signer,
    );
    const suites = new Map<string, string[]>();
    for (const r of APT_ROWS) suites.set(r.docker, [...(suites.get(r.docker) ?? []), r.suite]);
    for (const [path, list] of suites) {
      for (const suite of list) {
        await suiteAptRepo(
          work.dir,
          join(www, "docker-ce", path),
          suite,
          [
            {
              name: "containerd.io",
              version: "2.1.4-1",
              files: { "/usr/bin/containerd": script("containerd 2.1.4"), "/usr/bin/runc": script("runc") },
            },
          ],
          signer,
        );
      }
    }
    distroKey = (
      await execa("gpg", ["--dearmor"], {
        input: await signer.publicKey(),
        encoding: "buffer",
        stripFinalNewline: false,
      })
    ).stdout as unknown as Buffer;
    repo = await serve(www);
  }, 240_000);
  afterAll(async () => {
    await repo?.close();
    await signer?.close();
    work.cleanup();
  });

  for (const row of APT_ROWS) {
    it(`${row.name}: repositories with their keyrings, pinned installs held, a second run changes nothing`, async () => {
      const root = join(work.dir, row.fixture.replace(/\.txt$/, ""));
      mkdirSync(join(root, "usr/share/keyrings"), { recursive: true });
      writeFileSync(join(root, "usr/share/keyrings/distro.gpg"), distroKey);
      writeFiles(root, {
        "/etc/os-release": osRelease(row.fixture),
        "/etc/apt/sources.list.d/distro.list": `deb [signed-by=/usr/share/keyrings/distro.gpg] ${repo.url}/distro/ /\n`,
        "/var/lib/dpkg/status": "",
        ...BASE_OS,
      });
      for (const d of [
        "etc/apt/apt.conf.d",
        "etc/apt/preferences.d",
        "var/lib/dpkg/info",
        "var/lib/dpkg/updates",
        "var/lib/apt/lists/partial",
        "var/cache/apt/archives/partial",
        "var/log/apt",
      ])
        mkdirSync(join(root, d), { recursive: true });
      const env = (runner: RootRunner) => ({ fs: rootedHostFs({ root }), runner, lang: "en" as const });

      const firstRunner = new RootRunner(root);
      const first = await installPackages(env(firstRunner), spec(repo.url));
      expect(first.status).toBe("changed");
      await expectPreflightPasses(root, firstRunner);
      expect(readFileSync(join(root, APT_LIST), "utf8")).toContain(
        `deb [signed-by=${APT_KEYRING}] ${repo.url}/k8s/v1.33/deb/ /`,
      );
      expect(readFileSync(join(root, DOCKER_APT_LIST), "utf8")).toContain(
        `deb [arch=${NATIVE_ARCH} signed-by=${DOCKER_APT_KEYRING}] ${repo.url}/docker-ce/${row.docker} ${row.suite} stable`,
      );
      // Binary keyrings (dearmored), as signed-by wants: an OpenPGP public-key packet, not ASCII armour.
      for (const k of [APT_KEYRING, DOCKER_APT_KEYRING]) {
        const bytes = readFileSync(join(root, k));
        expect(bytes[0] === 0x98 || bytes[0] === 0x99, `${k} starts with 0x${bytes[0]?.toString(16)}`).toBe(
          true,
        );
      }
      expect(await dpkgStatus(root, "kubeadm")).toBe("1.33.2-1.1 hi");
      expect(await dpkgStatus(root, "cri-tools")).toBe("1.33.0-1.1 hi");
      expect(await dpkgStatus(root, "containerd.io")).toBe("2.1.4-1 hi");
      expect(await dpkgStatus(root, "iproute2")).toBe("6.1.0-3 ii");
      expect(await showhold(root)).toEqual(["containerd.io", "cri-tools", "kubeadm", "kubectl", "kubelet"]);

      const again = new RootRunner(root);
      const second = await installPackages(env(again), spec(repo.url));
      expect(second.status).toBe("unchanged");
      expect(second.commands).toEqual([]);
      expect(again.calls.filter((c) => c.startsWith("apt-get"))).toEqual([]);
    }, 180_000);
  }
});

describeRpm("every dnf/yum family: the real dnf on each distribution's bare root", () => {
  const work = tempWork("kadm-dnff-");
  let signer: Signer | undefined;
  let repo: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    signer = new Signer();
    await signer.init();
    const www = join(work.dir, "www");
    const rel = (p: StandIn): StandIn => ({ ...p, version: `${p.version.split("-")[0]}-150500.1.1` });
    await rpmRepo(
      work.dir,
      join(www, "k8s/v1.33/rpm"),
      [
        ...kubeStandIns("v1.33.2", "1.1").map(rel),
        {
          name: "cri-tools",
          version: "1.33.0-150500.1.1",
          files: { "/usr/bin/crictl": script("crictl v1.33.0") },
        },
      ],
      signer,
    );
    for (const el of new Set(RPM_ROWS.map((r) => r.el))) {
      await rpmRepo(
        work.dir,
        join(www, `docker-ce/linux/centos/${el}/x86_64/stable`),
        [
          {
            name: "containerd.io",
            version: `2.1.4-3.1.el${el}`,
            files: { "/usr/bin/containerd": script("containerd 2.1.4"), "/usr/bin/runc": script("runc") },
          },
        ],
        signer,
        join(www, "docker-ce/linux/centos/gpg"),
      );
    }
    // One archive with every tool name the families use (EL7/EL8 names and EL9's iptables-nft).
    await rpmRepo(
      work.dir,
      join(www, "base"),
      [
        tool("conntrack-tools", "1.4.7-2", ["conntrack"]),
        tool("socat", "1.7.4.1-5"),
        tool("ebtables", "2.0.11-9"),
        tool("ethtool", "6.2-1"),
        tool("iptables", "1.8.5-11"),
        // As on EL9: iptables-nft brings the iptables and ebtables commands (nft backends).
        tool("iptables-nft", "1.8.10-4", ["iptables", "ebtables"]),
        { name: "iproute", version: "6.2.0-5", files: { "/usr/sbin/ip": script("ip") } },
      ],
      signer,
    );
    repo = await serve(www);
  }, 300_000);
  afterAll(async () => {
    await repo?.close();
    await signer?.close();
    work.cleanup();
  });

  for (const row of RPM_ROWS) {
    it(`${row.name}: repositories with gpgkey and exclude holds, pinned installs, EL ${row.el} docker-ce tree, a second run changes nothing`, async () => {
      const root = join(work.dir, row.fixture.replace(/\.txt$/, ""));
      writeFiles(root, {
        "/etc/os-release": osRelease(row.fixture),
        "/etc/yum.repos.d/base.repo": `[base]\nname=base\nbaseurl=${repo.url}/base/\ngpgcheck=1\nenabled=1\ngpgkey=${repo.url}/base/repodata/repomd.xml.key\n`,
        ...BASE_OS,
      });
      const env = (runner: RootRunner) => ({ fs: rootedHostFs({ root }), runner, lang: "en" as const });
      const firstRunner = new YumAsDnf(root);
      const first = await installPackages(env(firstRunner), spec(repo.url));
      expect(first.status).toBe("changed");
      await expectPreflightPasses(root, firstRunner);
      const k8s = readFileSync(join(root, YUM_REPO), "utf8");
      expect(k8s).toContain(`baseurl=${repo.url}/k8s/v1.33/rpm/`);
      expect(k8s).toContain(`gpgkey=${repo.url}/k8s/v1.33/rpm/repodata/repomd.xml.key`);
      expect(k8s).toContain("exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni");
      const docker = readFileSync(join(root, DOCKER_YUM_REPO), "utf8");
      expect(docker).toContain(`baseurl=${repo.url}/docker-ce/linux/centos/${row.el}/$basearch/stable`);
      expect(docker).toContain("exclude=containerd.io");
      const q = async (pkg: string) =>
        (
          await execa("rpm", [`--root=${root}`, "-q", "--qf", "%{VERSION}-%{RELEASE}", pkg], {
            reject: false,
          })
        ).stdout.trim();
      expect(await q("kubeadm")).toBe("1.33.2-150500.1.1");
      expect(await q("cri-tools")).toBe("1.33.0-150500.1.1");
      expect(await q("containerd.io")).toBe(`2.1.4-3.1.el${row.el}`);
      for (const t of row.tools) expect(await q(t), t).not.toMatch(/not installed/);
      if (row.eol) expect(first.notes[0]).toContain(`${row.name} reached its end of life on 2024-06-30`);
      // The exclude= hold as dnf itself sees it: nothing pinned is offered.
      const list = await execa(
        "dnf",
        [
          `--installroot=${root}`,
          `--releasever=${row.el}`,
          "--noplugins",
          `--setopt=reposdir=${root}/etc/yum.repos.d`,
          "list",
          "--available",
          "kubeadm",
          "containerd.io",
        ],
        { reject: false },
      );
      expect(list.stdout).not.toMatch(/^kubeadm|^containerd\.io/m);

      const again = new YumAsDnf(root);
      const second = await installPackages(env(again), spec(repo.url));
      expect(second.status).toBe("unchanged");
      expect(second.commands).toEqual([]);
      expect(again.calls.filter((c) => /^(dnf|yum) /.test(c))).toEqual([]);
    }, 180_000);
  }
});
