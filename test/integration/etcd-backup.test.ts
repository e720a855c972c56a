/**
 * `etcd backup` / `etcd restore` against a REAL etcd (Debian's etcd-server + etcd-client) on
 * 127.0.0.1 with kubeadm's TLS layout made by openssl under a temp --root; the static pods are run by
 * a stand-in kubelet that watches the manifests. Backup, write more keys, restore: the earlier keys
 * are back and the later ones gone.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { execaRunner, type Runner } from "../../src/host/runner.js";
import { makeKubeadmPki } from "../fakes/kubeadm-pki.js";
import { runCli } from "../fakes/ports.js";
import {
  type FakeKubelet,
  freePorts,
  type Ports,
  startFakeKubelet,
  writeControlPlaneManifests,
} from "../fakes/static-pod-kubelet.js";
import { itUnless, requireTool } from "../support/requires.js";

const NO_ETCD = requireTool("etcd", "etcdctl", "openssl");
const test = itUnless(NO_ETCD);

let root: string;
let ports: Ports;
let kubelet: FakeKubelet | undefined;

const etcdctl = (...args: string[]) =>
  execFileSync(
    "etcdctl",
    [
      `--endpoints=https://127.0.0.1:${ports.etcdClient}`,
      `--cacert=${root}/etc/kubernetes/pki/etcd/ca.crt`,
      `--cert=${root}/etc/kubernetes/pki/etcd/healthcheck-client.crt`,
      `--key=${root}/etc/kubernetes/pki/etcd/healthcheck-client.key`,
      "--command-timeout=5s",
      ...args,
    ],
    { encoding: "utf8", env: { ...process.env, ETCDCTL_API: "3" }, stdio: ["ignore", "pipe", "pipe"] },
  );
const get = (k: string) => etcdctl("get", k, "--print-value-only").trim();

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if (ok()) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const cli = (args: string[], lang = "en") =>
  runCli([...args, "--root", root], { env: { LANG: lang === "zh" ? "zh_CN.UTF-8" : "en_US.UTF-8" } });
const mode = (p: string) => statSync(join(root, p)).mode & 0o777;

beforeAll(async () => {
  if (NO_ETCD) return;
  root = mkdtempSync(join(tmpdir(), "kadm-etcd-"));
  ports = await freePorts();
  makeKubeadmPki(root);
  writeControlPlaneManifests(root, ports);
  kubelet = startFakeKubelet(root);
  await until("etcd to answer", () => etcdctl("get", "/health-probe") !== undefined);
}, 30_000);

afterAll(async () => {
  await kubelet?.stop();
});

test("backup --dry-run plans and runs nothing", async () => {
  const r = await cli(["etcd", "backup", "--dry-run"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("snapshot save /var/backups/kadm-wizard/etcd-");
  expect(r.stdout).toContain(`--endpoints=https://127.0.0.1:${ports.etcdClient}`);
  expect(r.stdout).toContain("--cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt");
  expect(existsSync(join(root, "var/backups/kadm-wizard"))).toBe(false);
});

test("backup, write more, restore: the earlier keys are back, the later ones gone", async () => {
  etcdctl("put", "/registry/early", "one");
  etcdctl("put", "/registry/changed", "before");

  const b = await cli(["etcd", "backup", "--keep", "2"]);
  expect(b.stderr).not.toMatch(/error/i);
  expect(b.code).toBe(0);
  const base = "/var/backups/kadm-wizard";
  const [name] = readdirSync(join(root, base));
  const dir = `${base}/${name}`;
  expect(b.stdout).toContain(`Backup written to ${dir}`);
  expect(b.stdout).toMatch(/revision \d+, \d+ keys/);
  // Private: the snapshot holds every Secret, pki/ the CA keys.
  expect(mode(base)).toBe(0o700);
  expect(mode(dir)).toBe(0o700);
  expect(mode(`${dir}/snapshot.db`)).toBe(0o600);
  expect(mode(`${dir}/pki/ca.key`)).toBe(0o600);
  expect(mode(`${dir}/pki/etcd`)).toBe(0o700);
  expect(mode(`${dir}/pki/etcd/ca.key`)).toBe(0o600);
  expect(readFileSync(join(root, dir, "pki/sa.key"), "utf8")).toBe(
    readFileSync(join(root, "etc/kubernetes/pki/sa.key"), "utf8"),
  );
  const sha = createHash("sha256")
    .update(readFileSync(join(root, dir, "snapshot.db")))
    .digest("hex");
  expect(readFileSync(join(root, dir, "snapshot.db.sha256"), "utf8")).toBe(`${sha}  snapshot.db\n`);

  etcdctl("put", "/registry/late", "two");
  etcdctl("put", "/registry/changed", "after");
  const manifests = readFileSync(join(root, "etc/kubernetes/manifests/etcd.yaml"), "utf8");

  const r = await cli(["etcd", "restore", dir, "--yes", "--timeout", "30s"]);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("etcd restored into /var/lib/etcd");
  await until("etcd after the restore", () => etcdctl("get", "/health-probe") !== undefined);
  expect(get("/registry/early")).toBe("one");
  expect(get("/registry/changed")).toBe("before");
  expect(get("/registry/late")).toBe("");
  // The old data dir is kept; the manifests are back as they were; etcd was restarted once.
  const kept = readdirSync(join(root, "var/lib")).filter((n) => n.startsWith("etcd.before-restore-"));
  expect(kept).toHaveLength(1);
  expect(existsSync(join(root, "var/lib", kept[0] as string, "member"))).toBe(true);
  expect(readFileSync(join(root, "etc/kubernetes/manifests/etcd.yaml"), "utf8")).toBe(manifests);
  expect(kubelet?.starts.etcd).toBe(2);
  expect(kubelet?.starts["kube-apiserver"]).toBe(2);
}, 90_000);

test("--keep prunes to the newest N", async () => {
  for (let i = 0; i < 3; i++) expect((await cli(["etcd", "backup", "--keep", "2", "--quiet"])).code).toBe(0);
  expect(readdirSync(join(root, "var/backups/kadm-wizard"))).toHaveLength(2);
}, 60_000);

test("a corrupt or missing snapshot is refused (exit 2) before anything changes", async () => {
  const base = join(root, "var/backups/kadm-wizard");
  const [name] = readdirSync(base).sort();
  const dir = `/var/backups/kadm-wizard/${name}`;
  const snap = join(root, dir, "snapshot.db");
  const bytes = readFileSync(snap);
  bytes.writeUInt8((bytes.readUInt8(bytes.length - 100) ^ 0xff) & 0xff, bytes.length - 100);
  writeFileSync(snap, bytes);
  const starts = kubelet?.starts.etcd;

  const bad = await cli(["etcd", "restore", dir, "--yes"]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("does not match its sha256 file");
  expect(bad.stderr).not.toContain("    at ");

  // Without its .sha256 the snapshot itself is checked (etcdctl/etcdutl snapshot status).
  const bare = join(root, "tmp-bare.db");
  writeFileSync(bare, "not a bolt database at all");
  const corrupt = await cli(["etcd", "restore", "/tmp-bare.db", "--yes"]);
  expect(corrupt.code).toBe(2);
  expect(corrupt.stderr).toContain("is not a readable etcd snapshot");

  const missing = await cli(["etcd", "restore", "/var/backups/none", "--yes"], "zh");
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain("处没有快照");

  expect(kubelet?.starts.etcd).toBe(starts);
  expect(existsSync(join(root, "etc/kubernetes/manifests/etcd.yaml"))).toBe(true);
}, 60_000);

test("restore --dry-run prints the plan in Chinese and changes nothing", async () => {
  const [name] = readdirSync(join(root, "var/backups/kadm-wizard")).sort().reverse();
  const r = await cli(["etcd", "restore", `/var/backups/kadm-wizard/${name}`, "--dry-run"], "zh");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("恢复 /var/backups/kadm-wizard/");
  expect(r.stdout).toContain("snapshot restore");
  expect(r.stdout).toContain("--initial-cluster=control-plane-1=https://127.0.0.1:");
  expect(r.stdout).toContain("试运行");
}, 30_000);

/** The real runner, holding the first command `match` picks until `release()`: a Ctrl-C then lands in it. */
function gatedRunner(match: (argv: readonly string[]) => boolean) {
  let reached: () => void = () => {};
  let release: () => void = () => {};
  const atGate = new Promise<void>((r) => {
    reached = r;
  });
  const open = new Promise<void>((r) => {
    release = r;
  });
  let held = false;
  const make = (dry: boolean): Runner => {
    const real = execaRunner({ dryRun: dry });
    return {
      dryRun: dry,
      get recorded() {
        return real.recorded;
      },
      async run(argv, opts) {
        if (!held && match(argv)) {
          held = true;
          reached();
          await open;
        }
        return real.run(argv, opts);
      },
    };
  };
  return { make, atGate, release };
}

test("Ctrl-C during the snapshot restore: it finishes and etcd comes back on the restored data; exit 130 says so", async () => {
  const name = readdirSync(join(root, "var/backups/kadm-wizard")).sort().at(-1) as string;
  etcdctl("put", "/registry/after-backup", "x");
  const gate = gatedRunner((argv) => argv.includes("restore") && argv.includes("snapshot"));
  const ctrl = new AbortController();
  const run = runCli(
    ["etcd", "restore", `/var/backups/kadm-wizard/${name}`, "--yes", "--timeout", "30s", "--root", root],
    {
      env: { LANG: "en_US.UTF-8" },
      signal: ctrl.signal,
      overrides: { runner: (dry) => gate.make(dry) },
    },
  );
  await gate.atGate;
  ctrl.abort(new Error("interrupted"));
  gate.release();
  const r = await run;
  expect(r.code).toBe(130);
  expect(r.stdout).toContain("etcd restored into /var/lib/etcd");
  expect(r.stderr).toContain('interrupted after "');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  // The control plane is back (manifests in place, etcd answering), on the snapshot's data.
  await until("etcd after the interrupted restore", () => etcdctl("get", "/health-probe") !== undefined);
  expect(get("/registry/after-backup")).toBe("");
  expect(existsSync(join(root, "etc/kubernetes/manifests/etcd.yaml"))).toBe(true);
  expect(existsSync(join(root, "etc/kubernetes/manifests/kube-apiserver.yaml"))).toBe(true);
}, 90_000);
