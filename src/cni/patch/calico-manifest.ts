/**
 * calico manifest (manifests/calico.yaml): DaemonSet kube-system/calico-node, container calico-node,
 * env CALICO_IPV4POOL_CIDR (commented out upstream, so absent after parsing). Dual-stack as the
 * calico docs say for manifest installs (networking/ipam/ipv6): CNI config ipam "assign_ipv4" and
 * "assign_ipv6" = "true", env IP6=autodetect, FELIX_IPV6SUPPORT=true, CALICO_IPV6POOL_CIDR. PURE.
 */
import type { Cidr } from "../../validate/ip.js";
import { mayWriteCidr } from "./cidr.js";
import { describeDoc, envText, isObj, metaOf, objAt, podContainers } from "./docs.js";
import type { LayoutPatcher, ManifestDoc, PatchContext } from "./types.js";

export const calicoManifestPatcher: LayoutPatcher = {
  layout: "calico-manifest",
  expected: "DaemonSet calico-node (calico.yaml)",
  detect: (docs) => findCalicoNode(docs) !== undefined,
  patch: patchCalicoManifest,
};

function findCalicoNode(
  docs: readonly ManifestDoc[],
): { doc: ManifestDoc; container: Record<string, unknown>; path: string } | undefined {
  const candidates = podContainers(docs).filter(
    (c) => c.doc.kind === "DaemonSet" && c.container.name === "calico-node",
  );
  return candidates.find((c) => metaOf(c.doc).name === "calico-node") ?? candidates[0];
}

function patchCalicoManifest(docs: ManifestDoc[], ctx: PatchContext): void {
  const node = findCalicoNode(docs);
  if (!node) return;
  const object = describeDoc(node.doc);
  if (!Array.isArray(node.container.env)) node.container.env = [];
  const env = node.container.env as unknown[];
  const envPath = (name: string) => `${node.path}.env[${name}]`;
  const { v4, v6 } = ctx.subnet;

  /** Replaces `name` in place, or inserts it after the first of `after` present, or appends it. */
  const setEnv = (name: string, value: string, after: string[] = []) => {
    const i = env.findIndex((e) => isObj(e) && e.name === name);
    const current = i >= 0 ? (env[i] as Record<string, unknown>) : undefined;
    if (current && current.value === value && current.valueFrom === undefined) return;
    const entry = { name, value };
    if (i >= 0) env[i] = entry;
    else {
      const anchor = after.find((a) => env.some((e) => isObj(e) && e.name === a));
      const at = env.findIndex((e) => isObj(e) && e.name === anchor);
      if (at >= 0) env.splice(at + 1, 0, entry);
      else env.push(entry);
    }
    ctx.changes.push({
      object,
      path: envPath(name),
      before: current ? envText(current) : null,
      after: value,
    });
  };
  const cidrEnv = (name: string, want: Cidr, after: string[]) => {
    const current = env.find((e) => isObj(e) && e.name === name) as Record<string, unknown> | undefined;
    const value =
      current === undefined ? undefined : current.valueFrom !== undefined ? envText(current) : current.value;
    if (mayWriteCidr(ctx, object, envPath(name), value, want)) setEnv(name, want.text, after);
  };

  cidrEnv("CALICO_IPV4POOL_CIDR", v4, ["CALICO_IPV4POOL_VXLAN"]);
  if (ctx.iface !== undefined) setEnv("IP_AUTODETECTION_METHOD", `interface=${ctx.iface}`, ["IP"]);
  if (v6 !== undefined) {
    cidrEnv("CALICO_IPV6POOL_CIDR", v6, ["CALICO_IPV6POOL_VXLAN", "CALICO_IPV4POOL_CIDR"]);
    setEnv("IP6", "autodetect", ["IP_AUTODETECTION_METHOD", "IP"]);
    if (ctx.iface !== undefined) setEnv("IP6_AUTODETECTION_METHOD", `interface=${ctx.iface}`, ["IP6"]);
    setEnv("FELIX_IPV6SUPPORT", "true");
    enableCniIpv6(docs, ctx);
  }
}

/** calico-config cni_network_config (a JSON template with bare placeholders): ipam assigns both families. */
function enableCniIpv6(docs: ManifestDoc[], ctx: PatchContext): void {
  const cm =
    docs.find((d) => d.kind === "ConfigMap" && metaOf(d).name === "calico-config") ??
    docs.find((d) => d.kind === "ConfigMap" && typeof objAt(d, "data")?.cni_network_config === "string");
  const data = cm ? objAt(cm, "data") : undefined;
  const text = data?.cni_network_config;
  const ipamType = /^([ \t]*)("type"\s*:\s*"calico-ipam")/m;
  if (!cm || !data || typeof text !== "string" || !ipamType.test(text)) {
    ctx.problems.push({
      code: "layoutUnknown",
      params: {
        plugin: "calico",
        expected: 'ConfigMap calico-config cni_network_config with ipam "calico-ipam"',
      },
    });
    return;
  }
  let next = text;
  const object = describeDoc(cm);
  const missing: string[] = [];
  for (const key of ["assign_ipv4", "assign_ipv6"]) {
    const existing = new RegExp(`"${key}"\\s*:\\s*("?)(\\w+)\\1`);
    const m = existing.exec(next);
    if (!m) {
      missing.push(key);
    } else if (m[2] !== "true") {
      next = next.replace(existing, `"${key}": "true"`);
      ctx.changes.push({
        object,
        path: `data.cni_network_config ipam.${key}`,
        before: m[2] ?? null,
        after: "true",
      });
    }
  }
  if (missing.length > 0) {
    next = next.replace(
      ipamType,
      (_all, indent: string, type: string) =>
        `${indent}${type}${missing.map((k) => `,\n${indent}"${k}": "true"`).join("")}`,
    );
    for (const key of missing) {
      ctx.changes.push({ object, path: `data.cni_network_config ipam.${key}`, before: null, after: "true" });
    }
  }
  data.cni_network_config = next;
}
