/**
 * PURE: the upgrade guards. Each is a check over the facts and the path with a stable id, a
 * verdict, the evidence it read and a fix, in the user's language. `plan` prints them; `apply`
 * refuses on a failing one unless the user names it (`--ignore-guard ID`).
 */
import { calicoKubernetesRange, pinnedReleasesFor } from "../cni/catalog.js";
import { compareVersions, runtimePins } from "../host/steps/runtime-matrix.js";
import type { Params } from "../i18n/entry.js";
import type { Lang } from "../i18n/lang.js";
import { type MessageKey, t } from "../i18n/messages.js";
import { imageTagsFor } from "../kubeadm/images.js";
import {
  FAIL_CGROUP_V1_FROM_MINOR,
  type KubeVersion,
  parseKubeVersion,
  V1BETA3_REMOVED_FROM_MINOR,
  V1BETA4_FROM_MINOR,
} from "../validate/version.js";
import type { GuardResult, GuardVerdict, UpgradeFacts, UpgradeHop, UpgradeNodeFacts } from "./types.js";

/** Every guard, in the order the plan shows them. Stable: `--ignore-guard` and scripts name them. */
export const UPGRADE_GUARD_IDS = [
  "upgrade.kubelet-skew",
  "upgrade.etcd-version",
  "upgrade.cgroup-v1",
  "upgrade.runtime",
  "upgrade.cni-version",
  "upgrade.kube-proxy-ipvs",
  "upgrade.kubeadm-api",
] as const;
export type UpgradeGuardId = (typeof UPGRADE_GUARD_IDS)[number];

/**
 * etcd's 3.5 -> 3.6 upgrade is safe only from this patch (etcd.io blog "zombie members upgrade",
 * 2025-12: "make sure to update to v3.5.26 or later first"; earlier posts named 3.5.20 and
 * 3.5.24). kubeadm's maintainers declined to check it (kubernetes/kubeadm#3247), and kubeadm 1.33's
 * own default (3.5.24-0 in our table) is below it.
 */
export const ETCD_MIN_BEFORE_3_6 = "3.5.26";

/**
 * From this minor kube-proxy's ipvs mode is deprecated (warned, still working): KEP-5495
 * (kubernetes/enhancements#5495; the warning is kubernetes/kubernetes#134539, v1.35). From v1.37 the
 * mode sits behind the KubeProxyIPVS feature gate (kubernetes/kubernetes#139397, default on), planned
 * to be disabled in v1.40.
 */
export const IPVS_DEPRECATED_FROM_MINOR = 35;

/**
 * containerd 1.x lacks the CRI RuntimeConfig call (KEP-4033; "containerd: support was added in
 * v2.0.0, CRI-O: v1.28.0", kubernetes/website blog 2024-08-21 cgroup-driver-from-cri and its GA
 * post of 2025-09-12). kubeadm's ContainerRuntimeVersion preflight check (kubernetes/kubernetes
 * #134906, 1.35) warns without it; the kubelet's fallback to its own cgroupDriver was moved to
 * 1.38 (#136898 bumped the warning's version) where the check becomes an error (#135923).
 * Kubernetes 1.35 is the last minor supporting containerd 1.x (runtime-matrix.ts).
 */
const CONTAINERD_RUNTIME_CONFIG = "2.0";
const CRIO_RUNTIME_CONFIG = "1.28";
const LAST_CONTAINERD_1_MINOR = 35;

/** Evidence lists name this many objects, then "and N more". */
const SHOWN = 5;

export interface GuardInput {
  facts: UpgradeFacts;
  /** The running control plane's version. */
  current: KubeVersion;
  target: KubeVersion;
  hops: UpgradeHop[];
}

interface Ctx extends GuardInput {
  lang: Lang;
}

function tx(c: Ctx, key: MessageKey, params: Params = {}): string {
  return t(c.lang, key, params);
}

function guard(
  id: UpgradeGuardId,
  verdict: GuardVerdict,
  title: string,
  evidence: string[],
  fix?: string,
): GuardResult {
  return { id, verdict, title, evidence, ...(verdict !== "pass" && fix ? { fix } : {}) };
}

/** "a, b, c, d, e and 3 more". */
function listed(c: Ctx, names: string[]): string {
  const head = names.slice(0, SHOWN).join(", ");
  return names.length > SHOWN ? `${head} ${tx(c, "upgrade.ev.more", { count: names.length - SHOWN })}` : head;
}

/** "1.7.24" from "containerd://1.7.24"; the runtime's name and version. */
export function parseRuntime(text: string): { name: string; version: string } | undefined {
  const m = /^([a-z0-9-]+):\/\/v?(\S+)$/i.exec(text.trim());
  return m ? { name: (m[1] as string).toLowerCase(), version: m[2] as string } : undefined;
}

/** etcd image tags ("3.5.24-0") compared by their numbers. */
function etcdAtLeast(tag: string, min: string): boolean {
  return compareVersions(tag.replace(/-.*$/, ""), min) >= 0;
}

function etcdMinor(tag: string): string {
  return /^(\d+\.\d+)/.exec(tag)?.[1] ?? "";
}

function hopEtcd(hop: UpgradeHop): string | undefined {
  return imageTagsFor(hop.to)?.etcd;
}

// ---- kubelet skew --------------------------------------------------------------------------------

/**
 * The version skew policy: a kubelet may be up to 3 minors older than kube-apiserver (2 before
 * 1.28) and never newer. Our rollout upgrades every node on every hop, so only the first hop can
 * break it: the API server moves one minor while the kubelets have not yet.
 */
function kubeletSkew(c: Ctx): GuardResult {
  const id = "upgrade.kubelet-skew";
  const first = c.hops[0];
  const next = first ? (parseKubeVersion(first.to) ?? c.target) : c.current;
  const max = next.minor >= 28 ? 3 : 2;
  const bad: string[] = [];
  const badNodes: string[] = [];
  const unreadable: string[] = [];
  const byVersion = new Map<string, string[]>();
  for (const n of c.facts.nodes) {
    const kv = parseKubeVersion(n.kubeletVersion);
    if (!kv) {
      unreadable.push(tx(c, "upgrade.ev.kubeletUnreadable", { node: n.name, kubelet: n.kubeletVersion }));
      continue;
    }
    byVersion.set(kv.text, [...(byVersion.get(kv.text) ?? []), n.name]);
    if (kv.minor > c.current.minor) {
      bad.push(tx(c, "upgrade.ev.kubeletNewer", { node: n.name, kubelet: kv.text, api: c.current.text }));
      badNodes.push(n.name);
    } else if (next.minor - kv.minor > max) {
      bad.push(
        tx(c, "upgrade.ev.kubeletBehind", {
          node: n.name,
          kubelet: kv.text,
          behind: next.minor - kv.minor,
          next: next.text,
        }),
      );
      badNodes.push(n.name);
    }
  }
  const versions = [...byVersion.entries()].map(([v, names]) => `${v} (${listed(c, names)})`).join("; ");
  const evidence = [
    tx(c, "upgrade.ev.kubelets", { list: versions || "-" }),
    first
      ? tx(c, "upgrade.ev.apiAfterHop", { api: c.current.text, next: next.text, max })
      : tx(c, "upgrade.ev.apiNow", { api: c.current.text, max }),
  ];
  if (bad.length > 0) {
    return guard(
      id,
      "fail",
      tx(c, "upgrade.guard.kubelet-skew.fail", { count: bad.length }),
      [...evidence, ...bad.slice(0, SHOWN)],
      tx(c, "upgrade.fix.kubelet-skew", {
        nodes: listed(c, badNodes),
        api: c.current.text,
        minor: c.current.minor,
      }),
    );
  }
  if (unreadable.length > 0) {
    return guard(
      id,
      "warn",
      tx(c, "upgrade.guard.kubelet-skew.unknown", { count: unreadable.length }),
      [...evidence, ...unreadable.slice(0, SHOWN)],
      tx(c, "upgrade.fix.kubelet-unknown"),
    );
  }
  return guard(id, "pass", tx(c, "upgrade.guard.kubelet-skew.pass", { api: next.text, max }), evidence);
}

// ---- etcd 3.5 -> 3.6 -----------------------------------------------------------------------------

function etcdVersion(c: Ctx): GuardResult {
  const id = "upgrade.etcd-version";
  const lastHop = c.hops.at(-1);
  if (c.facts.externalEtcd) {
    const to = lastHop ? (hopEtcd(lastHop) ?? "?") : "?";
    return guard(id, "pass", tx(c, "upgrade.guard.etcd-version.external"), [
      tx(c, "upgrade.ev.etcdExternal", { to }),
    ]);
  }
  const now = c.facts.etcdVersion;
  const evidence = [
    now
      ? tx(c, "upgrade.ev.etcdNow", { etcd: now, source: "kube-system etcd-<node>" })
      : tx(c, "upgrade.ev.etcdNone"),
  ];
  // What etcd runs before each hop: the cluster's now, then what each earlier hop's kubeadm leaves.
  let before: string | null = now;
  let safeHop: { etcd: string; hop: string } | undefined;
  for (const [i, hop] of c.hops.entries()) {
    const after = hopEtcd(hop);
    if (after === undefined) break;
    const crosses =
      before === null
        ? etcdMinor(after) === "3.6"
        : etcdMinor(before) === "3.5" && etcdMinor(after) === "3.6";
    if (crosses && before === null) {
      return guard(
        id,
        "warn",
        tx(c, "upgrade.guard.etcd-version.unknown", { hop: hop.to, to: after }),
        [...evidence, tx(c, "upgrade.ev.etcdWhy", { min: ETCD_MIN_BEFORE_3_6 })],
        tx(c, "upgrade.fix.etcd-unknown"),
      );
    }
    if (crosses && before !== null && !etcdAtLeast(before, ETCD_MIN_BEFORE_3_6)) {
      const hopLine = tx(c, "upgrade.ev.etcdHop", {
        n: i + 1,
        from: hop.from,
        to: hop.to,
        etcdFrom: before,
        etcdTo: after,
      });
      return guard(
        id,
        "fail",
        tx(c, "upgrade.guard.etcd-version.fail", {
          etcd: before,
          to: after,
          hop: hop.to,
          min: ETCD_MIN_BEFORE_3_6,
        }),
        [...evidence, hopLine, tx(c, "upgrade.ev.etcdWhy", { min: ETCD_MIN_BEFORE_3_6 })],
        tx(c, i === 0 ? "upgrade.fix.etcd-version" : "upgrade.fix.etcd-version-later", {
          hop: hop.to,
          image: `${c.facts.imageRepository.replace(/\/+$/, "")}/etcd:${ETCD_MIN_BEFORE_3_6}-0`,
          stop: hop.from,
        }),
      );
    }
    if (crosses && before !== null) safeHop = { etcd: before, hop: hop.to };
    before = after;
  }
  const etcd = now ?? tx(c, "upgrade.report.unknown");
  return safeHop
    ? guard(
        id,
        "pass",
        tx(c, "upgrade.guard.etcd-version.pass", {
          etcd: safeHop.etcd,
          min: ETCD_MIN_BEFORE_3_6,
          hop: safeHop.hop,
        }),
        evidence,
      )
    : guard(id, "pass", tx(c, "upgrade.guard.etcd-version.noStep", { etcd }), evidence);
}

// ---- cgroup v1 -----------------------------------------------------------------------------------

function cgroupV1(c: Ctx): GuardResult {
  const id = "upgrade.cgroup-v1";
  const v1 = c.facts.nodes.filter((n) => n.cgroupVersion === 1).map((n) => n.name);
  const v2 = c.facts.nodes.filter((n) => n.cgroupVersion === 2).map((n) => n.name);
  const unknown = c.facts.nodes.filter((n) => n.cgroupVersion === undefined).map((n) => n.name);
  const evidence = [
    ...(v2.length ? [tx(c, "upgrade.ev.cgroupNodes", { version: "v2", list: listed(c, v2) })] : []),
    ...(v1.length ? [tx(c, "upgrade.ev.cgroupNodes", { version: "v1", list: listed(c, v1) })] : []),
    ...(unknown.length ? [tx(c, "upgrade.ev.unreachable", { list: listed(c, unknown) })] : []),
  ];
  if (c.target.minor < FAIL_CGROUP_V1_FROM_MINOR) {
    const title = tx(c, "upgrade.guard.cgroup-v1.before", {
      target: c.target.text,
      minor: FAIL_CGROUP_V1_FROM_MINOR,
    });
    return guard(id, "pass", title, [
      ...evidence,
      tx(c, "upgrade.ev.cgroupTarget", { target: c.target.text, minor: FAIL_CGROUP_V1_FROM_MINOR }),
    ]);
  }
  const why = tx(c, "upgrade.ev.cgroupWhy", { minor: FAIL_CGROUP_V1_FROM_MINOR });
  if (v1.length > 0 && c.facts.kubeletFailCgroupV1 === false) {
    return guard(
      id,
      "warn",
      tx(c, "upgrade.guard.cgroup-v1.allowed", { count: v1.length }),
      [...evidence, tx(c, "upgrade.ev.failCgroupV1")],
      tx(c, "upgrade.fix.cgroup-v1-allowed"),
    );
  }
  if (v1.length > 0) {
    return guard(
      id,
      "fail",
      tx(c, "upgrade.guard.cgroup-v1.fail", { count: v1.length, target: c.target.text }),
      [...evidence, why],
      tx(c, "upgrade.fix.cgroup-v1", { nodes: listed(c, v1), last: FAIL_CGROUP_V1_FROM_MINOR - 1 }),
    );
  }
  if (unknown.length > 0) {
    return guard(
      id,
      "warn",
      tx(c, "upgrade.guard.cgroup-v1.unknown", { count: unknown.length }),
      [...evidence, why],
      tx(c, "upgrade.fix.cgroup-unknown"),
    );
  }
  return guard(id, "pass", tx(c, "upgrade.guard.cgroup-v1.pass"), evidence);
}

// ---- container runtime ---------------------------------------------------------------------------

function runtime(c: Ctx): GuardResult {
  const id = "upgrade.runtime";
  const min = runtimePins(c.target.text).minContainerd;
  const failing: UpgradeNodeFacts[] = [];
  const old: UpgradeNodeFacts[] = [];
  const unknown: UpgradeNodeFacts[] = [];
  const byRuntime = new Map<string, string[]>();
  for (const n of c.facts.nodes) {
    const r = parseRuntime(n.containerRuntimeVersion);
    const label = r ? `${r.name} ${r.version}` : n.containerRuntimeVersion || "?";
    byRuntime.set(label, [...(byRuntime.get(label) ?? []), n.name]);
    if (!r) unknown.push(n);
    else if (r.name === "containerd") {
      if (compareVersions(r.version, min) < 0) failing.push(n);
      else if (
        compareVersions(r.version, CONTAINERD_RUNTIME_CONFIG) < 0 &&
        c.target.minor >= LAST_CONTAINERD_1_MINOR
      )
        old.push(n);
    } else if (r.name === "cri-o") {
      if (compareVersions(r.version, CRIO_RUNTIME_CONFIG) < 0 && c.target.minor > LAST_CONTAINERD_1_MINOR)
        failing.push(n);
    } else unknown.push(n);
  }
  const evidence = [
    ...[...byRuntime.entries()].map(([runtime, names]) =>
      tx(c, "upgrade.ev.runtimeNodes", { runtime, list: listed(c, names) }),
    ),
    tx(c, "upgrade.ev.runtimeNeeds", { minor: c.target.minor, min }),
  ];
  const names = (ns: UpgradeNodeFacts[]) =>
    listed(
      c,
      ns.map((n) => n.name),
    );
  if (failing.length > 0) {
    return guard(
      id,
      "fail",
      tx(c, "upgrade.guard.runtime.fail", { count: failing.length, target: c.target.text }),
      [...evidence, tx(c, "upgrade.ev.runtimeConfig")],
      tx(c, "upgrade.fix.runtime", {
        nodes: names(failing),
        min: compareVersions(min, CONTAINERD_RUNTIME_CONFIG) < 0 ? min : CONTAINERD_RUNTIME_CONFIG,
      }),
    );
  }
  if (old.length > 0) {
    return guard(
      id,
      "warn",
      tx(c, "upgrade.guard.runtime.warn", { count: old.length }),
      [...evidence, tx(c, "upgrade.ev.runtimeConfig")],
      tx(c, "upgrade.fix.runtime-warn"),
    );
  }
  if (unknown.length > 0) {
    return guard(
      id,
      "warn",
      tx(c, "upgrade.guard.runtime.unknown", { count: unknown.length }),
      evidence,
      tx(c, "upgrade.fix.runtime-unknown"),
    );
  }
  return guard(id, "pass", tx(c, "upgrade.guard.runtime.pass", { target: c.target.text }), evidence);
}

// ---- pod network ---------------------------------------------------------------------------------

function cniVersion(c: Ctx): GuardResult {
  const id = "upgrade.cni-version";
  const { name, version, image } = c.facts.cni;
  if (name === "none") return guard(id, "pass", tx(c, "upgrade.guard.cni-version.none"), []);
  const cni = version ? `${name} ${version}` : name;
  const evidence = image ? [tx(c, "upgrade.ev.cniFound", { what: name, image })] : [];
  if (name === "flannel") {
    return guard(id, "pass", tx(c, "upgrade.guard.cni-version.pass", { cni, target: c.target.text }), [
      ...evidence,
      tx(c, "upgrade.ev.flannelRange"),
    ]);
  }
  const range = name === "calico" && version ? calicoKubernetesRange(version) : undefined;
  if (!range) {
    return guard(
      id,
      "warn",
      tx(c, "upgrade.guard.cni-version.unknown", { cni, target: c.target.text }),
      evidence,
      tx(c, "upgrade.fix.cni-unknown"),
    );
  }
  const minor = `v${/^v?(\d+\.\d+)/.exec(version ?? "")?.[1] ?? ""}`;
  const rangeLine = tx(c, "upgrade.ev.calicoRange", { minor, from: range.from, to: range.to });
  if (c.target.minor <= range.to) {
    return guard(id, "pass", tx(c, "upgrade.guard.cni-version.pass", { cni, target: c.target.text }), [
      ...evidence,
      rangeLine,
    ]);
  }
  // Prefer a pinned release tested with both ends of the path; else one tested with the target.
  const candidates = pinnedReleasesFor("calico", c.target.minor);
  const both = candidates.find((r) => {
    const rr = calicoKubernetesRange(r.version);
    return rr !== undefined && rr.from <= c.current.minor;
  });
  const pick = both ?? candidates[0];
  if (!pick) {
    return guard(
      id,
      "warn",
      tx(c, "upgrade.guard.cni-version.untested", { cni, to: range.to, target: c.target.text }),
      [...evidence, rangeLine],
      tx(c, "upgrade.fix.cni-untested", { to: range.to }),
    );
  }
  const pickRange = calicoKubernetesRange(pick.version) ?? range;
  // The swap must happen while both releases are tested: maybe only after some hops.
  const from = Math.max(pickRange.from, range.from);
  return guard(
    id,
    "fail",
    tx(c, "upgrade.guard.cni-version.fail", { cni, to: range.to, target: c.target.text }),
    [
      ...evidence,
      rangeLine,
      tx(c, "upgrade.ev.calicoRange", {
        minor: `v${/^v(\d+\.\d+)/.exec(pick.version)?.[1] ?? ""}`,
        from: pickRange.from,
        to: pickRange.to,
      }),
    ],
    tx(c, from > c.current.minor ? "upgrade.fix.cni-version-later" : "upgrade.fix.cni-version", {
      plugin: "calico",
      version: pick.version,
      from,
      to: Math.min(pickRange.to, range.to),
    }),
  );
}

// ---- kube-proxy ipvs -----------------------------------------------------------------------------

function kubeProxyIpvs(c: Ctx): GuardResult {
  const id = "upgrade.kube-proxy-ipvs";
  const mode = c.facts.kubeProxyMode;
  if (mode === null) {
    return guard(
      id,
      "pass",
      tx(c, "upgrade.guard.kube-proxy-ipvs.pass", { mode: tx(c, "upgrade.report.proxyNone") }),
      [],
    );
  }
  const shown = mode === "" ? tx(c, "upgrade.report.proxyDefault") : mode;
  const evidence = [tx(c, "upgrade.ev.proxyMode", { mode: mode === "" ? '""' : mode })];
  if (mode === "ipvs" && c.target.minor >= IPVS_DEPRECATED_FROM_MINOR) {
    return guard(
      id,
      "warn",
      tx(c, "upgrade.guard.kube-proxy-ipvs.warn", { minor: IPVS_DEPRECATED_FROM_MINOR }),
      [...evidence, tx(c, "upgrade.ev.proxyTarget", { target: c.target.text })],
      tx(c, "upgrade.fix.kube-proxy-ipvs"),
    );
  }
  return guard(id, "pass", tx(c, "upgrade.guard.kube-proxy-ipvs.pass", { mode: shown }), evidence);
}

// ---- kubeadm config API --------------------------------------------------------------------------

/**
 * kubeadm 1.37 cannot read v1beta3 any more. `kubeadm upgrade apply` of 1.31+ stores the
 * ClusterConfiguration again as v1beta4, so a v1beta3 ConfigMap only matters when the hop into
 * 1.37 is the first one made by such a kubeadm. Then it is a warning, not a failure: `upgrade
 * apply` re-renders the configuration as v1beta4 before that hop (README, "Upgrade plan").
 */
function kubeadmApi(c: Ctx): GuardResult {
  const id = "upgrade.kubeadm-api";
  const api = c.facts.kubeadmApiVersion;
  const evidence = [tx(c, "upgrade.ev.kubeadmApi", { api: api || '""' })];
  if (api === "kubeadm.k8s.io/v1beta4") {
    return guard(id, "pass", tx(c, "upgrade.guard.kubeadm-api.pass", { api }), evidence);
  }
  if (api !== "kubeadm.k8s.io/v1beta3") {
    return guard(
      id,
      "warn",
      tx(c, "upgrade.guard.kubeadm-api.unknown", { api }),
      evidence,
      tx(c, "upgrade.fix.kubeadm-api-unknown"),
    );
  }
  for (const hop of c.hops) {
    const v = parseKubeVersion(hop.to);
    if (!v) continue;
    if (v.minor >= V1BETA3_REMOVED_FROM_MINOR) {
      return guard(
        id,
        "warn",
        tx(c, "upgrade.guard.kubeadm-api.warn", { api, minor: V1BETA3_REMOVED_FROM_MINOR }),
        [...evidence, tx(c, "upgrade.ev.kubeadmRemoved", { minor: V1BETA3_REMOVED_FROM_MINOR, hop: hop.to })],
        tx(c, "upgrade.fix.kubeadm-api"),
      );
    }
    if (v.minor >= V1BETA4_FROM_MINOR) {
      return guard(id, "pass", tx(c, "upgrade.guard.kubeadm-api.pass", { api }), [
        ...evidence,
        tx(c, "upgrade.ev.kubeadmRewrite", { hop: hop.to }),
      ]);
    }
  }
  return guard(id, "pass", tx(c, "upgrade.guard.kubeadm-api.pass", { api }), evidence);
}

/** Every guard over the facts and the path, in UPGRADE_GUARD_IDS order. */
export function evaluateGuards(input: GuardInput, lang: Lang): GuardResult[] {
  const c: Ctx = { ...input, lang };
  return [
    kubeletSkew(c),
    etcdVersion(c),
    cgroupV1(c),
    runtime(c),
    cniVersion(c),
    kubeProxyIpvs(c),
    kubeadmApi(c),
  ];
}
