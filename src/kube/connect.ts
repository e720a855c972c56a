import type { Context } from "../context.js";
import { isKubeError, type KubeClient } from "./client.js";
import { kubeProblem } from "./explain.js";

/**
 * The kubeconfig (--kubeconfig, <root>/etc/kubernetes/admin.conf, $KUBECONFIG, ~/.kube/config) and
 * one request to the API server, so a wrong or dead cluster is one clear line before any progress.
 */
export async function connect(
  ctx: Pick<Context, "kube" | "lang">,
  flags: { kubeconfig?: string | undefined },
): Promise<KubeClient> {
  try {
    const client = await ctx.kube.fromKubeconfig({ kubeconfig: flags.kubeconfig });
    try {
      await client.serverVersion();
    } catch (err) {
      if (isKubeError(err)) throw kubeProblem(ctx.lang, err, client.source);
      throw err;
    }
    return client;
  } catch (err) {
    if (isKubeError(err)) throw kubeProblem(ctx.lang, err);
    throw err;
  }
}
