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
import { findOfflineTool, parseSha256, parseSnapshotStatus } from "./etcdctl.js";

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
export async function planRestore(node: Node, arg: string, lang: Lang, now: Date): Promise<RestorePlan> {
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
  const all = members.length > 0 ? members : [member];
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

export async function runRestore(
  node: Node,
  plan: RestorePlan,
  lang: Lang,
  opts: { timeoutMs: number; signal?: AbortSignal; onStep?: (s: RestoreStep) => void },
): Promise<RestoreResult> {
  const fail = (what: string, reason: string) =>
    new KadmError(t(lang, "etcd.restoreFailed", { what, reason }), {
      hint: t(lang, "etcd.restoreFailedHint", {
        aside: ASIDE_DIR,
        old: plan.oldDir,
        data: plan.etcd.dataDir,
      }),
    });
  opts.onStep?.("stop");
  // Every control-plane pod: the API server must not write into an etcd that is being replaced.
  for (const pod of plan.pods) await moveAside(node, pod);
  const putBack = async () => {
    for (const pod of plan.pods) await moveBack(node, pod);
  };
  for (const pod of plan.pods) {
    if (!(await waitForPort(node, pod.endpoint, "closed", opts.timeoutMs, opts.signal))) {
      await putBack();
      throw fail(pod.component, t(lang, "etcd.notStopped", { component: pod.component }));
    }
  }
  opts.onStep?.("restore");
  const args = restoreArgs(
    node.fs.resolve(plan.snapshot),
    node.fs.resolve(plan.newDir),
    plan.member,
    plan.members,
  );
  const r = await node.runner.run([plan.tool, ...args], {
    changes: true,
    timeoutMs: 600_000,
    env: { ETCDCTL_API: "3" },
  });
  if (r.exitCode !== 0) {
    await node.fs.remove(plan.newDir);
    await putBack();
    throw fail(`${plan.tool} snapshot restore`, failureReason(r));
  }
  opts.onStep?.("swap");
  const mvOld = await node.runner.run(
    ["mv", node.fs.resolve(plan.etcd.dataDir), node.fs.resolve(plan.oldDir)],
    {
      changes: true,
    },
  );
  if (mvOld.exitCode !== 0) {
    await putBack();
    throw fail("mv", failureReason(mvOld));
  }
  const mvNew = await node.runner.run(
    ["mv", node.fs.resolve(plan.newDir), node.fs.resolve(plan.etcd.dataDir)],
    {
      changes: true,
    },
  );
  if (mvNew.exitCode !== 0) {
    await node.runner.run(["mv", node.fs.resolve(plan.oldDir), node.fs.resolve(plan.etcd.dataDir)], {
      changes: true,
    });
    await putBack();
    throw fail("mv", failureReason(mvNew));
  }
  opts.onStep?.("start");
  await putBack();
  opts.onStep?.("wait");
  const api = plan.pods.find((p) => p.component === "kube-apiserver");
  let apiAnswered = false;
  const deadline = Date.now() + opts.timeoutMs;
  while (api && !opts.signal?.aborted) {
    if (await livez(node, api.endpoint.host, api.endpoint.port)) {
      apiAnswered = true;
      break;
    }
    if (Date.now() >= deadline) break;
    await new Promise((res) => setTimeout(res, 500));
  }
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
