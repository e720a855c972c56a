import { ADMIN_CONF } from "../../host/kubeconfig-copy.js";
import type { HostContext } from "../env.js";
import { type Finding, finding } from "../finding.js";

const CNI_DIR = "/etc/cni/net.d";

/** A node without a CNI config in /etc/cni/net.d stays NotReady ("cni plugin not initialized"). */
export async function checkCniConfig(ctx: HostContext): Promise<Finding[]> {
  if (ctx.role === "none") return [];
  const files = await ctx.env.fs.list(CNI_DIR);
  // containerd's CRI plugin loads these extensions only.
  const configs = files.filter((f) => /\.(conf|conflist|json)$/.test(f));
  if (configs.length > 0) return [];
  const evidence =
    files.length === 0
      ? `${CNI_DIR}: empty or missing`
      : `${CNI_DIR}: ${files.join(", ")} (no .conf, .conflist or .json)`;
  return [
    finding("host.cni-config-missing", "error", CNI_DIR, { key: "doctor.host.cniConfig.title" }, [evidence], {
      key:
        ctx.role === "control-plane"
          ? "doctor.host.cniConfig.fixControlPlane"
          : "doctor.host.cniConfig.fixWorker",
    }),
  ];
}

/** kubeadm writes admin.conf on every control-plane node; without it nothing here can talk to the API. */
export async function checkAdminConf(ctx: HostContext): Promise<Finding[]> {
  if (ctx.role !== "control-plane") return [];
  if (await ctx.env.fs.exists(ADMIN_CONF)) return [];
  return [
    finding(
      "host.admin-conf-missing",
      "error",
      ADMIN_CONF,
      { key: "doctor.host.adminConf.title" },
      [`${ADMIN_CONF}: missing; /etc/kubernetes/manifests/kube-apiserver.yaml: exists`],
      { key: "doctor.host.adminConf.fix" },
    ),
  ];
}
