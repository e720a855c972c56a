/**
 * HA pieces on a control plane: external etcd certificates checked first, and the endpoint's load
 * balancer (kube-vip / haproxy static pods, or configs for the user's own LB) written before kubeadm
 * runs, on the first control plane and on every one that joins, locally or over SSH alike.
 */
import { invalidInput, KadmError } from "../../errors.js";
import { lbFiles, lbImages } from "../../ha/load-balancer.js";
import { checkExternalEtcd } from "../../host/etcd-certs.js";
import { t } from "../../i18n/messages.js";
import type { Node } from "../../node/node.js";
import type { ClusterSpec } from "../../spec/types.js";
import type { RunData, WorkflowStep } from "../data.js";
import type { NodeEnv } from "../env.js";

/**
 * External etcd certificates are input: checked with the rest of it, before the run starts (and
 * its state file is written), so a missing or wrong file is exit 2 with nothing changed.
 */
export async function checkEtcdInput(node: Node, lang: NodeEnv["lang"], spec: ClusterSpec): Promise<void> {
  const etcd = spec.etcd.external;
  if (!etcd) return;
  const r = await checkExternalEtcd(node.fs, etcd, lang);
  const [first, ...more] = r.problems;
  if (first) throw invalidInput(first.message, t(lang, "etcdcheck.hint"), more);
}

/** The same check `init` runs on its input, as a step (a resumed run re-checks: files may have changed). */
export function etcdStep(node: Node, env: NodeEnv, data: RunData): WorkflowStep[] {
  const etcd = data.spec.etcd.external;
  if (!etcd) return [];
  return [
    {
      id: "external-etcd",
      title: t(env.lang, "etcdcheck.step"),
      run: async () => {
        const r = await checkExternalEtcd(node.fs, etcd, env.lang);
        const [first, ...more] = r.problems;
        if (first) throw new KadmError(first.message, { hint: t(env.lang, "etcdcheck.hint"), more });
        return t(env.lang, "etcdcheck.ok", { until: r.validUntil ?? "?" });
      },
    },
  ];
}

/** A control plane serves the endpoint's VIP/proxy itself: its images are pre-pulled too. */
export function lbImagesFor(spec: ClusterSpec, role: RunData["role"]): string[] {
  return role === "control-plane" ? lbImages(spec) : [];
}

/** Static pod manifests (kube-vip, haproxy) or ready configs for the user's LB; control planes only. */
export function loadBalancerStep(node: Node, env: NodeEnv, data: RunData): WorkflowStep[] {
  const mode = data.spec.controlPlane.loadBalancer;
  if (data.role !== "control-plane" || !mode) return [];
  const planned = lbFiles(data.spec, data.command === "init");
  if (planned.length === 0) return [];
  return [
    {
      id: "load-balancer",
      title: t(env.lang, "lb.step", { mode }),
      run: async () => {
        for (const f of planned) {
          const dir = f.path.slice(0, f.path.lastIndexOf("/"));
          await node.fs.mkdir(dir, { mode: 0o755 });
          data.outputs.files.push(await node.fs.write(f.path, f.content, { mode: f.mode }));
        }
        return t(env.lang, "lb.written", { mode, files: planned.map((f) => f.path).join(", ") });
      },
    },
  ];
}
