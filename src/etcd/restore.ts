/**
 * `etcd restore SNAPSHOT` on a control-plane Node: checks first (snapshot present, sha256 matches,
 * the offline tool reads it), then stops the control-plane static pods (manifests moved aside and
 * kept), restores into a NEW data dir, swaps it in (the old one kept next to it), puts the
 * manifests back and waits until the API server answers /livez.
 */
import { request } from "node:https";
import {
  ASIDE_DIR,
  moveAside,
  moveBack,
  readStaticPods,
  type StaticPod,
  waitForPort,
} from "../controlplane/static-pods.js";
import { ExitCode, KadmError } from "../errors.js";
import { failureReason } from "../host/runner.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import type { Node } from "../node/node.js";
import { type LocalEtcd, readLocalEtcd, SNAPSHOT } from "./backup.js";
import {
  clientFlags,
  findEtcdctl,
  findOfflineTool,
  parseSha256,
  parseSnapshotStatus,
  runEtcdctl,
} from "./etcdctl.js";

export interface Member {
  name: string;
  peerUrl: string;
}

/** PURE: `--initial-cluster=a=https://10.0.0.1:2380,b=...` -> members. */
export function parseInitialCluster(value: string): Member[] {
  return value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .flatMap((p) => {
      const i = p.indexOf("=");
      return i > 0 ? [{ name: p.slice(0, i), peerUrl: p.slice(i + 1) }] : [];
    });
}

/** PURE: `etcdctl member list -w json` -> members (name and first peer URL; unstarted ones have no name). */
export function parseMemberList(stdout: string): Member[] | undefined {
  try {
    const j = JSON.parse(stdout.trim()) as { members?: { name?: unknown; peerURLs?: unknown }[] };
    if (!Array.isArray(j.members)) return undefined;
    return j.members.flatMap((m) => {
      const url = Array.isArray(m.peerURLs) ? m.peerURLs[0] : undefined;
      return typeof m.name === "string" && m.name !== "" && typeof url === "string"
        ? [{ name: m.name, peerUrl: url }]
        : [];
    });
  } catch {
    return undefined;
  }
}

/**
 * PURE: every member once, in first-seen order. kubeadm writes each member's --initial-cluster as
 * the members at ITS join (the first control plane lists only itself), so no one manifest is the
 * whole cluster: the union of all of them (and of the live member list) is.
 */
export function mergeMembers(...lists: readonly (readonly Member[])[]): Member[] {
  const out = new Map<string, Member>();
  for (const l of lists) for (const m of l) if (!out.has(m.name)) out.set(m.name, m);
  return [...out.values()];
}

/** PURE: the restore arguments for one member (every member restores the same snapshot with its own name). */
export function restoreArgs(
  snapshot: string,
  dataDir: string,
  member: Member,
  members: readonly Member[],
): string[] {
  return [
    "snapshot",
    "restore",
    snapshot,
    `--data-dir=${dataDir}`,
    `--name=${member.name}`,
    `--initial-cluster=${members.map((m) => `${m.name}=${m.peerUrl}`).join(",")}`,
    `--initial-advertise-peer-urls=${member.peerUrl}`,
  ];
}

export interface RestorePlan {
  snapshot: string;
  sha256: string | undefined;
  revision?: number | undefined;
  keys?: number | undefined;
  tool: "etcdutl" | "etcdctl";
  etcd: LocalEtcd;
  newDir: string;
  oldDir: string;
  member: Member;
  members: Member[];
  pods: StaticPod[];
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");

/** Everything checked before anything changes; a bad snapshot is exit 2. */
export async function planRestore(
  node: Node,
  arg: string,
  lang: Lang,
  now: Date,
  /** Ask the running etcd for its members too (never in a dry run: that contacts nothing). */
  opts: { live?: boolean } = {},
): Promise<RestorePlan> {
  const bad = (
    key: "etcd.snapshotMissing" | "etcd.snapshotChecksum" | "etcd.snapshotCorrupt",
    p: Record<string, string>,
  ) => new KadmError(t(lang, key, p), { exitCode: ExitCode.invalid, hint: t(lang, `${key}Hint`) });
  const snapshot = (await node.fs.exists(`${arg.replace(/\/+$/, "")}/${SNAPSHOT}`))
    ? `${arg.replace(/\/+$/, "")}/${SNAPSHOT}`
    : arg;
  if (!(await node.fs.exists(snapshot))) throw bad("etcd.snapshotMissing", { path: snapshot });
  const etcd = await readLocalEtcd(node, lang);
  const tool = await findOfflineTool(node);
  if (!tool) throw new KadmError(t(lang, "etcd.noOfflineTool"), { hint: t(lang, "etcd.noOfflineToolHint") });

  const shaText = await node.fs.read(`${snapshot}.sha256`);
  let sha256: string | undefined;
  if (shaText !== undefined) {
    const want = parseSha256(shaText);
    const sum = await node.runner.run(["sha256sum", node.fs.resolve(snapshot)]);
    sha256 = parseSha256(sum.stdout);
    if (!want || !sha256 || want !== sha256) {
      throw bad("etcd.snapshotChecksum", {
        path: snapshot,
        want: want ?? "?",
        got: sha256 ?? failureReason(sum),
      });
    }
  }
  const st = await node.runner.run([tool, "snapshot", "status", node.fs.resolve(snapshot), "-w", "json"], {
    timeoutMs: 120_000,
    env: { ETCDCTL_API: "3" },
  });
  const status = st.exitCode === 0 ? parseSnapshotStatus(st.stdout) : undefined;
  if (!status) throw bad("etcd.snapshotCorrupt", { path: snapshot, reason: failureReason(st) });

  const name = etcd.flags.get("name") ?? "default";
  const members = parseInitialCluster(etcd.flags.get("initial-cluster") ?? "");
  const peerUrl =
    etcd.flags.get("initial-advertise-peer-urls")?.split(",")[0] ??
    members.find((m) => m.name === name)?.peerUrl ??
    "http://localhost:2380";
  const member = { name, peerUrl };
  const live = opts.live ? await liveMembers(node, etcd) : [];
  const all = mergeMembers([member], members, live);
  const ts = stamp(now);
  return {
    snapshot,
    sha256,
    revision: status.revision,
    keys: status.totalKey,
    tool,
    etcd,
    newDir: `${etcd.dataDir}.restore-${ts}`,
    oldDir: `${etcd.dataDir}.before-restore-${ts}`,
    member,
    members: all,
    pods: await readStaticPods(node),
  };
}

/** The members the running etcd knows (best effort: none when it does not answer). */
async function liveMembers(node: Node, etcd: LocalEtcd): Promise<Member[]> {
  const via = await findEtcdctl(node);
  if (!via) return [];
  const resolve = via.kind === "host" ? (p: string) => node.fs.resolve(p) : (p: string) => p;
  const r = await runEtcdctl(
    node,
    via,
    [...clientFlags(etcd.endpoint, resolve), "--command-timeout=5s", "member", "list", "-w", "json"],
    15_000,
  );
  return (r.exitCode === 0 ? parseMemberList(r.stdout) : undefined) ?? [];
}

/** GET https://HOST:PORT/livez (kubeadm lets anyone read it); TLS not verified: only "does it answer". */
async function livez(node: Node, host: string, port: number): Promise<boolean> {
  if (!node.local) {
    const r = await node.runner.run(["curl", "-ksf", "--max-time", "3", `https://${host}:${port}/livez`]);
    return r.exitCode === 0;
  }
  return new Promise((resolve) => {
    const req = request(
      { host, port, path: "/livez", method: "GET", rejectUnauthorized: false, timeout: 3_000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

export type RestoreStep = "stop" | "restore" | "swap" | "start" | "wait";

export interface RestoreResult {
  apiAnswered: boolean;
  oldDir: string;
  asideDir: string;
}

function failure(lang: Lang, plan: RestorePlan, what: string, reason: string): KadmError {
  return new KadmError(t(lang, "etcd.restoreFailed", { what, reason }), {
    hint: t(lang, "etcd.restoreFailedHint", { aside: ASIDE_DIR, old: plan.oldDir, data: plan.etcd.dataDir }),
  });
}

/**
 * One member's restore in phases, so several members can go through each phase together (HA: all
 * stopped before any restores, all started at once: a lone member of three cannot elect a
 * leader). `undo` puts the member back as it was, from whatever phase it reached.
 */
export class MemberRestore {
  private stopped = false;
  private restored = false;
  private swapped = false;

  constructor(
    readonly node: Node,
    readonly plan: RestorePlan,
    private readonly lang: Lang,
  ) {}

  /** Every control-plane pod: the API server must not write into an etcd that is being replaced. */
  async stop(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    for (const pod of this.plan.pods) await moveAside(this.node, pod);
    this.stopped = true;
    for (const pod of this.plan.pods) {
      if (!(await waitForPort(this.node, pod.endpoint, "closed", timeoutMs, signal))) {
        throw failure(
          this.lang,
          this.plan,
          pod.component,
          t(this.lang, "etcd.notStopped", { component: pod.component }),
        );
      }
    }
  }

  async restore(): Promise<void> {
    const { node, plan } = this;
    const args = restoreArgs(
      node.fs.resolve(plan.snapshot),
      node.fs.resolve(plan.newDir),
      plan.member,
      plan.members,
    );
    this.restored = true;
    const r = await node.runner.run([plan.tool, ...args], {
      changes: true,
      timeoutMs: 600_000,
      env: { ETCDCTL_API: "3" },
    });
    if (r.exitCode !== 0) throw failure(this.lang, plan, `${plan.tool} snapshot restore`, failureReason(r));
  }

  /** The restored directory in as the data dir; the old one kept next to it. */
  async swap(): Promise<void> {
    const { node, plan } = this;
    const mv = (from: string, to: string) =>
      node.runner.run(["mv", node.fs.resolve(from), node.fs.resolve(to)], { changes: true });
    const old = await mv(plan.etcd.dataDir, plan.oldDir);
    if (old.exitCode !== 0) throw failure(this.lang, plan, "mv", failureReason(old));
    const now = await mv(plan.newDir, plan.etcd.dataDir);
    if (now.exitCode !== 0) {
      await mv(plan.oldDir, plan.etcd.dataDir);
      throw failure(this.lang, plan, "mv", failureReason(now));
    }
    this.swapped = true;
  }

  /**
   * The manifests back: the kubelet starts the pods again. `texts` replaces a component's manifest
   * (a rollback starts the versions from before the upgrade, not the ones it stopped).
   */
  async start(texts: ReadonlyMap<string, string> = new Map()): Promise<void> {
    for (const pod of this.plan.pods)
      await moveBack(this.node, { ...pod, text: texts.get(pod.component) ?? pod.text });
    this.stopped = false;
  }

  /** Back to before: the old data dir in place, the restored one removed, the manifests back. */
  async undo(): Promise<void> {
    const { node, plan } = this;
    if (this.swapped) {
      await node.runner.run(["mv", node.fs.resolve(plan.etcd.dataDir), node.fs.resolve(plan.newDir)], {
        changes: true,
      });
      await node.runner.run(["mv", node.fs.resolve(plan.oldDir), node.fs.resolve(plan.etcd.dataDir)], {
        changes: true,
      });
      this.swapped = false;
    }
    if (this.restored) await node.fs.remove(plan.newDir);
    this.restored = false;
    if (this.stopped) await this.start();
  }

  /** Until the node's API server answers /livez (false: it did not within the time). */
  async waitApi(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const api = this.plan.pods.find((p) => p.component === "kube-apiserver");
    const deadline = Date.now() + timeoutMs;
    while (api && !signal?.aborted) {
      if (await livez(this.node, api.endpoint.host, api.endpoint.port)) return true;
      if (Date.now() >= deadline) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    return false;
  }
}

export async function runRestore(
  node: Node,
  plan: RestorePlan,
  lang: Lang,
  opts: {
    timeoutMs: number;
    signal?: AbortSignal;
    onStep?: (s: RestoreStep) => void;
    /**
     * Runs while every control-plane pod is stopped and the restored data is in place; returns the
     * manifests to start instead of the ones stopped (component -> text).
     */
    whileStopped?: () => Promise<ReadonlyMap<string, string>>;
  },
): Promise<RestoreResult> {
  const m = new MemberRestore(node, plan, lang);
  let texts: ReadonlyMap<string, string> | undefined;
  try {
    opts.onStep?.("stop");
    await m.stop(opts.timeoutMs, opts.signal);
    opts.onStep?.("restore");
    await m.restore();
    opts.onStep?.("swap");
    await m.swap();
    texts = await opts.whileStopped?.();
  } catch (e) {
    await m.undo();
    throw e;
  }
  opts.onStep?.("start");
  await m.start(texts);
  opts.onStep?.("wait");
  const apiAnswered = await m.waitApi(opts.timeoutMs, opts.signal);
  return { apiAnswered, oldDir: plan.oldDir, asideDir: ASIDE_DIR };
}

/** PURE: what each other member must do (HA): the same snapshot, its own name, then its manifests back. */
export function otherMemberSteps(plan: RestorePlan): { member: Member; commands: string[] }[] {
  return plan.members
    .filter((m) => m.name !== plan.member.name)
    .map((m) => ({
      member: m,
      commands: [
        `mkdir -p ${ASIDE_DIR} && mv /etc/kubernetes/manifests/*.yaml ${ASIDE_DIR}/`,
        `${plan.tool} ${restoreArgs(`/path/to/${SNAPSHOT}`, plan.newDir, m, plan.members).join(" ")}`,
        `mv ${plan.etcd.dataDir} ${plan.oldDir} && mv ${plan.newDir} ${plan.etcd.dataDir}`,
        `mv ${ASIDE_DIR}/*.yaml /etc/kubernetes/manifests/`,
      ],
    }));
}
