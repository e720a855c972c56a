/**
 * The Node port's contract, one suite run against every adapter with the SAME expectations:
 * localNode (rootedHostFs + execaRunner, a temp root) and sshNode over real Debian sshd in a network
 * namespace (test/fakes/netns-hosts.mjs), logged in as root and as a user with passwordless sudo.
 * The namespaces share this machine's file system, so the test reads what the remote side wrote
 * from the same temp root. Only the test's own namespace addresses and 127.0.0.1 are dialled.
 */
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KadmError } from "../../src/errors.js";
import { localFiles } from "../../src/host/files.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { execaRunner, failureReason } from "../../src/host/runner.js";
import { t } from "../../src/i18n/messages.js";
import { localNode, type Node } from "../../src/node/node.js";
import { sshNode } from "../../src/node/ssh-node.js";
import { ssh2Transport } from "../../src/ssh/ssh2-transport.js";
import type { SshSession } from "../../src/ssh/transport.js";
import { type NetnsHosts, NO_SUDO_USER, SUDO_USER, startNetnsHosts } from "../fakes/netns-hosts.mjs";
import {
  firstReason,
  itUnless,
  requireNetns,
  requireRoot,
  requireTool,
  skipTitle,
} from "../support/requires.js";

const NETNS = firstReason(requireNetns(), requireTool("sudo"));
const ROOT_ONLY = requireRoot();
const NOW = () => new Date("2026-01-02T03:04:05Z");
const STAMP = "20260102T030405Z";
/** A user that owns files in the tests (exists in the netns hosts' passwd; a bare uid locally). */
const U = { uid: SUDO_USER.uid, gid: SUDO_USER.uid };

interface Subject {
  name: string;
  /** A node on a fresh temp root (the same directory for the test and for the node). */
  make(root: string, dryRun?: boolean, log?: (l: string) => void): Node;
  /** The address this node reaches the test's TCP listener at. */
  tcpHost: string;
}

let net: NetnsHosts | undefined;
const sessions: SshSession[] = [];
let tcp: Server;
let tcpPort = 0;
let closedPort = 0;
const roots: string[] = [];

const local: Subject = {
  name: "localNode",
  make: (root, dryRun = false, log) =>
    localNode(rootedHostFs({ root, dryRun, now: NOW }), execaRunner({ dryRun, ...(log ? { log } : {}) })),
  tcpHost: "127.0.0.1",
};

async function connect(user: string): Promise<SshSession> {
  const h = net?.hosts[0];
  if (!net || !h) throw new Error("no netns host");
  const known = join(net.dir, "known_hosts");
  writeFileSync(known, `${h.hostKeyLine}\n`);
  const s = await ssh2Transport({ knownHostsPath: known, acceptNew: false, files: localFiles }).connect({
    host: h.address,
    port: 22,
    user,
    privateKey: readFileSync(net.clientKey, "utf8"),
  });
  sessions.push(s);
  return s;
}

function sshSubject(
  name: string,
  user: string,
  wrap: (s: SshSession) => SshSession = (s) => s,
): Subject & { session?: SshSession } {
  const subject: Subject & { session?: SshSession } = {
    name,
    make: (root, dryRun = false, log) => {
      if (!subject.session || !net?.hosts[0]) throw new Error("not connected");
      return sshNode(wrap(subject.session), {
        id: "node-1",
        user,
        root,
        env: {},
        dryRun,
        lang: "en",
        now: NOW,
        ...(log ? { log } : {}),
      });
    },
    get tcpHost() {
      return net?.hosts[0]?.rootAddress ?? "";
    },
  };
  return subject;
}

const sshRoot = sshSubject("sshNode as root", "root");
const sshSudo = sshSubject(`sshNode as ${SUDO_USER.name} (sudo -n)`, SUDO_USER.name);
/**
 * The same node where the file server cannot run (a transport without streamed stdin): every file
 * operation is a channel of its own, reads issued together one batch. Same answers.
 */
const sshUnserved = sshSubject("sshNode as root, without the file server", "root", (s) => ({
  ...s,
  exec: (command, o) => s.exec(command, o && { ...o, stdinStream: undefined }),
}));

beforeAll(async () => {
  tcp = createServer((s) => s.destroy());
  await new Promise<void>((r) => tcp.listen(0, "0.0.0.0", r));
  tcpPort = (tcp.address() as { port: number }).port;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "0.0.0.0", r));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  if (NETNS === undefined) {
    net = await startNetnsHosts(1, { octet: 236, users: true });
    sshRoot.session = await connect("root");
    sshSudo.session = await connect(SUDO_USER.name);
    sshUnserved.session = sshRoot.session;
  }
}, 60_000);

afterAll(async () => {
  for (const s of sessions) s.close();
  await new Promise((r) => tcp?.close(r));
  await net?.stop();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
}, 60_000);

function tempRoot(): string {
  const r = mkdtempSync(join(tmpdir(), "kadm-node-"));
  roots.push(r);
  return r;
}

const modeOf = (p: string) => statSync(p).mode & 0o7777;
const ownerOf = (p: string) => {
  const s = statSync(p);
  return { uid: s.uid, gid: s.gid };
};

function contract(s: Subject) {
  describe("fs", () => {
    it("resolve maps host paths under the root and keeps .. inside it", () => {
      const root = tempRoot();
      const n = s.make(root);
      expect(n.fs.resolve("/etc/fstab")).toBe(join(root, "etc/fstab"));
      expect(n.fs.resolve("/../../etc")).toBe(join(root, "etc"));
      expect(() => n.fs.resolve("etc")).toThrow(/absolute/);
    });

    it("write: new file with mode, dirs made; rewrite backs up -0, -1; same content unchanged", async () => {
      const root = tempRoot();
      const n = s.make(root);
      const p = "/etc/kadm/a.conf";
      expect(await n.fs.write(p, "one\n", { mode: 0o640 })).toEqual({
        path: p,
        changed: true,
        before: undefined,
        after: "one\n",
        skipped: false,
      });
      expect(modeOf(join(root, p))).toBe(0o640);
      expect(ownerOf(join(root, p))).toEqual({ uid: 0, gid: 0 });
      expect(statSync(join(root, "etc/kadm")).isDirectory()).toBe(true);
      expect(await n.fs.write(p, "two\n")).toEqual({
        path: p,
        changed: true,
        before: "one\n",
        after: "two\n",
        skipped: false,
        backup: `${p}.kadm-wizard-${STAMP}.bak`,
      });
      // The first backup holds the operator's original; the next one never replaces it.
      expect((await n.fs.write(p, "three\n")).backup).toBe(`${p}.kadm-wizard-${STAMP}-1.bak`);
      expect(readFileSync(join(root, `${p}.kadm-wizard-${STAMP}.bak`), "utf8")).toBe("one\n");
      expect(readFileSync(join(root, `${p}.kadm-wizard-${STAMP}-1.bak`), "utf8")).toBe("two\n");
      expect(modeOf(join(root, `${p}.kadm-wizard-${STAMP}.bak`))).toBe(0o640);
      // The mode is kept when not given.
      expect(modeOf(join(root, p))).toBe(0o640);
      expect(await n.fs.write(p, "three\n")).toEqual({
        path: p,
        changed: false,
        before: "three\n",
        after: "three\n",
        skipped: false,
      });
      // Only the mode differs: changed, nothing to back up.
      expect(await n.fs.write(p, "three\n", { mode: 0o600 })).toEqual({
        path: p,
        changed: true,
        before: "three\n",
        after: "three\n",
        skipped: false,
      });
      expect(modeOf(join(root, p))).toBe(0o600);
      // backup: false replaces without a copy.
      expect((await n.fs.write(p, "four\n", { backup: false })).backup).toBeUndefined();
      expect(readdirSync(join(root, "etc/kadm")).sort()).toEqual([
        "a.conf",
        `a.conf.kadm-wizard-${STAMP}-1.bak`,
        `a.conf.kadm-wizard-${STAMP}.bak`,
      ]);
      expect(readFileSync(join(root, p), "utf8")).toBe("four\n");
    });

    it("content with any bytes round-trips: NUL, CRLF, non-ASCII, no final newline, empty", async () => {
      const root = tempRoot();
      const n = s.make(root);
      const texts = [
        "\u0000\u0001\u007f bin\r\nCRLF\r\n€ 中文 \u{1f600}\tend",
        "",
        "x".repeat(200_000),
        "@@kadm end\nKADM_EOF\n",
      ];
      for (const [i, text] of texts.entries()) {
        const p = `/data/f${i}`;
        await n.fs.write(p, text);
        expect(readFileSync(join(root, p)).equals(Buffer.from(text, "utf8"))).toBe(true);
        expect(await n.fs.read(p)).toBe(text);
        expect((await n.fs.write(p, text)).changed).toBe(false);
      }
      // Bytes that are not UTF-8 read as what readFile(…, "utf8") gives.
      writeFileSync(join(root, "data/raw"), Buffer.from([0xff, 0xfe, 0x41, 0x0a]));
      expect(await n.fs.read("/data/raw")).toBe("\ufffd\ufffdA\n");
    });

    it("read / exists / list", async () => {
      const root = tempRoot();
      const n = s.make(root);
      mkdirSync(join(root, "etc/d"), { recursive: true });
      for (const f of ["b", ".hidden", "a b", "new\nline", "z"]) writeFileSync(join(root, "etc/d", f), f);
      symlinkSync("/nowhere", join(root, "etc/d/dangling"));
      expect(await n.fs.list("/etc/d")).toEqual([".hidden", "a b", "b", "dangling", "new\nline", "z"]);
      expect(await n.fs.list("/etc/none")).toEqual([]);
      await expect(n.fs.list("/etc/d/b")).rejects.toThrow();
      expect(await n.fs.read("/etc/d/new\nline")).toBe("new\nline");
      expect(await n.fs.read("/etc/d/missing")).toBeUndefined();
      expect(await n.fs.read("/etc/d/dangling")).toBeUndefined();
      expect(await n.fs.exists("/etc/d")).toBe(true);
      expect(await n.fs.exists("/etc/d/b")).toBe(true);
      expect(await n.fs.exists("/etc/d/dangling")).toBe(false);
      expect(await n.fs.exists("/etc/nope")).toBe(false);
    });

    it("mkdir: created with mode, then unchanged, then mode fixed on the existing dir", async () => {
      const root = tempRoot();
      const n = s.make(root);
      expect(await n.fs.mkdir("/var/lib/kadm", { mode: 0o700 })).toEqual({
        path: "/var/lib/kadm",
        changed: true,
        created: true,
      });
      expect(modeOf(join(root, "var/lib/kadm"))).toBe(0o700);
      expect(await n.fs.mkdir("/var/lib/kadm", { mode: 0o700 })).toEqual({
        path: "/var/lib/kadm",
        changed: false,
        created: false,
      });
      expect(await n.fs.mkdir("/var/lib/kadm", { mode: 0o750 })).toEqual({
        path: "/var/lib/kadm",
        changed: true,
        created: false,
      });
      expect(modeOf(join(root, "var/lib/kadm"))).toBe(0o750);
      expect(await n.fs.mkdir("/var/lib")).toEqual({ path: "/var/lib", changed: false, created: false });
    });

    const owned = itUnless(ROOT_ONLY);
    owned("owner: the file, its new directories and a fixed directory belong to that user", async () => {
      const root = tempRoot();
      chmodSync(root, 0o755);
      mkdirSync(join(root, "home/u"), { recursive: true });
      chownSync(join(root, "home/u"), U.uid, U.gid);
      const n = s.make(root);
      expect(await n.fs.mkdir("/home/u", { mode: 0o750, owner: U })).toEqual({
        path: "/home/u",
        changed: true,
        created: false,
      });
      expect(modeOf(join(root, "home/u"))).toBe(0o750);
      expect(await n.fs.mkdir("/home/u/.cache/kadm", { mode: 0o700, owner: U })).toEqual({
        path: "/home/u/.cache/kadm",
        changed: true,
        created: true,
      });
      expect(ownerOf(join(root, "home/u/.cache"))).toEqual(U);
      expect(ownerOf(join(root, "home/u/.cache/kadm"))).toEqual(U);
      const c = await n.fs.write("/home/u/.kube/config", "kubeconfig\n", { mode: 0o600, owner: U });
      expect(c).toEqual({
        path: "/home/u/.kube/config",
        changed: true,
        before: undefined,
        after: "kubeconfig\n",
        skipped: false,
      });
      expect(ownerOf(join(root, "home/u/.kube/config"))).toEqual(U);
      expect(ownerOf(join(root, "home/u/.kube"))).toEqual(U);
      expect(modeOf(join(root, "home/u/.kube/config"))).toBe(0o600);
      expect(
        (await n.fs.write("/home/u/.kube/config", "kubeconfig\n", { mode: 0o600, owner: U })).changed,
      ).toBe(false);
      const again = await n.fs.write("/home/u/.kube/config", "v2\n", { mode: 0o600, owner: U });
      expect(again.backup).toBe(`/home/u/.kube/config.kadm-wizard-${STAMP}.bak`);
      expect(ownerOf(join(root, `home/u/.kube/config.kadm-wizard-${STAMP}.bak`))).toEqual(U);
      expect(modeOf(join(root, `home/u/.kube/config.kadm-wizard-${STAMP}.bak`))).toBe(0o600);
    });

    owned(
      "refuses a link below a directory another user controls, and a target that is no file",
      async () => {
        const root = tempRoot();
        const n = s.make(root);
        mkdirSync(join(root, "home/u"), { recursive: true });
        chownSync(join(root, "home/u"), U.uid, U.gid);
        mkdirSync(join(root, "etc/secret"), { recursive: true });
        symlinkSync(join(root, "etc/secret"), join(root, "home/u/.kube"));
        const refused = n.fs.write("/home/u/.kube/config", "x");
        await expect(refused).rejects.toBeInstanceOf(KadmError);
        await expect(n.fs.write("/home/u/.kube/config", "x")).rejects.toThrow(
          t("en", "hostfs.unsafe.symlink", { path: "/home/u/.kube" }),
        );
        expect(readdirSync(join(root, "etc/secret"))).toEqual([]);
        // A link file in that directory is not written through either.
        writeFileSync(join(root, "etc/secret/passwd"), "root\n");
        symlinkSync(join(root, "etc/secret/passwd"), join(root, "home/u/notes"));
        await expect(n.fs.write("/home/u/notes", "x")).rejects.toThrow(
          t("en", "hostfs.unsafe.symlink", { path: "/home/u/notes" }),
        );
        expect(readFileSync(join(root, "etc/secret/passwd"), "utf8")).toBe("root\n");
        mkdirSync(join(root, "etc/adir"));
        await expect(n.fs.write("/etc/adir", "x")).rejects.toThrow(
          t("en", "hostfs.unsafe.type", { path: "/etc/adir" }),
        );
        writeFileSync(join(root, "etc/afile"), "f");
        await expect(n.fs.write("/etc/afile/x", "x")).rejects.toThrow(
          t("en", "hostfs.unsafe.type", { path: "/etc/afile" }),
        );
      },
    );

    it("remove: a file, a tree, nothing; never the root", async () => {
      const root = tempRoot();
      const n = s.make(root);
      mkdirSync(join(root, "etc/tree/sub"), { recursive: true });
      writeFileSync(join(root, "etc/tree/sub/f"), "f");
      writeFileSync(join(root, "etc/file"), "f");
      expect(await n.fs.remove("/etc/file")).toBe(true);
      expect(await n.fs.remove("/etc/tree")).toBe(true);
      expect(await n.fs.remove("/etc/tree")).toBe(false);
      expect(await n.fs.remove("/nope/deeper")).toBe(false);
      expect(readdirSync(join(root, "etc"))).toEqual([]);
      await expect(n.fs.remove("/")).rejects.toThrow(/root/);
    });

    it("dry-run computes the change and writes, makes and deletes nothing", async () => {
      const root = tempRoot();
      mkdirSync(join(root, "etc"));
      writeFileSync(join(root, "etc/fstab"), "old\n");
      chmodSync(join(root, "etc/fstab"), 0o644);
      const n = s.make(root, true);
      expect(n.fs.dryRun).toBe(true);
      expect(await n.fs.write("/etc/fstab", "new\n")).toEqual({
        path: "/etc/fstab",
        changed: true,
        before: "old\n",
        after: "new\n",
        skipped: true,
      });
      expect(await n.fs.write("/etc/fstab", "old\n")).toEqual({
        path: "/etc/fstab",
        changed: false,
        before: "old\n",
        after: "old\n",
        skipped: false,
      });
      expect((await n.fs.write("/etc/fstab", "old\n", { mode: 0o600 })).changed).toBe(true);
      expect(await n.fs.write("/new/dir/file", "x")).toEqual({
        path: "/new/dir/file",
        changed: true,
        before: undefined,
        after: "x",
        skipped: true,
      });
      expect(await n.fs.mkdir("/var/lib/kadm", { mode: 0o700 })).toEqual({
        path: "/var/lib/kadm",
        changed: true,
        created: true,
      });
      expect(await n.fs.mkdir("/etc", { mode: 0o700 })).toEqual({
        path: "/etc",
        changed: true,
        created: false,
      });
      expect(await n.fs.remove("/etc/fstab")).toBe(true);
      expect(readdirSync(root)).toEqual(["etc"]);
      expect(readdirSync(join(root, "etc"))).toEqual(["fstab"]);
      expect(readFileSync(join(root, "etc/fstab"), "utf8")).toBe("old\n");
      expect(modeOf(join(root, "etc/fstab"))).toBe(0o644);
      expect(modeOf(join(root, "etc"))).not.toBe(0o700);
    });
  });

  describe("runner", () => {
    it("argv arrives word for word: spaces, quotes, $, newlines, the empty string", async () => {
      const n = s.make(tempRoot());
      const r = await n.runner.run([
        "printf",
        "[%s]",
        "a b",
        "it's",
        '"q"',
        "$HOME",
        "`id`",
        "x\ny",
        "",
        "*",
      ]);
      expect(r).toEqual({
        command: `printf '[%s]' 'a b' 'it'\\''s' '"q"' '$HOME' '\`id\`' 'x\ny' '' '*'`,
        exitCode: 0,
        stdout: `[a b][it's]["q"][$HOME][\`id\`][x\ny][][*]`,
        stderr: "",
        timedOut: false,
        skipped: false,
        notFound: false,
      });
    });

    it("exit codes, stdout and stderr apart, line streaming, failureReason", async () => {
      const n = s.make(tempRoot());
      const lines: string[] = [];
      const r = await n.runner.run(["sh", "-c", "echo one; echo two >&2; echo three; exit 3"], {
        onLine: (l, stream) => lines.push(`${stream}:${l}`),
      });
      expect(r.exitCode).toBe(3);
      expect(r.stdout).toBe("one\nthree\n");
      expect(r.stderr).toBe("two\n");
      expect(lines.sort()).toEqual(["stderr:two", "stdout:one", "stdout:three"]);
      // The reason is stderr's last line: a tool's error, not its last progress line on stdout.
      expect(failureReason(r)).toBe("two");
      expect(failureReason({ ...r, stderr: "" })).toBe("three");
      expect((await n.runner.run(["false"])).exitCode).toBe(1);
    });

    it("env, LC_ALL=C, input on stdin", async () => {
      const n = s.make(tempRoot());
      const r = await n.runner.run(["sh", "-c", 'printf "%s|%s|%s" "$KADM_X" "$LC_ALL" "$LANG"'], {
        env: { KADM_X: "a b'$c" },
      });
      expect(r.stdout).toBe("a b'$c|C|C");
      const input = "first\r\nsecond € \u0000 no newline";
      expect((await n.runner.run(["cat"], { input })).stdout).toBe(input);
      // Without input the command reads end of file at once.
      expect((await n.runner.run(["cat"], { timeoutMs: 5_000 })).stdout).toBe("");
    });

    it("not found: exit 127, notFound, 'command not found'", async () => {
      const n = s.make(tempRoot());
      const r = await n.runner.run(["kadm-no-such-program", "x"]);
      expect([r.exitCode, r.notFound, failureReason(r)]).toEqual([127, true, "command not found"]);
    });

    it("a timeout kills the command", async () => {
      const root = tempRoot();
      const n = s.make(root);
      const pidFile = join(root, "pid");
      const started = Date.now();
      const r = await n.runner.run(["sh", "-c", 'echo $$ > "$1"; exec sleep 30', "sh", pidFile], {
        timeoutMs: 500,
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect([r.timedOut, r.exitCode, r.signal, failureReason(r)]).toEqual([
        true,
        124,
        "SIGTERM",
        "timed out",
      ]);
      await expectGone(Number(readFileSync(pidFile, "utf8")));
    });

    it("an abort signal kills the command and returns what it printed", async () => {
      const root = tempRoot();
      const n = s.make(root);
      const pidFile = join(root, "pid");
      const ac = new AbortController();
      const r = n.runner.run(["sh", "-c", 'echo $$ > "$1"; echo started; exec sleep 30', "sh", pidFile], {
        signal: ac.signal,
        onLine: (l) => {
          if (l === "started") ac.abort();
        },
      });
      const res = await r;
      expect([res.timedOut, res.exitCode, res.signal]).toEqual([false, 1, "SIGTERM"]);
      expect(res.stdout).toBe("started\n");
      await expectGone(Number(readFileSync(pidFile, "utf8")));
    });

    it("secrets and tokens are redacted in the command and the streamed lines", async () => {
      const n = s.make(tempRoot());
      const lines: string[] = [];
      const log: string[] = [];
      const n2 = s.make(tempRoot(), false, (l) => log.push(l));
      const r = await n2.runner.run(["echo", "pw=hunter22", "abcdef.0123456789abcdef"], {
        secrets: ["hunter22"],
        onLine: (l) => lines.push(l),
      });
      expect(r.command).toBe("echo pw=<redacted> abcdef.****************");
      expect(lines).toEqual(["pw=<redacted> abcdef.****************"]);
      expect(log).toEqual(["$ echo pw=<redacted> abcdef.****************"]);
      expect(n.runner.recorded).toEqual([]);
    });

    it("dry-run records host changes instead of running them; reads still run", async () => {
      const root = tempRoot();
      const log: string[] = [];
      const n = s.make(root, true, (l) => log.push(l));
      expect(n.runner.dryRun).toBe(true);
      const r = await n.runner.run(["touch", join(root, "made")], { changes: true });
      expect(r).toEqual({
        command: `touch ${join(root, "made")}`,
        exitCode: 0,
        stdout: "",
        stderr: "",
        timedOut: false,
        skipped: true,
        notFound: false,
      });
      await n.runner.run(["swapoff", "-a"], { changes: true });
      expect(n.runner.recorded).toEqual([`touch ${join(root, "made")}`, "swapoff -a"]);
      expect(log).toEqual([`[dry-run] touch ${join(root, "made")}`, "[dry-run] swapoff -a"]);
      expect(readdirSync(root)).toEqual([]);
      expect((await n.runner.run(["echo", "read"])).stdout).toBe("read\n");
    });
  });

  describe("probe", () => {
    it("socket: a listener inside the root answers; a missing one does not", async () => {
      const root = tempRoot();
      mkdirSync(join(root, "run/containerd"), { recursive: true });
      const srv = createServer((c) => c.destroy());
      await new Promise<void>((r) => srv.listen(join(root, "run/containerd/containerd.sock"), r));
      try {
        const n = s.make(root);
        expect(await n.probe.socket("/run/containerd/containerd.sock")).toBe(true);
        expect(await n.probe.socket("/run/containerd/none.sock")).toBe(false);
      } finally {
        await new Promise((r) => srv.close(r));
      }
      const n = s.make(root);
      expect(await n.probe.socket("/run/containerd/containerd.sock")).toBe(false);
    });

    it("tcp: open and refused, from the node", async () => {
      const n = s.make(tempRoot());
      expect(await n.probe.tcp(s.tcpHost, tcpPort)).toEqual({ ok: true });
      expect(await n.probe.tcp(s.tcpHost, closedPort)).toEqual({
        ok: false,
        reason: "refused",
        code: "ECONNREFUSED",
      });
    });
  });
}

/** The command's process is gone (killed, not left running behind a closed channel). */
async function expectGone(pid: number): Promise<void> {
  const deadline = Date.now() + 8_000;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    if (/\) Z /.test(stat)) return;
    if (Date.now() > deadline) throw new Error(`process ${pid} still runs`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe(local.name, () => contract(local));
describe.skipIf(NETNS !== undefined)(skipTitle(sshRoot.name, NETNS), () => contract(sshRoot));
describe.skipIf(NETNS !== undefined)(skipTitle(sshSudo.name, NETNS), () => contract(sshSudo));
describe.skipIf(NETNS !== undefined)(skipTitle(sshUnserved.name, NETNS), () => contract(sshUnserved));

describe.skipIf(NETNS !== undefined)(skipTitle("sshNode: sudo refused", NETNS), () => {
  it("a login without passwordless sudo gets the localised sudo error, in en and zh", async () => {
    const session = await connect(NO_SUDO_USER.name);
    for (const lang of ["en", "zh"] as const) {
      const n = sshNode(session, {
        id: "h",
        user: NO_SUDO_USER.name,
        root: "/",
        env: {},
        dryRun: false,
        lang,
      });
      const msg = t(lang, "ssh.sudoRefused", { user: NO_SUDO_USER.name });
      await expect(n.runner.run(["true"])).rejects.toThrow(msg);
      await expect(n.fs.read("/etc/hostname")).rejects.toBeInstanceOf(KadmError);
      await expect(n.fs.read("/etc/hostname")).rejects.toThrow(msg);
    }
  });
});

describe.skipIf(NETNS !== undefined)(skipTitle("SshSession.openTcp over sshd", NETNS), () => {
  it("opens a stream from the node (doctor's /healthz tunnel); a closed port is the server's reason", async () => {
    const session = sshRoot.session as SshSession;
    const stream = await session.openTcp(sshRoot.tcpHost, tcpPort, 3_000);
    // The test's listener closes each connection at once: the stream ends.
    await new Promise<void>((resolve) => {
      stream.on("close", () => resolve());
      stream.on("end", () => resolve());
      stream.resume();
    });
    await expect(session.openTcp(sshRoot.tcpHost, closedPort, 3_000)).rejects.toThrow(/refused/i);
  });
});

/** The root session with every exec recorded; `served: false` strips the streamed stdin (no file server). */
function countedSession(served: boolean): { session: SshSession; commands: string[] } {
  const session = sshRoot.session as SshSession;
  const commands: string[] = [];
  return {
    commands,
    session: {
      ...session,
      exec: (command, o) => {
        commands.push(command);
        return session.exec(command, served ? o : o && { ...o, stdinStream: undefined });
      },
    },
  };
}

describe.skipIf(NETNS !== undefined)(skipTitle("sshNode: read-only calls issued together", NETNS), () => {
  for (const served of [true, false]) {
    it(`share one channel${served ? " (the file server)" : " (a batch, without the file server)"}, with each call's own answer; a failing one fails as it does alone`, async () => {
      const { session, commands } = countedSession(served);
      const root = tempRoot();
      mkdirSync(join(root, "etc/d"), { recursive: true });
      writeFileSync(join(root, "etc/a"), "é\n\0bytes\n@@kadm end-x 0\n");
      // A name that looks like the framing: the mark is random, so it cannot end an item.
      writeFileSync(join(root, "etc/d", "x\n@@kadm end-abc 0\n"), "");
      writeFileSync(join(root, "etc/d/y"), "");
      const n = sshNode(session, { id: "h", user: "root", root, env: {}, dryRun: false, lang: "en" });
      const all = await Promise.all([
        n.fs.read("/etc/a"),
        n.fs.read("/etc/missing"),
        n.fs.exists("/etc/d"),
        n.fs.exists("/etc/nope"),
        n.fs.list("/etc/d"),
        n.fs.list("/etc/nope"),
      ]);
      expect(all).toEqual([
        "é\n\0bytes\n@@kadm end-x 0\n",
        undefined,
        true,
        false,
        ["x\n@@kadm end-abc 0\n", "y"],
        [],
      ]);
      // Without streamed stdin the server ends at once: its channel, then one batch.
      expect(commands).toHaveLength(served ? 1 : 2);
      commands.length = 0;
      const alone = await n.fs.list("/etc/a").catch((e: Error) => e.message);
      const together = await Promise.all([
        n.fs.list("/etc/a").catch((e: Error) => e.message),
        n.fs.read("/etc/a"),
      ]);
      expect(alone).toMatch(/not a directory/);
      expect(together).toEqual([alone, "é\n\0bytes\n@@kadm end-x 0\n"]);
      if (served) expect(commands).toEqual([]);
    });
  }
});

describe.skipIf(NETNS !== undefined)(skipTitle("sshNode: the file server", NETNS), () => {
  it("every file operation of a node in one channel, issued at once; a refused write's content is read away and the next answers are their own", async () => {
    const { session, commands } = countedSession(true);
    const root = tempRoot();
    mkdirSync(join(root, "w"), { mode: 0o777 });
    chmodSync(join(root, "w"), 0o777);
    mkdirSync(join(root, "target"));
    symlinkSync(join(root, "target"), join(root, "w/l"));
    writeFileSync(join(root, "old"), "old\n");
    const n = sshNode(session, { id: "h", user: "root", root, env: {}, dryRun: false, lang: "en", now: NOW });
    // Content that looks like requests: it must be written, never read as one.
    const big = `${"x".repeat(70_000)}\nend-abc 2\nremove\n\n`;
    const r = await Promise.all([
      n.fs.write("/etc/a/b.conf", big, { mode: 0o600 }),
      n.fs.write("/w/l/f", big).catch((e: unknown) => e),
      n.fs.read("/etc/a/b.conf"),
      n.fs.write("/old", "new\n"),
      n.fs.mkdir("/etc/m", { mode: 0o700 }),
      n.fs.exists("/etc/m"),
      n.fs.list("/etc/a"),
      n.fs.remove("/old"),
      n.fs.read("/old"),
    ]);
    expect(r[0]).toMatchObject({ changed: true, before: undefined });
    expect(r[1]).toBeInstanceOf(KadmError);
    expect(r.slice(2)).toEqual([
      big,
      expect.objectContaining({ changed: true, before: "old\n", backup: `/old.kadm-wizard-${STAMP}.bak` }),
      { path: "/etc/m", changed: true, created: true },
      true,
      ["b.conf"],
      true,
      undefined,
    ]);
    expect(readFileSync(join(root, "etc/a/b.conf"), "utf8")).toBe(big);
    expect(modeOf(join(root, "etc/a/b.conf"))).toBe(0o600);
    expect(readdirSync(join(root, "target"))).toEqual([]);
    expect(commands).toHaveLength(1);
  });
});

describe.skipIf(NETNS !== undefined)(skipTitle("sshNode: processes of a write", NETNS), () => {
  it("a write under existing directories: one stat for the walk and the file, no mktemp/chmod/rm; links still refused", async () => {
    const root = tempRoot();
    const bin = tempRoot();
    const log = join(bin, "run.log");
    // The helper's programs on the node's PATH record each run, then are the real ones.
    const tools = [
      "stat",
      "base64",
      "mktemp",
      "cat",
      "head",
      "cmp",
      "chmod",
      "chown",
      "mv",
      "rm",
      "ln",
      "mkdir",
    ];
    for (const tool of tools) {
      writeFileSync(join(bin, tool), `#!/bin/sh\necho ${tool} >>'${log}'\nexec /usr/bin/${tool} "$@"\n`, {
        mode: 0o755,
      });
    }
    const runs = () => {
      const l = readFileSync(log, "utf8").split("\n").filter(Boolean);
      writeFileSync(log, "");
      return l;
    };
    mkdirSync(join(root, "a/b/c"), { recursive: true });
    writeFileSync(join(root, "a/b/c/f"), "old text\n");
    writeFileSync(log, "");
    const n = sshNode(sshRoot.session as SshSession, {
      id: "h",
      user: "root",
      root,
      env: { PATH: `${bin}:/usr/sbin:/usr/bin:/sbin:/bin` },
      dryRun: false,
      lang: "en",
      now: NOW,
    });
    const c = await n.fs.write("/a/b/c/f", "new\n", { backup: false, mode: 0o600 });
    expect(c).toMatchObject({ changed: true, before: "old text\n" });
    expect(readFileSync(join(root, "a/b/c/f"), "utf8")).toBe("new\n");
    expect(modeOf(join(root, "a/b/c/f"))).toBe(0o600);
    // The walk (root, a, b, c) and the file's own mode and owner in one stat; the mode from the
    // umask; the old content, the new one (another size: no cmp), the rename.
    expect(runs()).toEqual(["stat", "base64", "head", "mv"]);
    // Same content, same size: compared, the temporary file removed, nothing else.
    expect(await n.fs.write("/a/b/c/f", "new\n", { backup: false, mode: 0o600 })).toMatchObject({
      changed: false,
    });
    expect(runs()).toEqual(["stat", "base64", "head", "cmp", "rm"]);
    // A mode with x bits still gets its chmod.
    await n.fs.write("/a/b/c/f", "newer\n", { backup: false, mode: 0o755 });
    expect(runs()).toEqual(["stat", "base64", "head", "chmod", "mv"]);
    expect(modeOf(join(root, "a/b/c/f"))).toBe(0o755);
    expect(readdirSync(join(root, "a/b/c"))).toEqual(["f"]);
    // A link below a directory others may write is still refused when the stats come at once.
    mkdirSync(join(root, "w"), { mode: 0o777 });
    chmodSync(join(root, "w"), 0o777);
    mkdirSync(join(root, "target"));
    symlinkSync(join(root, "target"), join(root, "w/l"));
    await expect(n.fs.write("/w/l/f", "x")).rejects.toThrow(KadmError);
    // A new directory below existing ones: the existing ones from the one stat, the new one its own.
    runs();
    await n.fs.write("/a/b/new/f", "x\n", { backup: false });
    expect(runs()).toEqual(["stat", "mkdir", "stat", "head", "mv"]);
    expect(readFileSync(join(root, "a/b/new/f"), "utf8")).toBe("x\n");
    // An existing directory: its mode and owner come from the walk's stat, nothing is changed.
    runs();
    expect(await n.fs.mkdir("/a/b/c", { mode: 0o755 })).toMatchObject({ changed: false });
    expect(runs()).toEqual(["stat"]);
  });
});
