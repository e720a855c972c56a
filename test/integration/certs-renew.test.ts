/**
 * `certs check` and `certs renew` on a temp --root with kubeadm's PKI made by openssl: the fake
 * kubeadm renews the files, a stand-in kubelet runs the static pods on 127.0.0.1 (real etcd, TLS
 * servers for the others) and the renewal is judged by what those SERVE after the restart —
 * including a kubelet that did not restart one (not effective, exit 1).
 */
import { X509Certificate } from "node:crypto";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { connect } from "node:tls";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect } from "vitest";
import { planRenew } from "../../src/certs/renew.js";
import { emptyOutcome, renewSteps } from "../../src/certs/renew-node.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { execaRunner } from "../../src/host/runner.js";
import { localNode } from "../../src/node/node.js";
import { makeKubeadmPki } from "../fakes/kubeadm-pki.js";
import { runCli } from "../fakes/ports.js";
import { FakeRunner } from "../fakes/runner.js";
import {
  type FakeKubelet,
  freePorts,
  type Ports,
  startFakeKubelet,
  writeControlPlaneManifests,
} from "../fakes/static-pod-kubelet.js";
import { itUnless, requireTool } from "../support/requires.js";

const FAKE_KUBEADM = resolve(dirname(fileURLToPath(import.meta.url)), "../fakes/kubeadm/fake-kubeadm.mjs");
const NO_TOOLS = requireTool("etcd", "openssl");
const test = itUnless(NO_TOOLS);
const DAY = 86_400_000;

let root: string;
let ports: Ports;
let kubelet: FakeKubelet | undefined;

const cli = (args: string[], lang = "en", runner?: FakeRunner) =>
  runCli([...args, "--root", root, "--kubeadm", FAKE_KUBEADM], {
    env: { LANG: lang === "zh" ? "zh_CN.UTF-8" : "en_US.UTF-8", SUDO_USER: "dev" },
    ...(runner ? { overrides: { runner: () => runner } } : {}),
  });
const file = (p: string) => readFileSync(join(root, p), "utf8");
const notAfter = (pem: string) => new Date(new X509Certificate(pem).validTo).getTime();

/** What 127.0.0.1:port serves now. */
function served(port: number): Promise<X509Certificate> {
  return new Promise((res, rej) => {
    const s = connect({ host: "127.0.0.1", port, rejectUnauthorized: false }, () => {
      const c = new X509Certificate(s.getPeerCertificate().raw);
      s.destroy();
      res(c);
    });
    s.once("error", rej);
  });
}

async function until(ok: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("timed out");
}

beforeAll(async () => {
  if (NO_TOOLS) return;
  root = mkdtempSync(join(tmpdir(), "kadm-certs-"));
  ports = await freePorts();
  // Leaves made for 10 days: inside the 30-day window.
  makeKubeadmPki(root, { leafDays: 10 });
  writeControlPlaneManifests(root, ports);
  mkdirSync(join(root, "etc"), { recursive: true });
  writeFileSync(
    join(root, "etc/passwd"),
    "root:x:0:0:root:/root:/bin/bash\ndev:x:1000:1000:dev:/home/dev:/bin/bash\n",
  );
  mkdirSync(join(root, "root/.kube"), { recursive: true });
  mkdirSync(join(root, "home/dev"), { recursive: true });
  // The sudo user's copy is written as that user: they must reach and own their home.
  chmodSync(root, 0o755);
  chownSync(join(root, "home/dev"), 1000, 1000);
  writeFileSync(join(root, "root/.kube/config"), file("/etc/kubernetes/admin.conf"), { mode: 0o600 });
  process.env.KADM_FAKE_ROOT = root;
  kubelet = startFakeKubelet(root);
  await until(
    async () =>
      (await served(ports.apiserver)) !== undefined && (await served(ports.etcdClient)) !== undefined,
  );
}, 30_000);

afterAll(async () => {
  await kubelet?.stop();
});

test("certs check: every certificate with days left, CA vs leaf, the kubelet's rotation; exit 3 within 30 days", async () => {
  const r = await cli(["certs", "check"]);
  expect(r.code).toBe(3);
  for (const name of [
    "admin.conf",
    "apiserver",
    "etcd-server",
    "front-proxy-client",
    "super-admin.conf",
    "etcd-ca",
  ]) {
    expect(r.stdout).toMatch(new RegExp(`^  ${name.replace(".", "\\.")}\\s`, "m"));
  }
  expect(r.stdout).toMatch(/^ {2}ca\s+CA\s+\d{4}-/m);
  expect(r.stdout).toMatch(/^ {2}apiserver\s+leaf\s+.*\s(9|10)d\s+ca\s+expires soon/m);
  expect(r.stdout).toMatch(/^ {2}kubelet\.conf\s+kubeconfig.*rotated by the kubelet/m);
  expect(r.stdout).toContain("Automatic renewal: off");
  expect(r.stdout).toContain("kadm-wizard certs renew --all");

  const j = await cli(["certs", "check", "--output", "json"]);
  expect(j.code).toBe(3);
  const doc = JSON.parse(j.stdout);
  const by = (n: string) => doc.certificates.find((c: { name: string }) => c.name === n);
  expect(by("apiserver")).toMatchObject({
    kind: "cert",
    ca: false,
    authority: "ca",
    state: "expiring",
    renewable: true,
  });
  expect(by("etcd-ca")).toMatchObject({ kind: "ca", ca: true, renewable: false, state: "ok" });
  expect(by("kubelet.conf")).toMatchObject({
    path: "/var/lib/kubelet/pki/kubelet-client-current.pem",
    rotatedByKubelet: true,
    renewable: false,
  });
  expect(by("admin.conf")).toMatchObject({ kind: "kubeconfig", path: "/etc/kubernetes/admin.conf" });
  expect(doc.renewTimer).toEqual({ installed: false });

  const zh = await cli(["certs", "check"], "zh");
  expect(zh.code).toBe(3);
  expect(zh.stdout).toContain("即将过期");
  expect(zh.stdout).toContain("由 kubelet 自动轮换");
  expect(zh.stdout).toContain("自动续期：未开启");
});

test("the fake kubeadm's check-expiration reads the same files in kubeadm's layout", async () => {
  const { execFileSync } = await import("node:child_process");
  const out = execFileSync("node", [FAKE_KUBEADM, "certs", "check-expiration"], { encoding: "utf8" });
  expect(out).toMatch(
    /^CERTIFICATE\s+EXPIRES\s+RESIDUAL TIME\s+CERTIFICATE AUTHORITY\s+EXTERNALLY MANAGED$/m,
  );
  expect(out).toMatch(/^apiserver\s+[A-Z][a-z]{2} \d{2}, \d{4} \d{2}:\d{2} UTC\s+(9|10)d\s+ca\s+no/m);
  expect(out).toMatch(/^ca\s+[A-Z][a-z]{2} \d{2}, \d{4} \d{2}:\d{2} UTC\s+9y\s+no/m);
});

test("renew --dry-run plans kubeadm, the restarts and the checks, and changes nothing", async () => {
  const before = file("/etc/kubernetes/pki/apiserver.crt");
  const starts = { ...kubelet?.starts };
  const r = await cli(["certs", "renew", "--all", "--dry-run"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`run: ${FAKE_KUBEADM} certs renew all`);
  expect(r.stdout).toContain(
    `restart kube-apiserver: move /etc/kubernetes/manifests/kube-apiserver.yaml aside, wait until 127.0.0.1:${ports.apiserver} closes`,
  );
  expect(r.stdout).toContain("it serves /etc/kubernetes/pki/etcd/server.crt");
  expect(r.stdout).toContain("self-signed serving certificate is from the new process");
  expect(r.stdout).toContain("nothing was changed and nothing was contacted");
  expect(file("/etc/kubernetes/pki/apiserver.crt")).toBe(before);
  expect(kubelet?.starts).toEqual(starts);
});

test("bad input is exit 2 before anything runs", async () => {
  const typo = await cli(["certs", "renew", "apiservr"]);
  expect(typo.code).toBe(2);
  expect(typo.stderr).toContain('"apiservr" is not a certificate kubeadm renews. Did you mean "apiserver"?');
  expect((await cli(["certs", "renew"])).code).toBe(2);
  expect((await cli(["certs", "renew", "--all", "apiserver"])).code).toBe(2);
  const zh = await cli(["certs", "frobnicate"], "zh");
  expect(zh.code).toBe(2);
  expect(zh.stderr).toContain("未知的 certs 子命令");
});

test("renew --install-timer writes the units under --root and enables the timer through the runner", async () => {
  const runner = new FakeRunner();
  const r = await cli(["certs", "renew", "--install-timer"], "en", runner);
  expect(r.code).toBe(0);
  const unit = file("/etc/systemd/system/kadm-wizard-certs-renew.service");
  expect(unit).toMatch(/^ExecStart=.* certs renew --all --if-expiring --yes$/m);
  expect(file("/etc/systemd/system/kadm-wizard-certs-renew.timer")).toContain("OnCalendar=daily");
  expect(runner.calls.map((c) => c.argv.join(" "))).toEqual([
    "systemctl daemon-reload",
    "systemctl enable --now kadm-wizard-certs-renew.timer",
  ]);
  const check = await cli(["certs", "check"]);
  expect(check.stdout).toContain("Automatic renewal: on (kadm-wizard-certs-renew.timer");
});

test("renew --all: kubeadm renews, the pods restart, what they serve is the new certificate, ~/.kube/config refreshed", async () => {
  const oldServed = notAfter((await served(ports.apiserver)).toString());
  const r = await cli(["certs", "renew", "--all", "--timeout", "20s"]);
  expect(r.stderr).not.toContain("    at ");
  expect(r.code).toBe(0);
  for (const c of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
    expect(r.stdout).toContain(`✓ ${c} (127.0.0.1:`);
  }
  expect(kubelet?.starts["kube-apiserver"]).toBe(2);
  const nowServed = notAfter((await served(ports.apiserver)).toString());
  expect(nowServed).toBeGreaterThan(oldServed + 300 * DAY);
  expect(nowServed).toBe(notAfter(file("/etc/kubernetes/pki/apiserver.crt")));
  expect(notAfter((await served(ports.etcdClient)).toString())).toBe(
    notAfter(file("/etc/kubernetes/pki/etcd/server.crt")),
  );
  // Both copies are the renewed admin.conf; the sudo user's is theirs and private.
  const admin = file("/etc/kubernetes/admin.conf");
  expect(file("/root/.kube/config")).toBe(admin);
  expect(file("/home/dev/.kube/config")).toBe(admin);
  expect(statSync(join(root, "home/dev/.kube/config")).uid).toBe(1000);
  expect(statSync(join(root, "home/dev/.kube/config")).mode & 0o777).toBe(0o600);
  expect(r.stdout).toContain("/root/.kube/config refreshed from admin.conf");

  // Everything kubeadm renews is fine now; the kubelet's own certificate is the kubelet's to rotate.
  const after = await cli(["certs", "check", "--output", "json"]);
  const left = JSON.parse(after.stdout).certificates.filter((c: { state: string }) => c.state !== "ok");
  expect(left.map((c: { name: string }) => c.name)).toEqual(["kubelet.conf"]);
  const text = await cli(["certs", "check"]);
  expect(text.stdout).toContain("the kubelet rotates its own client certificate");
  expect(text.stdout).not.toContain("kadm-wizard certs renew --all (on every");
}, 90_000);

test("a restart that did not take effect is reported per component with evidence, exit 1", async () => {
  kubelet?.ignore.add("kube-scheduler");
  kubelet?.stale.add("kube-apiserver");
  try {
    const r = await cli(["certs", "renew", "--all", "--timeout", "3s"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /✗ kube-scheduler \(127\.0\.0\.1:\d+\): renewal NOT effective: the kubelet did not stop the pod/,
    );
    expect(r.stdout).toMatch(
      /✗ kube-apiserver \(127\.0\.0\.1:\d+\): renewal NOT effective: it serves NotAfter \S+ \S+, the file \/etc\/kubernetes\/pki\/apiserver\.crt has NotAfter/,
    );
    expect(r.stdout).toContain("✓ etcd (127.0.0.1:");
    expect(r.stderr).toContain("certificate renewal not effective for: kube-apiserver, kube-scheduler");
    // The scheduler's manifest went back: a control plane is never left without it.
    expect(file("/etc/kubernetes/manifests/kube-scheduler.yaml")).toContain("kube-scheduler");

    const zh = await cli(["certs", "renew", "scheduler.conf", "--timeout", "2s"], "zh");
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain("续期未生效");
  } finally {
    kubelet?.ignore.clear();
    kubelet?.stale.clear();
  }
}, 90_000);

test("the restart step's live title names the component it is at (en and zh)", async () => {
  const node = localNode(rootedHostFs({ root }), execaRunner());
  for (const lang of ["en", "zh"] as const) {
    const plan = await planRenew(node, ["scheduler.conf"]);
    const steps = renewSteps(
      node,
      plan,
      { lang, kubeadmPath: FAKE_KUBEADM, timeoutMs: 20_000, sudoUser: undefined },
      emptyOutcome(),
    );
    const restart = steps.find((s) => s.title.includes("kube-scheduler") || /Restart|重启/.test(s.title));
    const titles: string[] = [];
    const final = await restart?.run(
      (x) => titles.push(x),
      () => {},
    );
    expect(titles.join("\n")).not.toContain("undefined");
    expect(titles[0]).toBe(
      lang === "en"
        ? "Restarting kube-scheduler (manifest aside until the kubelet stops it, then back)"
        : "正在重启 kube-scheduler（清单移出直到 kubelet 停止它，再移回）",
    );
    expect(final).toMatch(/1 of 1|1 个中有 1 个/);
  }
}, 90_000);
