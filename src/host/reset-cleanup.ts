/**
 * What `kubeadm reset` leaves behind, removed step by step (its own closing text lists them: CNI
 * config, iptables/IPVS, kubeconfig copies). Each step reports what it did; dry-run records instead.
 * The iptables cleanup removes only Kubernetes/CNI chains and the rules that jump to them, never
 * the host's own firewall rules (the classic `iptables -F` advice wipes those too).
 */
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import type { HostFs } from "./host-fs.js";
import { failureReason, type Runner } from "./runner.js";

/** Chains Kubernetes components and the supported CNIs create. */
const OWNED_CHAIN = /^(KUBE-|CNI-|FLANNEL-|cali-|CILIUM_)/;
/** Interfaces the CNIs and kube-proxy (IPVS) create. */
export const CNI_INTERFACES = [
  "cni0",
  "flannel.1",
  "flannel-v6.1",
  "vxlan.calico",
  "vxlan-v6.calico",
  "tunl0",
  "kube-ipvs0",
] as const;
export const CNI_DIRS = ["/etc/cni/net.d", "/var/lib/cni", "/var/lib/calico", "/run/flannel", "/run/calico"];

/**
 * An `iptables-save` dump without the chains Kubernetes and the CNIs own and without the rules that
 * use them. Pure. `removed` counts dropped chain declarations and rules.
 */
export function filterIptablesSave(text: string): { text: string; removed: number } {
  let removed = 0;
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const chain = /^:(\S+) /.exec(line);
    if (chain && OWNED_CHAIN.test(chain[1] as string)) {
      removed++;
      continue;
    }
    if (line.startsWith("-A ") || line.startsWith("-I ")) {
      const parts = line.split(/\s+/);
      const owner = parts[1] ?? "";
      const jump = parts[parts.indexOf("-j") + 1] ?? parts[parts.indexOf("-g") + 1] ?? "";
      const usesOwned =
        OWNED_CHAIN.test(owner) ||
        (parts.includes("-j") && OWNED_CHAIN.test(jump)) ||
        (parts.includes("-g") && OWNED_CHAIN.test(parts[parts.indexOf("-g") + 1] ?? ""));
      if (usesOwned) {
        removed++;
        continue;
      }
    }
    out.push(line);
  }
  return { text: out.join("\n"), removed };
}

/** Interface names from `ip -o link show` ("2: eth0: <...>", "5: flannel.1@NONE: <...>"). */
export function parseLinkNames(text: string): string[] {
  return text
    .split("\n")
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined);
}

export interface CleanupResult {
  id: string;
  title: string;
  changed: boolean;
  /** Commands run (or recorded), removed paths, and remarks, one line each. */
  lines: string[];
}

export interface CleanupEnv {
  fs: HostFs;
  runner: Runner;
  lang: Lang;
}

async function removePaths(env: CleanupEnv, paths: string[]): Promise<string[]> {
  const done: string[] = [];
  for (const p of paths) {
    if (await env.fs.remove(p))
      done.push(t(env.lang, env.fs.dryRun ? "reset.wouldRemove" : "reset.removed", { path: p }));
  }
  return done;
}

export async function cleanCniConfig(env: CleanupEnv): Promise<CleanupResult> {
  const lines = await removePaths(env, CNI_DIRS);
  return { id: "cni-files", title: t(env.lang, "reset.step.cniFiles"), changed: lines.length > 0, lines };
}

export async function removeCniInterfaces(env: CleanupEnv): Promise<CleanupResult> {
  const title = t(env.lang, "reset.step.interfaces");
  const list = await env.runner.run(["ip", "-o", "link", "show"], { timeoutMs: 10_000 });
  if (list.notFound)
    return { id: "interfaces", title, changed: false, lines: [t(env.lang, "reset.noTool", { tool: "ip" })] };
  const present = new Set(parseLinkNames(list.stdout));
  const lines: string[] = [];
  for (const name of CNI_INTERFACES.filter((n) => present.has(n))) {
    const r = await env.runner.run(["ip", "link", "delete", name], { changes: true, timeoutMs: 10_000 });
    lines.push(`$ ${r.command}`);
    // tunl0 belongs to the ipip module and cannot be deleted while it is loaded.
    if (r.exitCode !== 0) lines.push(t(env.lang, "reset.linkFailed", { name, reason: failureReason(r) }));
  }
  return { id: "interfaces", title, changed: lines.length > 0, lines };
}

export async function cleanIptables(env: CleanupEnv): Promise<CleanupResult> {
  const title = t(env.lang, "reset.step.iptables");
  const lines: string[] = [];
  for (const [save, restore] of [
    ["iptables-save", "iptables-restore"],
    ["ip6tables-save", "ip6tables-restore"],
  ] as const) {
    const dump = await env.runner.run([save], { timeoutMs: 30_000 });
    if (dump.notFound || dump.exitCode !== 0) continue;
    const filtered = filterIptablesSave(dump.stdout);
    if (filtered.removed === 0) continue;
    const r = await env.runner.run([restore], { changes: true, input: filtered.text, timeoutMs: 30_000 });
    lines.push(`$ ${r.command}  # ${t(env.lang, "reset.iptablesRemoved", { count: filtered.removed })}`);
    if (r.exitCode !== 0) lines.push(t(env.lang, "reset.iptablesFailed", { reason: failureReason(r) }));
  }
  return { id: "iptables", title, changed: lines.length > 0, lines };
}

export async function clearIpvs(env: CleanupEnv): Promise<CleanupResult> {
  const title = t(env.lang, "reset.step.ipvs");
  const list = await env.runner.run(["ipvsadm", "-Ln"], { timeoutMs: 10_000 });
  // Only virtual servers ("TCP  10.96.0.1:443 rr") mean there is something to clear.
  if (list.notFound || list.exitCode !== 0 || !/^(TCP|UDP|SCTP)\s/m.test(list.stdout)) {
    return { id: "ipvs", title, changed: false, lines: [] };
  }
  const r = await env.runner.run(["ipvsadm", "--clear"], { changes: true, timeoutMs: 10_000 });
  return { id: "ipvs", title, changed: true, lines: [`$ ${r.command}`] };
}

/** ~/.kube/config copies that hold this cluster's admin credentials (identical to admin.conf). */
export async function removeKubeconfigCopies(
  env: CleanupEnv,
  adminConf: string | undefined,
  candidates: string[],
): Promise<CleanupResult> {
  const title = t(env.lang, "reset.step.kubeconfig");
  const lines: string[] = [];
  let removed = 0;
  for (const p of candidates) {
    const text = await env.fs.read(p);
    if (text === undefined) continue;
    if (adminConf !== undefined && text === adminConf) {
      const done = await removePaths(env, [p]);
      removed += done.length;
      lines.push(...done);
    } else lines.push(t(env.lang, "reset.kubeconfigKept", { path: p }));
  }
  return { id: "kubeconfig", title, changed: removed > 0, lines };
}
