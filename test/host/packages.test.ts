import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { KadmError } from "../../src/errors.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import {
  APT_KEYRING,
  APT_LIST,
  aptVersionFor,
  installPackages,
  repoUrl,
  YUM_REPO,
} from "../../src/host/steps/packages.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import { resolveSpec } from "../../src/spec/resolve.js";
import { FakeRunner } from "../fakes/runner.js";

const ALIYUN_APT = "https://mirrors.aliyun.com/kubernetes-new/core/stable/{minor}/deb/";
const ALIYUN_YUM = "https://mirrors.aliyun.com/kubernetes-new/core/stable/{minor}/rpm/";
const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n';
const ROCKY = 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n';
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
        values: { "packageRepository.apt": ALIYUN_APT, "packageRepository.yum": ALIYUN_YUM },
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

  it("apt: adds the repository and key, installs the pinned versions, holds them", async () => {
    const dir = root(DEBIAN);
    const runner = new FakeRunner({
      "dpkg-query -W -f=${Version} kubelet": {
        exitCode: 1,
        stderr: "dpkg-query: no packages found matching kubelet",
      },
      "apt-cache madison kubeadm": { stdout: MADISON },
    });
    const r = await installPackages(env(dir, runner), spec());
    expect(r.status).toBe("changed");
    expect(readFileSync(join(dir, APT_LIST), "utf8")).toContain(
      `deb [signed-by=${APT_KEYRING}] https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/deb/ /`,
    );
    const changes = runner.changes;
    expect(changes).toContain(
      `curl -fsSL --retry 3 -o ${join(dir, APT_KEYRING)}.asc https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/deb/Release.key`,
    );
    expect(changes).toContain("apt-get update");
    expect(changes).toContain(
      "apt-get install -y --allow-downgrades --allow-change-held-packages kubelet=1.33.2-1.1 kubeadm=1.33.2-1.1 kubectl=1.33.2-1.1",
    );
    expect(changes).toContain("apt-mark hold kubelet kubeadm kubectl");
    expect(changes.at(-1)).toBe("systemctl enable --now kubelet");
  });

  it("apt: nothing to do when the pinned versions are installed and held", async () => {
    const dir = root(DEBIAN, { [APT_KEYRING]: "key" });
    const first = new FakeRunner({ "apt-cache madison kubeadm": { stdout: MADISON } });
    await installPackages(env(dir, first), spec()); // writes the list
    const runner = new FakeRunner({
      "dpkg-query -W -f=${Version} kubelet": { stdout: "1.33.2-1.1" },
      "dpkg-query -W -f=${Version} kubeadm": { stdout: "1.33.2-1.1" },
      "dpkg-query -W -f=${Version} kubectl": { stdout: "1.33.2-1.1" },
      "apt-mark showhold": { stdout: "kubeadm\nkubectl\nkubelet\n" },
    });
    const r = await installPackages(env(dir, runner), spec());
    expect(r.status).toBe("unchanged");
    expect(runner.changes).toEqual([]);
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

  it("yum: writes the repository with its exclude hold and installs the pinned release", async () => {
    const dir = root(ROCKY);
    const runner = new FakeRunner({ "rpm -q --qf %{VERSION} kubelet": { exitCode: 1 } });
    await installPackages(env(dir, runner), spec());
    const repo = readFileSync(join(dir, YUM_REPO), "utf8");
    expect(repo).toContain("baseurl=https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/rpm/\n");
    expect(repo).toContain(
      "gpgkey=https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.33/rpm/repodata/repomd.xml.key",
    );
    expect(repo).toContain("exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni");
    expect(runner.changes).toEqual([
      "yum install -y --disableexcludes=kubernetes kubelet-1.33.2 kubeadm-1.33.2 kubectl-1.33.2",
      "systemctl enable --now kubelet",
    ]);
  });

  it("refuses unknown distributions and profiles without a repository", async () => {
    const unknown = await installPackages(env(root("ID=alpine\n"), new FakeRunner()), spec()).catch((e) => e);
    expect(unknown.message).toMatch(/neither a Debian\/Ubuntu nor a RHEL-like/);
    const none = await installPackages(
      env(root(DEBIAN), new FakeRunner()),
      spec({ "packageRepository.apt": "" }),
    ).catch((e) => e);
    expect(none.message).toMatch(/names no package repository/);
  });

  it("dry-run records every change and writes nothing", async () => {
    const dir = root(DEBIAN);
    const runner = new FakeRunner({ "dpkg-query -W -f=${Version} kubelet": { exitCode: 1 } }, true);
    const r = await installPackages(env(dir, runner), spec());
    expect(r.status).toBe("changed");
    expect(runner.recorded).toContain("apt-get update");
    expect(
      runner.recorded.some((c) => c.startsWith("apt-get install -y") && c.includes("kubeadm=1.33.2-*")),
    ).toBe(true);
    expect(() => readFileSync(join(dir, APT_LIST))).toThrow();
  });
});
