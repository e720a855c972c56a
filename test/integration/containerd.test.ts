/**
 * containerd integration tests against the REAL binaries (Debian: apt-get install containerd runc
 * docker-registry). Skipped only when there is no containerd on PATH. Everything runs in temp
 * directories with its own sockets and ports on 127.0.0.1; the machine's containerd is not touched.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KadmError } from "../../src/errors.js";
import { type ContainerdSettings, editContainerdConfig } from "../../src/host/containerd/config-edit.js";
import { configureContainerd } from "../../src/host/containerd/configure.js";
import { renderHostsToml } from "../../src/host/containerd/hosts-toml.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { displayCommand, execaRunner, type Runner, type RunResult } from "../../src/host/runner.js";
import {
  type Containerd,
  containerdDefaultConfig,
  containerdSuiteTitle,
  HAVE_CONTAINERD,
  type Registry,
  startContainerd,
  startRegistry,
  tempDir,
} from "./harness.js";
import { seedImage } from "./registry-seed.js";

const PAUSE = "registry.aliyuncs.com/google_containers/pause:3.10";
const SYSTEMD: ContainerdSettings = { sandboxImage: PAUSE, cgroupDriver: "systemd" };
const MIRRORS = {
  "docker.io": ["https://docker.m.daocloud.io"],
  "registry.k8s.io": ["https://k8s.m.daocloud.io"],
};

async function containerd(args: string[]) {
  return execa("containerd", args, { reject: false, timeout: 30_000, env: { LC_ALL: "C" } });
}

const configDefault = containerdDefaultConfig;

async function dump(configFile: string) {
  return containerd(["--config", configFile, "config", "dump"]);
}

/** Runs containerd's own read-only commands for real; records host-changing ones like systemctl. */
class HostRunner implements Runner {
  readonly recorded: string[] = [];
  readonly restarts: string[] = [];
  readonly calls: string[] = [];
  private readonly real = execaRunner();
  constructor(readonly dryRun = false) {}

  async run(argv: readonly string[], opts: Parameters<Runner["run"]>[1] = {}): Promise<RunResult> {
    const command = displayCommand(argv);
    this.calls.push(command);
    const ok = { command, exitCode: 0, stdout: "", stderr: "", timedOut: false, notFound: false };
    if (this.dryRun && opts.changes) {
      this.recorded.push(command);
      return { ...ok, skipped: true };
    }
    if (argv[0] === "systemctl") {
      this.restarts.push(command);
      return { ...ok, skipped: false };
    }
    if (opts.changes) throw new Error(`unexpected host-changing command: ${command}`);
    return this.real.run(argv, opts);
  }
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p.slice(dir.length));
    }
  };
  walk(dir);
  return out.sort();
}

describe.skipIf(!HAVE_CONTAINERD)(containerdSuiteTitle("containerd (real binary)"), () => {
  describe("config.toml edits are accepted by containerd", () => {
    it("config default -> our edits -> config dump shows them", async () => {
      const dir = tempDir("kadm-ctrd-a-");
      try {
        const edited = editContainerdConfig(await configDefault(), SYSTEMD);
        expect(edited.changes.length).toBeGreaterThanOrEqual(3);
        const file = join(dir, "config.toml");
        writeFileSync(file, edited.text);
        const r = await dump(file);
        expect(r.exitCode, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/^\s*SystemdCgroup = true$/m);
        expect(r.stdout).toMatch(new RegExp(`^\\s*sandbox_image = "${PAUSE.replaceAll(".", "\\.")}"$`, "m"));
        expect(r.stdout).toMatch(/^\s*config_path = "\/etc\/containerd\/certs\.d"$/m);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("added keys and tables (empty file, sparse file, dotted keys) parse and take effect", async () => {
      const dir = tempDir("kadm-ctrd-a2-");
      const cases = {
        empty: ["", { versionForEmpty: 2 as const }],
        sparse: [
          'version = 2\n\n[plugins]\n  [plugins."io.containerd.grpc.v1.cri"]\n    max_concurrent_downloads = 3\n',
          {},
        ],
        dotted: [
          'version = 2\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]\n  runtime_type = "io.containerd.runc.v2"\n  options.BinaryName = ""\n',
          {},
        ],
      } as const;
      try {
        for (const [name, [text, opts]] of Object.entries(cases)) {
          const file = join(dir, `${name}.toml`);
          writeFileSync(file, editContainerdConfig(text, SYSTEMD, opts).text);
          const r = await dump(file);
          expect(r.exitCode, `${name}: ${r.stderr}`).toBe(0);
          expect(r.stdout, name).toMatch(/SystemdCgroup = true/);
          expect(r.stdout, name).toContain(`sandbox_image = "${PAUSE}"`);
          expect(r.stdout, name).toContain('config_path = "/etc/containerd/certs.d"');
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe("version 3 and 4 files (containerd 2.x) on this containerd 1.x", () => {
    const fixture = (name: string) =>
      readFileSync(join(import.meta.dirname, "../fixtures/containerd", name), "utf8").replace(/^#.*\n/gm, "");

    // containerd 1.6/1.7 cannot load the 2.x CRI plugins (io.containerd.cri.v1.*): `config dump`
    // still exits 0 but shows its own CRI defaults, so our edits there are never in effect. This
    // pins that down (it is why the round trip can only prove version 2 here) and that the notes say so.
    it("config dump accepts the edited 2.0 / 2.3 defaults but ignores their CRI settings", async () => {
      const dir = tempDir("kadm-ctrd-v34-");
      try {
        for (const name of ["config-2.0-default.toml", "config-2.3-default.toml"]) {
          const edited = editContainerdConfig(fixture(name), SYSTEMD);
          expect(edited.version, name).toBe(name.includes("2.3") ? 4 : 3);
          const file = join(dir, name);
          writeFileSync(file, edited.text);
          const r = await dump(file);
          expect(r.exitCode, `${name}: ${r.stderr}`).toBe(0);
          expect(r.stdout, name).not.toContain(PAUSE);
          expect(r.stdout, name).toMatch(/^\s*sandbox_image = "registry\.k8s\.io\/pause:3\.\d+"$/m);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("configureContainerd writes a version 4 file but says none of it took effect", async () => {
      const root = tempDir("kadm-ctrd-v4-");
      try {
        const fs = rootedHostFs({ root });
        await fs.write("/etc/containerd/config.toml", fixture("config-2.3-default.toml"));
        const runner = new HostRunner();
        const r = await configureContainerd({
          runner,
          fs,
          sandboxImage: PAUSE,
          cgroupDriver: "systemd",
          registryMirrors: {},
        });
        expect(r.settings.map((s) => s.setting)).toEqual(["SystemdCgroup", "sandbox", "config_path"]);
        const notEffective = r.notes.filter((n) => n.startsWith("containerd's effective configuration"));
        expect(notEffective).toHaveLength(3);
        expect(notEffective.join("\n")).toContain(PAUSE);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  });

  describe('containerd.io\'s own config.toml (disabled_plugins = ["cri"])', () => {
    it("configureContainerd enables the CRI plugin again; the real config dump shows it and our settings", async () => {
      const root = tempDir("kadm-ctrd-io-");
      try {
        const fs = rootedHostFs({ root });
        const shipped = readFileSync(
          join(import.meta.dirname, "../fixtures/containerd/config-containerd.io.toml"),
          "utf8",
        );
        await fs.write("/etc/containerd/config.toml", shipped);
        const before = await dump(join(root, "etc/containerd/config.toml"));
        expect(before.stdout).toMatch(/^disabled_plugins = \["cri"\]$/m);
        const runner = new HostRunner();
        const r = await configureContainerd({
          runner,
          fs,
          sandboxImage: PAUSE,
          cgroupDriver: "systemd",
          registryMirrors: {},
        });
        expect(r.settings.map((c) => [c.setting, c.after])).toContainEqual(["disabled_plugins", "[]"]);
        // Checked by this machine's containerd before the (recorded) restart, and nothing is left ineffective.
        expect(runner.calls).toContain(
          `containerd --config ${join(root, "etc/containerd/config.toml")} config dump`,
        );
        expect(r.notes.filter((n) => n.startsWith("containerd's effective configuration"))).toEqual([]);
        expect(runner.restarts).toEqual(["systemctl restart containerd"]);
        const after = await dump(join(root, "etc/containerd/config.toml"));
        expect(after.stdout).toMatch(/^disabled_plugins = \[\]$/m);
        expect(after.stdout).toContain(PAUSE);
        expect(after.stdout).toMatch(/^\s*SystemdCgroup = true$/m);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  });

  describe("a real containerd pulls through a hosts.toml mirror served by a real registry", () => {
    let dir = "";
    let registry: Registry | undefined;
    let daemon: Containerd | undefined;
    let seeded: { manifestDigest: string } | undefined;
    // ctr runs with the harness's guard: a fallback to the real registry.k8s.io would hit a dead proxy.
    const ctr = (args: string[]) => {
      if (!daemon) throw new Error("containerd did not start");
      return daemon.ctr(args);
    };

    beforeAll(async () => {
      dir = tempDir("kadm-ctrd-b-");
      registry = await startRegistry({ dir });
      seeded = await seedImage(registry.url, "pause", "3.10");
      // The daemon runs containerd's own default config with our edits, isolated in `dir`.
      daemon = await startContainerd({
        dir,
        configure: (text) => editContainerdConfig(text, SYSTEMD).text,
      });
      const hostsDir = join(dir, "certs.d", "registry.k8s.io");
      await mkdir(hostsDir, { recursive: true });
      await writeFile(join(hostsDir, "hosts.toml"), renderHostsToml("registry.k8s.io", [registry.url]));
    }, 60_000);

    afterAll(async () => {
      await daemon?.stop();
      await registry?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 30_000);

    it("loads the CRI plugin from the edited config", async () => {
      const r = await ctr(["plugins", "ls"]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^io\.containerd\.grpc\.v1\s+cri\s+\S+\s+ok\s*$/m);
    });

    it("pulls registry.k8s.io/pause:3.10 from the mirror", async () => {
      const pull = await ctr([
        "-n",
        "k8s.io",
        "images",
        "pull",
        "--hosts-dir",
        join(dir, "certs.d"),
        "registry.k8s.io/pause:3.10",
      ]);
      expect(pull.exitCode, `${pull.stdout}\n${pull.stderr}\n${registry?.output()}`).toBe(0);
      const ls = await ctr(["-n", "k8s.io", "images", "ls"]);
      const line = ls.stdout.split("\n").find((l) => l.startsWith("registry.k8s.io/pause:3.10 "));
      expect(line, ls.stdout).toBeDefined();
      expect(line).toContain(seeded?.manifestDigest);
      // The mirror was asked on behalf of registry.k8s.io (containerd adds ?ns=<upstream>).
      expect(registry?.output()).toMatch(
        /"(?:HEAD|GET) \/v2\/pause\/manifests\/3\.10\?ns=registry\.k8s\.io HTTP/,
      );
      expect(registry?.output()).toMatch(
        /"GET \/v2\/pause\/blobs\/sha256:[0-9a-f]{64}\?ns=registry\.k8s\.io HTTP\/1\.1" 200 /,
      );
    }, 60_000);
  });

  describe("configureContainerd on a temp root", () => {
    const now = () => new Date("2026-01-02T03:04:05Z");
    const opts = (root: string, runner: Runner, dryRun = false) => ({
      runner,
      fs: rootedHostFs({ root, dryRun, now }),
      sandboxImage: PAUSE,
      cgroupDriver: "systemd" as const,
      registryMirrors: MIRRORS,
    });

    it("first run writes and restarts; second run changes nothing and does not restart", async () => {
      const root = tempDir("kadm-ctrd-c-");
      try {
        const runner = new HostRunner();
        const first = await configureContainerd(opts(root, runner));
        expect(first.changed).toBe(true);
        expect(first.restarted).toBe(true);
        expect(runner.restarts).toEqual(["systemctl restart containerd"]);
        expect(first.files.map((f) => [f.path, f.changed, f.before === undefined])).toEqual([
          ["/etc/containerd/config.toml", true, true],
          ["/etc/containerd/certs.d/docker.io/hosts.toml", true, true],
          ["/etc/containerd/certs.d/registry.k8s.io/hosts.toml", true, true],
        ]);
        expect(first.notes.join("\n")).toMatch(/did not exist.*containerd config default/);
        expect(first.settings.map((s) => s.setting)).toEqual(["SystemdCgroup", "sandbox", "config_path"]);
        expect(runner.calls).toContain("containerd config default");
        expect(runner.calls).toContain(
          `containerd --config ${join(root, "etc/containerd/config.toml")} config dump`,
        );
        const written = readFileSync(join(root, "etc/containerd/config.toml"), "utf8");
        expect(written).toMatch(/^\s*SystemdCgroup = true$/m);
        expect(readFileSync(join(root, "etc/containerd/certs.d/docker.io/hosts.toml"), "utf8")).toContain(
          'server = "https://registry-1.docker.io"\n\n[host."https://docker.m.daocloud.io"]\n',
        );

        const files = listFiles(root);
        const again = new HostRunner();
        const second = await configureContainerd(opts(root, again));
        expect(second.changed).toBe(false);
        expect(second.restarted).toBe(false);
        expect(second.settings).toEqual([]);
        expect(again.restarts).toEqual([]);
        expect(again.calls).not.toContain("containerd config default");
        expect(listFiles(root)).toEqual(files);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });

    it("dry run plans the same changes and the restart but writes nothing", async () => {
      const root = tempDir("kadm-ctrd-d-");
      try {
        const runner = new HostRunner(true);
        const r = await configureContainerd(opts(root, runner, true));
        expect(r.changed).toBe(true);
        expect(r.files.every((f) => f.changed && f.skipped)).toBe(true);
        expect(runner.recorded).toEqual(["systemctl restart containerd"]);
        expect(runner.restarts).toEqual([]);
        expect(r.notes.join("\n")).toMatch(/dry run: the new \/etc\/containerd\/config.toml was not checked/);
        expect(listFiles(root)).toEqual([]);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });

    it("edits an existing file in place with a backup, and only hosts.toml changes need no restart", async () => {
      const root = tempDir("kadm-ctrd-e-");
      try {
        const path = join(root, "etc/containerd/config.toml");
        await mkdir(dirname(path), { recursive: true });
        const original = await configDefault();
        writeFileSync(path, original);
        const runner = new HostRunner();
        const r = await configureContainerd(opts(root, runner));
        expect(r.files[0]?.backup).toBe("/etc/containerd/config.toml.kadm-wizard-20260102T030405Z.bak");
        expect(readFileSync(join(root, r.files[0]?.backup as string), "utf8")).toBe(original);
        expect(runner.restarts).toHaveLength(1);

        const more = new HostRunner();
        const hostsOnly = await configureContainerd({
          ...opts(root, more),
          registryMirrors: { ...MIRRORS, "quay.io": ["https://quay.m.daocloud.io"] },
        });
        expect(hostsOnly.changed).toBe(true);
        expect(hostsOnly.files.filter((f) => f.changed).map((f) => f.path)).toEqual([
          "/etc/containerd/certs.d/quay.io/hosts.toml",
        ]);
        expect(hostsOnly.restarted).toBe(false);
        expect(more.restarts).toEqual([]);
        expect(hostsOnly.notes.join("\n")).toMatch(/only hosts.toml files changed/);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });

    it("puts the old file back and does not restart when containerd rejects the result", async () => {
      const root = tempDir("kadm-ctrd-f-");
      try {
        const path = join(root, "etc/containerd/config.toml");
        await mkdir(dirname(path), { recursive: true });
        // Valid TOML, but the CRI plugin wants an integer here: `config dump` refuses it.
        const broken =
          'version = 2\n[plugins."io.containerd.grpc.v1.cri"]\n  max_concurrent_downloads = "three"\n';
        writeFileSync(path, broken);
        const runner = new HostRunner();
        const err = await configureContainerd(opts(root, runner)).catch((e) => e);
        expect(err).toBeInstanceOf(KadmError);
        expect(err.exitCode).toBe(1);
        expect(err.message).toMatch(
          /^containerd rejects the new \/etc\/containerd\/config.toml: .+\. The previous file was put back/,
        );
        expect(err.hint).toMatch(/kadm-wizard-.*\.bak/);
        expect(readFileSync(path, "utf8")).toBe(broken);
        expect(runner.restarts).toEqual([]);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });

    it("refuses deprecated registry mirrors before writing anything", async () => {
      const root = tempDir("kadm-ctrd-g-");
      try {
        const path = join(root, "etc/containerd/config.toml");
        await mkdir(dirname(path), { recursive: true });
        const legacy =
          'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]\n  endpoint = ["https://docker.m.daocloud.io"]\n';
        writeFileSync(path, legacy);
        const err = await configureContainerd(opts(root, new HostRunner())).catch((e) => e);
        expect(err).toBeInstanceOf(KadmError);
        expect(err.message).toContain('registry.mirrors."docker.io"');
        expect(err.hint).toContain("/etc/containerd/certs.d/<registry>/hosts.toml");
        expect(listFiles(root)).toEqual(["/etc/containerd/config.toml"]);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  });
});
