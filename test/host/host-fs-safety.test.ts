/**
 * Host writes that a non-root user cannot turn against root (issue 14): backups and temp files are
 * created exclusively without following links, links below a directory another user controls are
 * refused, kubeconfig copies into a user's home are written as that user, backups never overwrite
 * each other, directories of ours get their mode fixed, secret-holding files of ours get no backups
 * (old ones are pruned, reset removes them). The "other user" is uid/gid 65534 (nobody); this needs
 * root, as the real `init` does.
 */

import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect } from "vitest";
import { KadmError } from "../../src/errors.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { type FakeApiServer, startFakeApiServer } from "../fakes/kube-api-server.js";
import { type NodeHost, nodeHost, runOnNode } from "../fakes/node-host.js";
import { NOT_FOUND, type Reply } from "../fakes/runner.js";
import { firstReason, itUnless, requireRoot, requireSharedTestdata } from "../support/requires.js";

const NOBODY = 65534;
const NO_ROOT = requireRoot();
const rootIt = itUnless(NO_ROOT);
const cliIt = itUnless(firstReason(NO_ROOT, requireSharedTestdata("transcripts")));

const fixedNow = () => new Date("2026-11-23T09:30:00.123Z");
const STAMP = "20261123T093000Z";

/** The backup names a run during [from, from + seconds) would use: what an attacker plants. */
function stamps(from: Date, seconds: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < seconds; i++) {
    out.push(
      new Date(from.getTime() + i * 1000)
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d+Z$/, "Z"),
    );
  }
  return out;
}

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A temp root like a host: /etc root-owned, /home/alice owned by nobody. */
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "kadm-safe-"));
  roots.push(root);
  chmodSync(root, 0o755);
  mkdirSync(join(root, "etc/cron.d"), { recursive: true });
  mkdirSync(join(root, "home/alice"), { recursive: true });
  chownSync(join(root, "home/alice"), NOBODY, NOBODY);
  return root;
}

/** Plant as alice would: files owned by her. */
function asAlice(p: string): void {
  execFileSync("chown", ["-h", `${NOBODY}:${NOBODY}`, p]);
}

describe("HostFs against another user's directory", () => {
  rootIt("a backup name planted as a link is never followed: the backup gets a fresh name", async () => {
    const root = tempRoot();
    const file = join(root, "home/alice/app.conf");
    writeFileSync(file, "alice's original\n");
    asAlice(file);
    symlinkSync(join(root, "etc/cron.d/evil"), `${file}.kadm-wizard-${STAMP}.bak`);
    const fs = rootedHostFs({ root, now: fixedNow });
    const r = await fs.write("/home/alice/app.conf", "new\n");
    expect(existsSync(join(root, "etc/cron.d/evil"))).toBe(false);
    expect(r.backup).toBe(`/home/alice/app.conf.kadm-wizard-${STAMP}-1.bak`);
    const bak = join(root, r.backup as string);
    expect(lstatSync(bak).isFile()).toBe(true);
    expect(readFileSync(bak, "utf8")).toBe("alice's original\n");
    // the copy keeps the original's owner and mode (cp -p)
    expect(statSync(bak).uid).toBe(NOBODY);
    expect(readFileSync(file, "utf8")).toBe("new\n");
  });

  rootIt(
    "a link in place of a directory or of the file itself is refused, in English and Chinese",
    async () => {
      const root = tempRoot();
      symlinkSync(join(root, "etc"), join(root, "home/alice/.config"));
      asAlice(join(root, "home/alice/.config"));
      const fs = rootedHostFs({ root });
      const e = await fs.write("/home/alice/.config/app.conf", "x\n").catch((x: unknown) => x);
      expect(e).toBeInstanceOf(KadmError);
      expect((e as KadmError).exitCode).toBe(1);
      expect((e as KadmError).message).toBe(
        "refusing to follow the symbolic link /home/alice/.config: it is in a directory another user can change.",
      );
      expect(existsSync(join(root, "etc/app.conf"))).toBe(false);

      symlinkSync(join(root, "etc/cron.d/evil"), join(root, "home/alice/app.conf"));
      const zh = rootedHostFs({ root, lang: "zh" });
      const z = await zh.write("/home/alice/app.conf", "x\n").catch((x: unknown) => x);
      expect((z as KadmError).message).toBe(
        "拒绝跟随符号链接 /home/alice/app.conf：它位于其他用户可以修改的目录中。",
      );
      expect(existsSync(join(root, "etc/cron.d/evil"))).toBe(false);
      // mkdir does not follow one either
      await expect(fs.mkdir("/home/alice/.config/sub", { mode: 0o700 })).rejects.toThrow(/symbolic link/);
      expect(existsSync(join(root, "etc/sub"))).toBe(false);
    },
  );

  rootIt(
    "remove does not go through a link below another user's directory; it removes the link itself",
    async () => {
      const root = tempRoot();
      writeFileSync(join(root, "etc/config"), "root's\n");
      symlinkSync(join(root, "etc"), join(root, "home/alice/.kube"));
      asAlice(join(root, "home/alice/.kube"));
      const fs = rootedHostFs({ root });
      await expect(fs.remove("/home/alice/.kube/config")).rejects.toThrow(
        /symbolic link \/home\/alice\/\.kube/,
      );
      expect(existsSync(join(root, "etc/config"))).toBe(true);
      expect(await fs.remove("/home/alice/.kube")).toBe(true);
      expect(existsSync(join(root, "etc/config"))).toBe(true);
      expect(await fs.remove("/home/alice/nothing/here")).toBe(false);
    },
  );

  rootIt("a FIFO in place of the file is refused at once instead of hanging the read", async () => {
    const root = tempRoot();
    execFileSync("mkfifo", [join(root, "home/alice/app.conf")]);
    const fs = rootedHostFs({ root });
    await expect(fs.write("/home/alice/app.conf", "x\n")).rejects.toThrow(/not a regular file/);
  });

  rootIt(
    "a file owned by another user is written as that user: their link reaches only what they may write",
    async () => {
      const root = tempRoot();
      const fs = rootedHostFs({ root });
      const owner = { uid: NOBODY, gid: NOBODY };
      expect(await fs.mkdir("/home/alice/.kube", { mode: 0o700, owner })).toMatchObject({ created: true });
      const r = await fs.write("/home/alice/.kube/config", "admin\n", { mode: 0o600, owner });
      expect(r.changed).toBe(true);
      const st = statSync(join(root, "home/alice/.kube/config"));
      expect([st.uid, st.gid, st.mode & 0o777]).toEqual([NOBODY, NOBODY, 0o600]);
      expect(statSync(join(root, "home/alice/.kube")).mode & 0o777).toBe(0o700);
      expect((await fs.write("/home/alice/.kube/config", "admin\n", { mode: 0o600, owner })).changed).toBe(
        false,
      );

      // ~/.kube replaced by a link to a root-owned directory: the write, done as alice, cannot land there
      rmSync(join(root, "home/alice/.kube"), { recursive: true });
      symlinkSync(join(root, "etc"), join(root, "home/alice/.kube"));
      asAlice(join(root, "home/alice/.kube"));
      const e = await fs.write("/home/alice/.kube/config", "admin\n", { mode: 0o600, owner }).catch((x) => x);
      expect(e).toBeInstanceOf(KadmError);
      expect((e as KadmError).message).toMatch(
        /^could not write \/home\/alice\/\.kube\/config as its owner \(uid 65534\): EACCES/,
      );
      expect(readdirSync(join(root, "etc"))).toEqual(["cron.d"]);
      // and it does not chmod or chown through the link either
      await expect(fs.mkdir("/home/alice/.kube", { mode: 0o700, owner })).rejects.toThrow(
        "refusing to follow the symbolic link /home/alice/.kube",
      );
      expect(statSync(join(root, "etc")).uid).toBe(0);
      expect(statSync(join(root, "etc")).mode & 0o777).toBe(0o755);
    },
  );
});

describe("the as-user helper in the single-file builds", () => {
  rootIt(
    "the minified bundle, started with the helper variable and no arguments, writes as the user",
    async () => {
      const { build } = await import("esbuild");
      // @ts-expect-error: a plain .mjs build script without types
      const { bundleOptions } = await import("../../scripts/bundle.mjs");
      const dir = tempRoot();
      const bundle = join(dir, "kadm-wizard.mjs");
      const out = await build({ ...bundleOptions("esm"), outfile: bundle });
      expect(out.errors).toEqual([]);
      const target = join(dir, "home/alice/config");
      const req = {
        op: "write",
        root: dir,
        target,
        content: "x\n",
        mode: 0o600,
        dryRun: false,
        guard: false,
      };
      const r = spawnSync(process.execPath, [bundle], {
        uid: NOBODY,
        gid: NOBODY,
        cwd: "/",
        env: { KADM_WIZARD_FS_HELPER: "1" },
        input: JSON.stringify(req),
        encoding: "utf8",
      });
      expect(r.stderr).toBe("");
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: { changed: true } });
      expect(statSync(target).uid).toBe(NOBODY);
      // with arguments it is the CLI as usual, whatever the environment says
      const v = spawnSync(process.execPath, [bundle, "--version"], {
        env: { KADM_WIZARD_FS_HELPER: "1" },
        encoding: "utf8",
      });
      expect(v.stdout).toMatch(/^kadm-wizard \d/);
    },
    60_000,
  );
});

describe("HostFs backups and directories", () => {
  rootIt("backups in the same second never overwrite each other: the first keeps the original", async () => {
    const root = tempRoot();
    writeFileSync(join(root, "etc/fstab"), "original\n");
    const fs = rootedHostFs({ root, now: fixedNow });
    const a = await fs.write("/etc/fstab", "first run\n");
    const b = await fs.write("/etc/fstab", "second run\n");
    expect([a.backup, b.backup]).toEqual([
      `/etc/fstab.kadm-wizard-${STAMP}.bak`,
      `/etc/fstab.kadm-wizard-${STAMP}-1.bak`,
    ]);
    expect(readFileSync(join(root, a.backup as string), "utf8")).toBe("original\n");
    expect(readFileSync(join(root, b.backup as string), "utf8")).toBe("first run\n");
    // backup: false (files of ours holding secrets) makes none
    const c = await fs.write("/etc/fstab", "third\n", { backup: false });
    expect(c.backup).toBeUndefined();
    expect(readdirSync(join(root, "etc")).filter((f) => f.endsWith(".bak"))).toHaveLength(2);
  });

  rootIt("a --root that does not exist yet is made, as before", async () => {
    const root = join(tempRoot(), "not/yet");
    const fs = rootedHostFs({ root });
    expect(await fs.remove("/etc/x")).toBe(false);
    expect((await rootedHostFs({ root, dryRun: true }).write("/etc/x", "x\n")).changed).toBe(true);
    expect(existsSync(root)).toBe(false);
    expect((await fs.write("/etc/x", "x\n")).changed).toBe(true);
    expect(readFileSync(join(root, "etc/x"), "utf8")).toBe("x\n");
  });

  rootIt("mkdir fixes the mode and owner of a directory that already exists, and says so", async () => {
    const root = tempRoot();
    mkdirSync(join(root, "etc/kadm-wizard"), { mode: 0o755 });
    chownSync(join(root, "etc/kadm-wizard"), NOBODY, NOBODY);
    const dry = rootedHostFs({ root, dryRun: true });
    expect(await dry.mkdir("/etc/kadm-wizard", { mode: 0o700, owner: { uid: 0, gid: 0 } })).toEqual({
      path: "/etc/kadm-wizard",
      changed: true,
      created: false,
    });
    expect(statSync(join(root, "etc/kadm-wizard")).mode & 0o777).toBe(0o755);
    const fs = rootedHostFs({ root });
    expect(await fs.mkdir("/etc/kadm-wizard", { mode: 0o700, owner: { uid: 0, gid: 0 } })).toEqual({
      path: "/etc/kadm-wizard",
      changed: true,
      created: false,
    });
    const st = statSync(join(root, "etc/kadm-wizard"));
    expect([st.mode & 0o777, st.uid, st.gid]).toEqual([0o700, 0, 0]);
    expect((await fs.mkdir("/etc/kadm-wizard", { mode: 0o700 })).changed).toBe(false);
  });
});

describe("init and reset on a host with a non-root sudo user (fake kubeadm)", () => {
  let host: NodeHost;
  let api: FakeApiServer;
  beforeEach(async () => {
    host = await nodeHost();
    api = await startFakeApiServer();
    const passwd = join(host.root, "etc/passwd");
    writeFileSync(
      passwd,
      `${readFileSync(passwd, "utf8")}alice:x:${NOBODY}:${NOBODY}:Alice:/home/alice:/bin/bash\n`,
    );
    mkdirSync(join(host.root, "home/alice"));
    mkdirSync(join(host.root, "etc/cron.d"));
    chownSync(join(host.root, "home/alice"), NOBODY, NOBODY);
  });
  afterEach(async () => {
    await api.stop();
    await host.cleanup();
  });
  const path = (p: string) => join(host.root, p);
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}, replies: Record<string, Reply> = {}) =>
    runOnNode(host, args, {
      env: { LANG: "en_US.UTF-8", SUDO_USER: "alice", ...env },
      replies,
      fakeEnv: { KADM_FAKE_ADMIN_CONF: api.kubeconfigPath },
    });
  const init = (env: NodeJS.ProcessEnv = {}) =>
    cli(
      ["init", "--yes", "--advertise-address", "192.168.10.11", "--k8s-version", "v1.33.2", "--cni", "none"],
      env,
    );

  cliIt(
    "alice's links at every backup name of the next minutes do not make init write /etc/cron.d/evil",
    async () => {
      const kube = path("/home/alice/.kube");
      mkdirSync(kube);
      writeFileSync(`${kube}/config`, "alice's own kubeconfig\n");
      for (const p of [kube, `${kube}/config`]) asAlice(p);
      for (const s of stamps(new Date(Date.now() - 5000), 300)) {
        symlinkSync(path("/etc/cron.d/evil"), `${kube}/config.kadm-wizard-${s}.bak`);
      }
      const r = await init();
      expect(r.stderr).not.toContain("error");
      expect(r.code).toBe(0);
      expect(existsSync(path("/etc/cron.d/evil"))).toBe(false);
      const admin = readFileSync(path("/etc/kubernetes/admin.conf"), "utf8");
      expect(readFileSync(`${kube}/config`, "utf8")).toBe(admin);
      expect(statSync(`${kube}/config`).uid).toBe(NOBODY);
      // alice's own file is kept, under a name nobody planted, as her file
      const kept = readdirSync(kube).filter((f) => /\.kadm-wizard-\d{8}T\d{6}Z-1\.bak$/.test(f));
      expect(kept).toHaveLength(1);
      const bak = `${kube}/${kept[0]}`;
      expect(lstatSync(bak).isFile()).toBe(true);
      expect(readFileSync(bak, "utf8")).toBe("alice's own kubeconfig\n");
      expect(statSync(bak).uid).toBe(NOBODY);
    },
  );

  cliIt(
    "a planted ~/.kube -> /etc stops init with a clear error (en, zh) and writes nothing there",
    async () => {
      symlinkSync(path("/etc"), path("/home/alice/.kube"));
      asAlice(path("/home/alice/.kube"));
      const r = await init();
      expect(r.code).toBe(1);
      // done as alice, the link is followed but reaches a directory that is not hers: named as a link
      expect(r.stderr).toContain(
        "refusing to follow the symbolic link /home/alice/.kube: it is in a directory another user can change.",
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(path("/etc/config"))).toBe(false);
      expect(statSync(path("/etc")).uid).toBe(0);
      const zh = await init({ LANG: "zh_CN.UTF-8" });
      expect(zh.code).toBe(1);
      expect(zh.stderr).toContain("拒绝跟随符号链接 /home/alice/.kube：它位于其他用户可以修改的目录中。");
      expect(existsSync(path("/etc/config"))).toBe(false);
    },
  );

  cliIt(
    "a backup from a run in the same second is never overwritten: the operator's original survives",
    async () => {
      // root's own kubeconfig, and backups an earlier run made in each second init may run in
      mkdirSync(path("/root/.kube"), { recursive: true });
      writeFileSync(path("/root/.kube/config"), "operator's original\n");
      const earlier = stamps(new Date(Date.now() - 5000), 300).map((s) =>
        path(`/root/.kube/config.kadm-wizard-${s}.bak`),
      );
      for (const p of earlier) writeFileSync(p, "an earlier run's backup\n");
      expect((await init()).code).toBe(0);
      for (const p of earlier) expect(readFileSync(p, "utf8")).toBe("an earlier run's backup\n");
      const fresh = readdirSync(path("/root/.kube")).filter((f) => f.endsWith("-1.bak"));
      expect(fresh).toHaveLength(1);
      expect(readFileSync(path(`/root/.kube/${fresh[0]}`), "utf8")).toBe("operator's original\n");
    },
  );

  cliIt("/etc/kadm-wizard made 0755 by someone else becomes 0700", async () => {
    mkdirSync(path("/etc/kadm-wizard"), { mode: 0o755 });
    chmodSync(path("/etc/kadm-wizard"), 0o755);
    expect((await init()).code).toBe(0);
    expect(statSync(path("/etc/kadm-wizard")).mode & 0o777).toBe(0o700);
  });

  cliIt(
    "state and config files with the token get no backups; old ones are pruned, reset removes them",
    async () => {
      const dir = path("/etc/kadm-wizard");
      mkdirSync(dir, { mode: 0o700 });
      const old = [
        "state.json.kadm-wizard-20250101T000000Z.bak",
        "kubeadm.yaml.kadm-wizard-20250101T000000Z.bak",
      ];
      for (const f of old) writeFileSync(join(dir, f), "token: abcdef.0123456789abcdef\n", { mode: 0o600 });
      // a failed kubeadm then a resumed run: state.json and kubeadm.yaml are rewritten many times
      const failed = await runOnNode(
        host,
        [
          "init",
          "--yes",
          "--advertise-address",
          "192.168.10.11",
          "--k8s-version",
          "v1.33.2",
          "--cni",
          "none",
        ],
        {
          env: { LANG: "en_US.UTF-8", SUDO_USER: "alice" },
          fakeEnv: { KADM_FAKE_ADMIN_CONF: api.kubeconfigPath, KADM_FAKE_FAIL: "wait-control-plane" },
        },
      );
      expect(failed.code).toBe(1);
      expect((await init()).code).toBe(0);
      expect(readdirSync(dir).filter((f) => f.includes(".kadm-wizard-"))).toEqual([]);

      writeFileSync(join(dir, old[0] as string), "token: abcdef.0123456789abcdef\n", { mode: 0o600 });
      const replies: Record<string, Reply> = {
        "ip -o link show": { stdout: "1: lo: <LOOPBACK,UP> mtu 65536\n" },
        "iptables-save": { stdout: "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n" },
        "ip6tables-save": { stdout: "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n" },
        "ipvsadm -Ln": NOT_FOUND,
      };
      const r = await cli(["reset", "--yes"], {}, replies);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`removed /etc/kadm-wizard/${old[0]}`);
      expect(readdirSync(dir)).toEqual(["answers.yaml"]);
    },
  );
});
