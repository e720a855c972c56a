/**
 * `etcd backup` on one control-plane Node: a consistent snapshot (etcdctl snapshot save against the
 * local member, with kubeadm's etcd client certificate), its sha256, a private copy of
 * /etc/kubernetes/pki, and pruning to the newest --keep backups. Layout:
 *
 *   <dir>/etcd-20261203T145000Z/  (0700)
 *     snapshot.db         0600
 *     snapshot.db.sha256  "<hex>  snapshot.db" (sha256sum -c format)
 *     pki/...             files 0600, directories 0700
 */

import { componentEndpoint, manifestFlags, manifestPath } from "../controlplane/static-pods.js";
import { KadmError } from "../errors.js";
import { failureReason } from "../host/runner.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import type { Node } from "../node/node.js";
import {
  clientFlags,
  type EtcdctlVia,
  findEtcdctl,
  findOfflineTool,
  parseSha256,
  parseSnapshotStatus,
  runEtcdctl,
} from "./etcdctl.js";

export const DEFAULT_BACKUP_DIR = "/var/backups/kadm-wizard";
export const DEFAULT_KEEP = 7;
export const SNAPSHOT = "snapshot.db";
const BACKUP_NAME = /^etcd-\d{8}T\d{6}Z(-\d+)?$/;

export function backupName(now: Date): string {
  return `etcd-${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}`;
}

/** PURE: which backups to delete to keep the newest `keep` (names sort by time). */
export function backupsToPrune(names: readonly string[], keep: number): string[] {
  const ours = names
    .filter((n) => BACKUP_NAME.test(n))
    .sort()
    .reverse();
  return ours.slice(keep);
}

export interface LocalEtcd {
  endpoint: string;
  dataDir: string;
  flags: Map<string, string>;
}

/** The stacked etcd of this control plane, from its static pod manifest. */
export async function readLocalEtcd(node: Node, lang: Lang): Promise<LocalEtcd> {
  const text = await node.fs.read(manifestPath("etcd"));
  if (text === undefined) {
    throw new KadmError(t(lang, "etcd.noManifest", { path: manifestPath("etcd") }), {
      hint: t(lang, "etcd.noManifestHint"),
    });
  }
  const flags = manifestFlags(text);
  const at = componentEndpoint("etcd", flags);
  const host = at.host.includes(":") ? `[${at.host}]` : at.host;
  return { endpoint: `https://${host}:${at.port}`, dataDir: flags.get("data-dir") ?? "/var/lib/etcd", flags };
}

export interface BackupPlan {
  baseDir: string;
  target: string;
  keep: number;
  etcd: LocalEtcd;
}

export function planBackup(etcd: LocalEtcd, opts: { dir: string; keep: number; now: Date }): BackupPlan {
  const base = opts.dir.replace(/\/+$/, "") || "/";
  return { baseDir: base, target: `${base}/${backupName(opts.now)}`, keep: opts.keep, etcd };
}

export interface BackupResult {
  /** The backup directory (the planned name, "-2"... when one of that second exists). */
  dir: string;
  snapshot: string;
  sha256: string;
  via: EtcdctlVia["kind"];
  revision?: number | undefined;
  keys?: number | undefined;
  pkiFiles: number;
  pruned: string[];
}

/** Copies a directory tree of text files (PEM keys and certificates) privately. */
async function copyPrivateTree(node: Node, from: string, to: string): Promise<number> {
  await node.fs.mkdir(to, { mode: 0o700 });
  let n = 0;
  for (const name of await node.fs.list(from)) {
    const src = `${from}/${name}`;
    const text = await node.fs.read(src).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "EISDIR") return null;
      throw e;
    });
    if (text === null) n += await copyPrivateTree(node, src, `${to}/${name}`);
    else if (text !== undefined) {
      await node.fs.write(`${to}/${name}`, text, { mode: 0o600, backup: false });
      n++;
    }
  }
  return n;
}

export async function runBackup(node: Node, plan: BackupPlan, lang: Lang): Promise<BackupResult> {
  const via = await findEtcdctl(node);
  if (!via) throw new KadmError(t(lang, "etcd.noEtcdctl"), { hint: t(lang, "etcd.noEtcdctlHint") });
  await node.fs.mkdir(plan.baseDir, { mode: 0o700 });
  let target = plan.target;
  for (let i = 2; await node.fs.exists(target); i++) target = `${plan.target}-${i}`;
  await node.fs.mkdir(target, { mode: 0o700 });
  const snapshot = `${target}/${SNAPSHOT}`;
  const fail = (what: string, r: Parameters<typeof failureReason>[0]) =>
    new KadmError(t(lang, "etcd.commandFailed", { what, command: r.command, reason: failureReason(r) }), {
      hint: t(lang, "etcd.commandFailedHint"),
    });

  if (via.kind === "host") {
    const r = await runEtcdctl(node, via, [
      ...clientFlags(plan.etcd.endpoint, (p) => node.fs.resolve(p)),
      "snapshot",
      "save",
      node.fs.resolve(snapshot),
    ]);
    if (r.exitCode !== 0) throw fail("snapshot save", r);
  } else {
    // Inside the pod: its own paths; the data dir is a hostPath mount, so the file appears there.
    const inPod = `${plan.etcd.dataDir}/kadm-wizard-snapshot.db`;
    const r = await runEtcdctl(node, via, [
      ...clientFlags(plan.etcd.endpoint, (p) => p),
      "snapshot",
      "save",
      inPod,
    ]);
    if (r.exitCode !== 0) throw fail("snapshot save", r);
    const mv = await node.runner.run(["mv", node.fs.resolve(inPod), node.fs.resolve(snapshot)], {
      changes: true,
    });
    if (mv.exitCode !== 0) throw fail("mv", mv);
  }
  const chmod = await node.runner.run(["chmod", "0600", node.fs.resolve(snapshot)], { changes: true });
  if (chmod.exitCode !== 0) throw fail("chmod", chmod);
  const sum = await node.runner.run(["sha256sum", node.fs.resolve(snapshot)]);
  const sha256 = parseSha256(sum.stdout);
  if (sum.exitCode !== 0 || !sha256) throw fail("sha256sum", sum);
  await node.fs.write(`${snapshot}.sha256`, `${sha256}  ${SNAPSHOT}\n`, { mode: 0o600, backup: false });

  let status: ReturnType<typeof parseSnapshotStatus>;
  const tool = await findOfflineTool(node);
  if (tool) {
    const r = await node.runner.run([tool, "snapshot", "status", node.fs.resolve(snapshot), "-w", "json"], {
      timeoutMs: 120_000,
      env: { ETCDCTL_API: "3" },
    });
    status = r.exitCode === 0 ? parseSnapshotStatus(r.stdout) : undefined;
    if (r.exitCode !== 0) throw fail("snapshot status", r);
  }
  const pkiFiles = await copyPrivateTree(node, "/etc/kubernetes/pki", `${target}/pki`);

  const current = target.slice(plan.baseDir.length + 1);
  const pruned = backupsToPrune(await node.fs.list(plan.baseDir), plan.keep).filter((n) => n !== current);
  for (const name of pruned) await node.fs.remove(`${plan.baseDir}/${name}`);
  return {
    dir: target,
    snapshot,
    sha256,
    via: via.kind,
    revision: status?.revision,
    keys: status?.totalKey,
    pkiFiles,
    pruned: pruned.map((n) => `${plan.baseDir}/${n}`),
  };
}
