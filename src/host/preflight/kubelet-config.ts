import { loadBoundedOrThrow } from "../../util/yaml-safe.js";
import type { HostFs } from "../host-fs.js";

export const KUBELET_CONFIG = "/var/lib/kubelet/config.yaml";

export type KubeletConfig =
  | { state: "missing" }
  | { state: "invalid"; reason: string }
  | { state: "ok"; doc: Record<string, unknown> };

/** The KubeletConfiguration a previous kubeadm run left behind; absent on a fresh host. */
export async function readKubeletConfig(fs: HostFs): Promise<KubeletConfig> {
  const raw = await fs.read(KUBELET_CONFIG);
  if (raw === undefined) return { state: "missing" };
  try {
    const doc = loadBoundedOrThrow(raw);
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
      return { state: "invalid", reason: "not a mapping" };
    }
    return { state: "ok", doc: doc as Record<string, unknown> };
  } catch (e) {
    return { state: "invalid", reason: (e as Error).message.split("\n")[0] ?? "invalid YAML" };
  }
}
