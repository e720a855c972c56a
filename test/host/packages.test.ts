import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { KadmError } from "../../src/errors.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { packageFamily, parseOsRelease } from "../../src/host/preflight/os-release.js";
import { detectDistro } from "../../src/host/steps/os-family.js";
import {
  APT_KEYRING,
  APT_LIST,
  APT_ROOT_CONF,
  aptVersionFor,
  CRICTL_YAML,
  DOCKER_APT_KEYRING,
  DOCKER_APT_LIST,
  DOCKER_YUM_REPO,
  installPackages,
  repoUrl,
  YUM_REPO,
} from "../../src/host/steps/packages.js";
import { RUNTIME_MATRIX, recentEnough, runtimePins } from "../../src/host/steps/runtime-matrix.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import { resolveSpec } from "../../src/spec/resolve.js";
import { FakeRunner } from "../fakes/runner.js";

const ALIYUN_APT = "https://mirrors.aliyun.com/kubernetes-new/core/stable/{minor}/deb/";
const ALIYUN_YUM = "https://mirrors.aliyun.com/kubernetes-new/core/stable/{minor}/rpm/";
/** Real os-release texts; each file names where it is from. */
const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/os-release", name), "utf8");
const DEBIAN = fixture("debian-12.txt");
const ROCKY = fixture("rocky-9.txt");
// `apt-cache madison kubeadm` against the per-minor repository.
const MADISON = `   kubeadm | 1.33.3-1.1 | https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/deb  Packages
   kubeadm | 1.33.2-1.1 | https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/deb  Packages
   kubeadm | 1.33.1-1.1 | https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/deb  Packages
`;

const spec = (values: Record<string, unknown> = {}) =>
  resolveSpec(
    [
      { source: "default", values: BUILTIN_DEFAULTS },
      {
        source: "profile",
        values: {
          "packageRepository.apt": ALIYUN_APT,
          "packageRepository.yum": ALIYUN_YUM,
          "packageRepository.dockerCe": "https://mirrors.aliyun.com/docker-ce",
        },
      },
      { source: "flags", values: { kubernetesVersion: "v1.33.2", ...values } },
    ],
    "aliyun",
    "init",
  ).spec;

function root(osRelease: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "kadm-pkg-"));
  for (const [path, text] of Object.entries({ "/etc/os-release": osRelease, ...extra })) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const env = (dir: string, runner: FakeRunner) => ({
  fs: rootedHostFs({ root: dir, dryRun: runner.dryRun }),
  runner,
  lang: "en" as const,
});

describe("package installation", () => {
  it("expands the per-minor repository", () => {
    expect(repoUrl(ALIYUN_APT, "v1.33.2")).toBe(
      "https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/deb/",
    );
    expect(repoUrl("https://pkgs.k8s.io/core:/stable:/{minor}/rpm", "v1.30.4")).toBe(
      "https://pkgs.k8s.io/core:/stable:/v1.30/rpm/",
    );
  });

  it("finds the exact apt version of the pinned release", () => {
    expect(aptVersionFor(MADISON, "v1.33.2")).toBe("1.33.2-1.1");
    expect(aptVersionFor(MADISON, "v1.33.4")).toBeUndefined();
  });

  it("apt: adds the repository and key, installs the pinned versions and the runtime, holds them", async () => {
    const dir = root(DEBIAN);
    const runner = new FakeRunner({
      "apt-cache madison kubeadm": { stdout: MADISON },
      "apt-cache policy containerd": {
        stdout: "containerd:\n  Installed: (none)\n  Candidate: 1.6.20~ds1-1+deb12u1\n",
      },
    });
    const r = await installPackages(env(dir, runner), spec());
    expect(r.status).toBe("changed");
    expect(readFileSync(join(dir, APT_LIST), "utf8")).toContain(
      `deb [signed-by=${APT_KEYRING}] https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/deb/ /`,
    );
    expect(readFileSync(join(dir, DOCKER_APT_LIST), "utf8")).toContain(
      `deb [signed-by=${DOCKER_APT_KEYRING}] https://mirrors.aliyun.com/docker-ce/linux/debian bookworm stable`,
    );
    const changes = runner.changes;
    expect(changes).toContain(
      `curl -fsSL --retry 3 -o ${join(dir, APT_KEYRING)}.asc https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/deb/Release.key`,
    );
    expect(changes).toContain(
      `curl -fsSL --retry 3 -o ${join(dir, DOCKER_APT_KEYRING)}.asc https://mirrors.aliyun.com/docker-ce/linux/debian/gpg`,
    );
    expect(changes).toContain("apt-get -o Acquire::Retries=3 update");
    expect(changes).toContain(
      "apt-get -o Acquire::Retries=3 install -y --no-install-recommends --allow-downgrades --allow-change-held-packages kubelet=1.33.2-1.1 kubeadm=1.33.2-1.1 kubectl=1.33.2-1.1 cri-tools=1.33.* containerd.io=2.1.* conntrack socat ebtables ethtool iptables iproute2",
    );
    expect(changes).toContain("apt-mark hold kubelet kubeadm kubectl cri-tools containerd.io");
    expect(changes.slice(-2)).toEqual([
      `systemctl --root=${dir} enable containerd`,
      `systemctl --root=${dir} enable kubelet`,
    ]);
    // Under --root apt runs with the root's configuration, never this machine's.
    const apt = runner.calls.find((c) => c.argv[0] === "apt-get");
    expect(apt?.opts.env?.APT_CONFIG).toBe(join(dir, APT_ROOT_CONF));
    expect(readFileSync(join(dir, CRICTL_YAML), "utf8")).toContain(
      "runtime-endpoint: unix:///var/run/containerd/containerd.sock",
    );
  });

  it("apt: the distribution's containerd when it is recent enough for the minor", async () => {
    const dir = root(DEBIAN);
    const runner = new FakeRunner({
      "apt-cache madison kubeadm": {
        stdout: MADISON.replaceAll("1.33.", "1.30.").replaceAll("v1.33", "v1.30"),
      },
      "apt-cache policy containerd": { stdout: "containerd:\n  Candidate: 1.6.20~ds1-1+deb12u1\n" },
    });
    const r = await installPackages(env(dir, runner), spec({ kubernetesVersion: "v1.30.2" }));
    const install = runner.changes.find((c) => c.startsWith("apt-get -o Acquire::Retries=3 install")) ?? "";
    expect(install).toContain(" containerd=1.6.20~ds1-1+deb12u1 runc ");
    expect(install).not.toContain("containerd.io");
    expect(runner.changes).toContain("apt-mark hold kubelet kubeadm kubectl cri-tools containerd");
    expect(r.notes.join("\n")).toContain("containerd 1.6.20~ds1-1+deb12u1 from the distribution");
  });

  it("apt: a docker-ce repository the host already has is used, not added a second time", async () => {
    const dir = root(DEBIAN, {
      "/etc/apt/sources.list.d/docker.list":
        "deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian bookworm stable\n",
    });
    const runner = new FakeRunner({
      "apt-cache madison kubeadm": { stdout: MADISON },
      "apt-cache policy containerd": { stdout: "containerd:\n  Candidate: 1.6.20~ds1-1+deb12u1\n" },
      "apt-cache policy containerd.io": {
        stdout: "containerd.io:\n  Installed: (none)\n  Candidate: 2.1.4-1\n",
      },
    });
    const r = await installPackages(env(dir, runner), spec());
    expect(() => readFileSync(join(dir, DOCKER_APT_LIST))).toThrow();
    expect(runner.changes.join("\n")).not.toContain("docker-ce.gpg");
    expect(runner.changes.find((c) => c.startsWith("apt-get -o Acquire::Retries=3 install"))).toContain(
      "containerd.io=2.1.*",
    );
    expect(r.notes.join("\n")).toContain("docker-ce repository this host already has (candidate 2.1.4-1)");
    // Its list is copied for the rooted apt run with the keyring path under the root.
    expect(readFileSync(join(dir, "run/kadm-wizard/apt/sources.list.d/docker.list"), "utf8")).toContain(
      `signed-by=${dir}/etc/apt/keyrings/docker.asc`,
    );
  });

  it("apt: no docker-ce mirror and an old distribution containerd: a clear error before installing", async () => {
    const runner = new FakeRunner({
      "apt-cache madison kubeadm": { stdout: MADISON },
      "apt-cache policy containerd": { stdout: "containerd:\n  Candidate: 1.6.20~ds1-1+deb12u1\n" },
    });
    const err = await installPackages(
      env(root(DEBIAN), runner),
      spec({ "packageRepository.dockerCe": "" }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(KadmError);
    expect(err.message).toBe(
      "the distribution's containerd (1.6.20~ds1-1+deb12u1) is older than the 1.7 this Kubernetes minor needs, and profile aliyun names no docker-ce mirror for containerd.io.",
    );
    expect(err.hint).toContain("packageRepository.dockerCe");
    expect(runner.changes.some((c) => c.startsWith("apt-get -o Acquire::Retries=3 install"))).toBe(false);
  });

  it("apt: a mirror without the pinned patch gives a clear error", async () => {
    const runner = new FakeRunner({ "apt-cache madison kubeadm": { stdout: MADISON } });
    const err = await installPackages(
      env(root(DEBIAN), runner),
      spec({ kubernetesVersion: "v1.33.9" }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(KadmError);
    expect(err.message).toMatch(
      /v1\.33\.9 is not in https:\/\/mirrors\.aliyun\.com\/kubernetes-new\/core\/stable\/v1\.33\/deb\//,
    );
  });

  it("dnf (Rocky 9): the repositories with their exclude holds, one pinned transaction", async () => {
    const dir = root(ROCKY);
    const runner = new FakeRunner();
    await installPackages(env(dir, runner), spec());
    const repo = readFileSync(join(dir, YUM_REPO), "utf8");
    expect(repo).toContain("baseurl=https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/rpm/\n");
    expect(repo).toContain(
      "gpgkey=https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/rpm/repodata/repomd.xml.key",
    );
    expect(repo).toContain("exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni");
    const docker = readFileSync(join(dir, DOCKER_YUM_REPO), "utf8");
    expect(docker).toContain("baseurl=https://mirrors.aliyun.com/docker-ce/linux/centos/9/$basearch/stable");
    expect(docker).toContain("gpgkey=https://mirrors.aliyun.com/docker-ce/linux/centos/gpg");
    expect(docker).toContain("exclude=containerd.io");
    const rooted = `dnf --installroot=${dir} --releasever=9 --setopt=reposdir=${dir}/etc/yum.repos.d --noplugins`;
    expect(runner.changes).toEqual([
      `${rooted} install -y --disableexcludes=kubernetes --disableexcludes=docker-ce-stable kubelet-1.33.2 kubeadm-1.33.2 kubectl-1.33.2 cri-tools-1.33.* containerd.io-2.1.* conntrack-tools socat ethtool iptables-nft iproute`,
      `systemctl --root=${dir} enable containerd`,
      `systemctl --root=${dir} enable kubelet`,
    ]);
  });

  it("CentOS 7: yum, the EL7 tools and docker-ce tree, and its end of life said", async () => {
    const dir = root(fixture("centos-7.txt"));
    const runner = new FakeRunner();
    const r = await installPackages(env(dir, runner), spec({ kubernetesVersion: "v1.28.4" }));
    expect(runner.changes[0]).toMatch(
      /^yum --installroot=\S+ --releasever=7 .* install -y .* containerd\.io-1\.7\.\* conntrack-tools socat ebtables ethtool iptables iproute$/,
    );
    expect(readFileSync(join(dir, DOCKER_YUM_REPO), "utf8")).toContain(
      "/docker-ce/linux/centos/7/$basearch/stable",
    );
    expect(r.notes[0]).toBe(
      "CentOS 7 reached its end of life on 2024-06-30: still supported here, but it gets no security fixes.",
    );
  });

  it("the node's architecture: arm64 gets arch=arm64 on docker-ce's line; s390x and i686 are refused before any change", async () => {
    const policy = {
      "apt-cache madison kubeadm": { stdout: MADISON },
      "apt-cache policy containerd": { stdout: "containerd:\n  Candidate: 1.6.20~ds1-1+deb12u1\n" },
    };
    const arm = root(DEBIAN);
    const r = await installPackages(
      env(arm, new FakeRunner({ ...policy, "uname -m": { stdout: "aarch64\n" } })),
      spec(),
    );
    expect(r.status).toBe("changed");
    expect(readFileSync(join(arm, DOCKER_APT_LIST), "utf8")).toContain(
      `deb [arch=arm64 signed-by=${DOCKER_APT_KEYRING}] https://mirrors.aliyun.com/docker-ce/linux/debian bookworm stable`,
    );
    // No uname: dpkg's own word counts.
    const dpkg = root(DEBIAN);
    await installPackages(
      env(
        dpkg,
        new FakeRunner({
          ...policy,
          "uname -m": { notFound: true, exitCode: 127 },
          "dpkg --print-architecture": { stdout: "amd64\n" },
        }),
      ),
      spec(),
    );
    expect(readFileSync(join(dpkg, DOCKER_APT_LIST), "utf8")).toContain("deb [arch=amd64 signed-by=");
    for (const [machine, lang, text] of [
      [
        "s390x",
        "en",
        "cannot install packages on this Debian 12 node: its architecture is s390x, and kadm-wizard installs packages only for amd64 (x86_64) and arm64 (aarch64).",
      ],
      [
        "i686",
        "zh",
        "无法在这台 Debian 12 节点上安装软件包：其架构为 i686，kadm-wizard 只为 amd64（x86_64）和 arm64（aarch64）安装软件包。",
      ],
    ] as const) {
      const dir = root(DEBIAN);
      const runner = new FakeRunner({ ...policy, "uname -m": { stdout: `${machine}\n` } });
      const e = await installPackages({ ...env(dir, runner), lang }, spec()).catch((x) => x);
      expect(e).toBeInstanceOf(KadmError);
      expect(e.message).toBe(text);
      expect(e.exitCode).toBe(2);
      expect(runner.changes).toEqual([]);
      expect(() => readFileSync(join(dir, APT_LIST))).toThrow();
    }
  });

  it("refuses unknown distributions (naming the family) and profiles without a repository, en and zh", async () => {
    const unknown = await installPackages(
      env(root("ID=alpine\nVERSION_ID=3.20.3\n"), new FakeRunner()),
      spec(),
    ).catch((e) => e);
    expect(unknown.message).toBe(
      "cannot install packages on alpine 3.20.3: /etc/os-release names neither a Debian/Ubuntu nor a RHEL-family system.",
    );
    expect(unknown.exitCode).toBe(2); // bad input: nothing changed, a re-run will not help
    expect(unknown.hint).toContain(
      "supported: Ubuntu 20.04/22.04/24.04, Debian 11/12/13, CentOS 7, Rocky Linux 8/9/10",
    );
    const fedora = await installPackages(
      {
        ...env(
          root('NAME="Fedora Linux"\nID=fedora\nVERSION_ID=41\nPRETTY_NAME="Fedora Linux 41"\n'),
          new FakeRunner(),
        ),
        lang: "zh",
      },
      spec(),
    ).catch((e) => e);
    expect(fedora.message).toBe(
      "无法在 Fedora Linux 41 上安装软件包：它属于 RHEL (dnf/yum) 系，但不是 kadm-wizard 已知软件包的发行版版本。",
    );
    const ubuntu18 = await installPackages(
      env(
        root('ID=ubuntu\nID_LIKE=debian\nVERSION_ID="18.04"\nPRETTY_NAME="Ubuntu 18.04.6 LTS"\n'),
        new FakeRunner(),
      ),
      spec(),
    ).catch((e) => e);
    expect(ubuntu18.message).toContain("Ubuntu 18.04.6 LTS: it is of the Debian/Ubuntu (apt) family");
    const none = await installPackages(
      env(root(DEBIAN), new FakeRunner()),
      spec({ "packageRepository.apt": "" }),
    ).catch((e) => e);
    expect(none.message).toMatch(/names no package repository/);
  });

  it("dry-run records every change and writes nothing", async () => {
    const dir = root(DEBIAN);
    const runner = new FakeRunner({}, true);
    const r = await installPackages(env(dir, runner), spec());
    expect(r.status).toBe("changed");
    expect(runner.recorded).toContain("apt-get -o Acquire::Retries=3 update");
    expect(
      runner.recorded.some(
        (c) => c.startsWith("apt-get -o Acquire::Retries=3 install -y") && c.includes("kubeadm=1.33.2-*"),
      ),
    ).toBe(true);
    expect(() => readFileSync(join(dir, APT_LIST))).toThrow();
    expect(() => readFileSync(join(dir, CRICTL_YAML))).toThrow();
  });
});

const FAMILIES: [string, string, string, string, string][] = [
  // fixture, key, family, manager, docker-ce tree
  ["ubuntu-22.04.txt", "ubuntu-22.04", "deb", "apt", "linux/ubuntu jammy"],
  ["debian-11.txt", "debian-11", "deb", "apt", "linux/debian bullseye"],
  ["debian-12.txt", "debian-12", "deb", "apt", "linux/debian bookworm"],
  ["centos-7.txt", "centos-7", "rpm", "yum", "linux/centos 7"],
  ["rocky-9.txt", "rocky-9", "rpm", "dnf", "linux/centos 9"],
  ["openeuler-22.03.txt", "openeuler-22.03", "rpm", "dnf", "linux/centos 8"],
  ["openeuler-24.03.txt", "openeuler-24.03", "rpm", "dnf", "linux/centos 9"],
  ["kylin-v10.txt", "kylin-v10", "rpm", "dnf", "linux/centos 8"],
  ["anolis-8.txt", "anolis-8", "rpm", "dnf", "linux/centos 8"],
  ["alinux-3.txt", "alinux-3", "rpm", "dnf", "linux/centos 8"],
  ["uos-20.txt", "uos-20", "rpm", "dnf", "linux/centos 8"],
];

describe("the OS family table (real os-release texts, test/fixtures/os-release)", () => {
  it.each(FAMILIES)("%s -> %s (%s, %s, docker-ce %s)", (file, key, family, manager, tree) => {
    const d = detectDistro(parseOsRelease(fixture(file)));
    if (!d.ok) throw new Error(`not detected: ${d.what}`);
    expect([d.distro.key, d.distro.family, d.distro.manager]).toEqual([key, family, manager]);
    expect(`${d.distro.dockerCe.path} ${d.distro.dockerCe.suite ?? d.distro.dockerCe.elRelease}`).toBe(tree);
    expect(d.distro.rhelLike).toBe(family === "rpm");
    expect(packageFamily(parseOsRelease(fixture(file)))).toBe(family);
  });

  it("the versions without a fixture here match on VERSION_ID", () => {
    const of = (id: string, v: string, like = "") =>
      detectDistro({ ID: id, VERSION_ID: v, ...(like ? { ID_LIKE: like } : {}) });
    for (const [id, v, key] of [
      ["ubuntu", "20.04", "ubuntu-20.04"],
      ["ubuntu", "24.04", "ubuntu-24.04"],
      ["debian", "13", "debian-13"],
      ["rocky", "8.10", "rocky-8"],
      ["almalinux", "9.5", "almalinux-9"],
      ["rhel", "10.0", "rhel-10"],
    ] as const) {
      const d = of(id, v);
      expect(d.ok && d.distro.key, `${id} ${v}`).toBe(key);
    }
    const uosDesktop = detectDistro({ ID: "uos", VERSION_ID: "20", NAME: "UnionTech OS Desktop 20" });
    expect(uosDesktop.ok).toBe(false);
  });

  it("the runtime matrix: the oldest containerd and the containerd.io series per minor", () => {
    expect(runtimePins("v1.37.1")).toEqual({ minContainerd: "2.0", containerdIo: "2.2" });
    expect(runtimePins("v1.35.0")).toEqual({ minContainerd: "1.7", containerdIo: "2.1" });
    expect(runtimePins("v1.30.4")).toEqual({ minContainerd: "1.6", containerdIo: "1.7" });
    expect(runtimePins("v1.40.0")).toEqual(runtimePins("v1.37.0"));
    expect(recentEnough("1.7.24~ds1-1", "1.7")).toBe(true);
    expect(recentEnough("1:1.6.20~ds1-1", "1.7")).toBe(false);
    expect(recentEnough("2.0.0", "1.7")).toBe(true);
  });
});

describe("README's runtime table is the matrix the code pins", () => {
  it("one row per RUNTIME_MATRIX entry: minors, minimum containerd, containerd.io series", () => {
    const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
    const rows = [...readme.matchAll(/^\| (1\.\d+)–(1\.\d+) \| (\d+\.\d+) \| (\d+\.\d+)\.x \|/gm)].map(
      (m) => [Number(m[1]?.split(".")[1]), Number(m[2]?.split(".")[1]), m[3], m[4]],
    );
    expect(rows).toEqual(
      RUNTIME_MATRIX.map((r) => [r.from, r.to, r.pins.minContainerd, r.pins.containerdIo]),
    );
  });
});
