/**
 * `certs renew` on ONE control-plane Node, as steps: kubeadm renews the files, the static pods
 * restart and what they serve is checked, the kubeconfig copies are refreshed. This machine runs
 * the steps as its progress list; each control plane over SSH runs the very same steps under its
 * node's line, one node after the other.
 */
import { KadmError } from "../errors.js";
import { failureReason } from "../host/runner.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import type { Node } from "../node/node.js";
import { day } from "./check-report.js";
import { readCertificates } from "./inventory.js";
import {
  type ComponentResult,
  expectationFor,
  type KubeconfigRefresh,
  type RenewPlan,
  refreshKubeconfigs,
  restartAndVerify,
} from "./renew.js";

export interface RenewNodeOptions {
  lang: Lang;
  /** kubeadm on that node (--kubeadm here; found under the node's root over SSH). */
  kubeadmPath: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Gets a ~/.kube/config copy besides root (see controlplane/nodes.ts sudoUserOf). */
  sudoUser: string | undefined;
}

/** What one node's renewal did. */
export interface RenewOutcome {
  /** Certificates whose file kubeadm left as it was. */
  notRenewed: string[];
  results: ComponentResult[];
  copies: KubeconfigRefresh[];
}

export interface RenewStep {
  title: string;
  run: (setTitle: (s: string) => void, setOutput: (l: string) => void) => Promise<string>;
}

/** The steps for `plan` on `node`; they fill `out`. A kubeadm failure throws (nothing restarted). */
export function renewSteps(node: Node, plan: RenewPlan, o: RenewNodeOptions, out: RenewOutcome): RenewStep[] {
  const { lang } = o;
  const steps: RenewStep[] = [
    {
      title: t(lang, "certs.step.kubeadm"),
      run: async (_setTitle, setOutput) => {
        for (const args of plan.kubeadm) {
          const r = await node.runner.run([o.kubeadmPath, ...args], {
            changes: true,
            timeoutMs: 120_000,
            onLine: (l) => setOutput(l),
          });
          if (r.exitCode !== 0) {
            throw new KadmError(
              t(lang, "certs.kubeadmFailed", { command: r.command, reason: failureReason(r) }),
              { hint: t(lang, r.notFound ? "run.kubeadmMissingHint" : "certs.kubeadmFailedHint") },
            );
          }
        }
        const after = new Map((await readCertificates(node.fs)).entries.map((e) => [e.name, e]));
        for (const b of plan.before) {
          if (after.get(b.name)?.facts.fingerprint === b.facts.fingerprint) out.notRenewed.push(b.name);
        }
        return t(lang, "certs.step.kubeadmDone", { count: plan.before.length - out.notRenewed.length });
      },
    },
  ];
  if (plan.restart.length > 0) {
    steps.push({
      title: t(lang, "certs.step.restart", { count: plan.restart.length }),
      run: async (setTitle) => {
        out.results = await restartAndVerify(node, plan.restart, {
          timeoutMs: o.timeoutMs,
          ...(o.signal ? { signal: o.signal } : {}),
          onComponent: (c, phase) =>
            setTitle(
              t(lang, phase === "restart" ? "certs.step.restarting" : "certs.step.verify", { component: c }),
            ),
        });
        const ok = out.results.filter((r) => r.verdict.effective).length;
        return t(lang, "certs.step.restartDone", { ok, count: out.results.length });
      },
    });
  }
  if (plan.admin) {
    steps.push({
      title: t(lang, "certs.step.kubeconfigs"),
      run: async () => {
        out.copies = await refreshKubeconfigs(node, o.sudoUser);
        return t(lang, "certs.step.kubeconfigsDone", {
          count: out.copies.filter((c) => c.state !== "kept").length,
        });
      },
    });
  }
  return steps;
}

export const emptyOutcome = (): RenewOutcome => ({ notRenewed: [], results: [], copies: [] });

/** The components (and certificates) whose renewal is not in effect. */
export function failedParts(o: RenewOutcome): string[] {
  return [...o.results.filter((r) => !r.verdict.effective).map((r) => r.component), ...o.notRenewed];
}

/** A component left down by its restart: restarting the next node's would risk the quorum. */
export function leftDown(o: RenewOutcome): string[] {
  return o.results.filter((r) => r.restart === "not-started").map((r) => r.component);
}

function componentLine(lang: Lang, r: ComponentResult): string {
  const v = r.verdict;
  const served = v.served ? day(v.served.notAfter) : (v.error ?? "?");
  if (v.effective) {
    return t(lang, "certs.renew.effective", { component: r.component, endpoint: r.endpoint, served });
  }
  const file = v.file ? day(v.file.notAfter) : "";
  const why =
    r.restart === "not-stopped"
      ? t(lang, "certs.renew.notStopped")
      : r.restart === "not-started"
        ? t(lang, "certs.renew.notStarted")
        : r.expectation.kind === "file"
          ? t(lang, "certs.renew.servesOld", { served, file, path: r.expectation.path })
          : t(lang, "certs.renew.oldProcess", {
              served: v.served ? v.served.commonName : (v.error ?? "?"),
            });
  return t(lang, "certs.renew.notEffective", { component: r.component, endpoint: r.endpoint, why });
}

/** One line per certificate kubeadm left, per component checked, per kubeconfig copy. */
export function outcomeLines(lang: Lang, o: RenewOutcome): string[] {
  return [
    ...o.notRenewed.map((n) => t(lang, "certs.renew.notRenewed", { name: n })),
    ...o.results.map((r) => componentLine(lang, r)),
    ...o.copies.map((c) => t(lang, `certs.renew.kubeconfig.${c.state}`, { path: c.path })),
  ];
}

/** The dry-run plan of one node (nothing run, nothing contacted). */
export function planLines(lang: Lang, plan: RenewPlan, kubeadmPath: string): string[] {
  const lines: string[] = [];
  const since = new Date();
  for (const a of plan.kubeadm) {
    lines.push(`  ${t(lang, "certs.plan.kubeadm", { command: [kubeadmPath, ...a].join(" ") })}`);
  }
  for (const p of plan.restart) {
    const e = expectationFor(p, since);
    lines.push(
      `  ${t(lang, "certs.plan.restart", {
        component: p.component,
        manifest: p.manifest,
        endpoint: `${p.endpoint.host}:${p.endpoint.port}`,
      })}`,
      `    ${
        e.kind === "file"
          ? t(lang, "certs.plan.verifyFile", { path: e.path })
          : t(lang, "certs.plan.verifyStart")
      }`,
    );
  }
  if (plan.admin) lines.push(`  ${t(lang, "certs.plan.kubeconfigs")}`);
  return lines;
}
