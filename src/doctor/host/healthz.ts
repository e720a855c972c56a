import type { HostContext } from "../env.js";
import { type Finding, finding } from "../finding.js";

/**
 * kube-controller-manager and kube-scheduler through their own /healthz (what kubeadm's
 * control-plane-check probes), not the deprecated componentstatuses, which probe the old insecure
 * ports (10251/10252) and report "connection refused" on every healthy cluster since 1.18.
 */
export async function checkControlPlaneHealth(ctx: HostContext): Promise<Finding[]> {
  if (ctx.role !== "control-plane") return [];
  const targets = [
    { component: "kube-controller-manager", endpoint: ctx.env.controlPlaneEndpoints.controllerManager },
    { component: "kube-scheduler", endpoint: ctx.env.controlPlaneEndpoints.scheduler },
  ];
  const answers = await Promise.all(
    targets.map(async (t) => ({
      ...t,
      url: `https://${t.endpoint}/healthz`,
      answer: await ctx.env.probe(`https://${t.endpoint}/healthz`),
    })),
  );
  return answers
    .filter((a) => !(a.answer.status === 200 && a.answer.text.trim() === "ok"))
    .map((a) =>
      finding(
        "controlplane.unhealthy",
        "error",
        `${a.component} (${a.endpoint})`,
        { key: "doctor.controlplane.title", params: { component: a.component } },
        [`GET ${a.url}: ${a.answer.status !== undefined ? `HTTP ${a.answer.status} ` : ""}${a.answer.text}`],
        { key: "doctor.controlplane.fix", params: { component: a.component } },
      ),
    );
}
