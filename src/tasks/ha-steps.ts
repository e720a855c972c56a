/** HA pieces of init/join as pipeline steps: external etcd checked first, the endpoint's LB files. */
import type { Context } from "../context.js";
import { invalidInput, KadmError } from "../errors.js";
import { lbFiles } from "../ha/load-balancer.js";
import { checkExternalEtcd } from "../host/etcd-certs.js";
import type { FileChange } from "../host/host-fs.js";
import { t } from "../i18n/messages.js";
import type { ClusterSpec } from "../spec/types.js";
import type { PipelineStep } from "./pipeline.js";

/**
 * External etcd certificates are input: checked with the rest of it, before the run starts (and
 * its state file is written), so a missing or wrong file is exit 2 with nothing changed.
 */
export async function checkEtcdInput(ctx: Context, spec: ClusterSpec): Promise<void> {
  const etcd = spec.etcd.external;
  if (!etcd) return;
  const r = await checkExternalEtcd(ctx.hostFs, etcd, ctx.lang);
  const [first, ...more] = r.problems;
  if (first) throw invalidInput(first.message, t(ctx.lang, "etcdcheck.hint"), more);
}

/** The same check as a step (a resumed run re-checks; the files may have changed since). */
export function etcdSteps(ctx: Context, spec: ClusterSpec): PipelineStep[] {
  const etcd = spec.etcd.external;
  if (!etcd) return [];
  return [
    {
      id: "external-etcd",
      title: t(ctx.lang, "etcdcheck.step"),
      run: async () => {
        const r = await checkExternalEtcd(ctx.hostFs, etcd, ctx.lang);
        const [first, ...more] = r.problems;
        if (first) throw new KadmError(first.message, { hint: t(ctx.lang, "etcdcheck.hint"), more });
        return t(ctx.lang, "etcdcheck.ok", { until: r.validUntil ?? "?" });
      },
    },
  ];
}

/** Static pod manifests (kube-vip, haproxy) or ready configs for the user's LB, before kubeadm runs. */
export function lbSteps(
  ctx: Context,
  spec: ClusterSpec,
  firstNode: boolean,
  files: FileChange[],
): PipelineStep[] {
  const mode = spec.controlPlane.loadBalancer;
  const planned = lbFiles(spec, firstNode);
  if (!mode || planned.length === 0) return [];
  return [
    {
      id: "load-balancer",
      title: t(ctx.lang, "lb.step", { mode }),
      run: async () => {
        for (const f of planned) {
          const dir = f.path.slice(0, f.path.lastIndexOf("/"));
          await ctx.hostFs.mkdir(dir, { mode: 0o755 });
          files.push(await ctx.hostFs.write(f.path, f.content, { mode: f.mode }));
        }
        return t(ctx.lang, "lb.written", { mode, files: planned.map((f) => f.path).join(", ") });
      },
    },
  ];
}
