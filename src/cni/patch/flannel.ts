/**
 * flannel (Documentation/kube-flannel.yml): ConfigMap kube-flannel/kube-flannel-cfg, data key
 * `net-conf.json`, JSON field "Network" (dual-stack: "EnableIPv6": true and "IPv6Network"); the
 * node interface as flanneld's --iface. PURE.
 */
import { mayWriteCidr } from "./cidr.js";
import { describeDoc, isObj, objAt, podContainers, scalarText, strings } from "./docs.js";
import { type LayoutPatcher, type ManifestDoc, type PatchContext, UPSTREAM_DEFAULT_CIDRS } from "./types.js";

/** A flannel manifest has one layout: any document list is patched, and what is missing is reported. */
export const flannelPatcher: LayoutPatcher = {
  layout: "flannel",
  expected: "ConfigMap kube-flannel-cfg with data net-conf.json",
  detect: () => true,
  patch: patchFlannel,
};

function patchFlannel(docs: ManifestDoc[], ctx: PatchContext): void {
  const cms = docs.filter(
    (d) => d.kind === "ConfigMap" && typeof objAt(d, "data")?.["net-conf.json"] === "string",
  );
  if (cms.length === 0) {
    ctx.problems.push({
      code: "layoutUnknown",
      params: { plugin: "flannel", expected: "ConfigMap kube-flannel-cfg with data net-conf.json" },
    });
  }
  for (const cm of cms) {
    const data = objAt(cm, "data") as Record<string, unknown>;
    const object = describeDoc(cm);
    const text = data["net-conf.json"] as string;
    let conf: unknown;
    try {
      conf = JSON.parse(text);
    } catch (e) {
      ctx.problems.push({ code: "netConfInvalid", params: { object, reason: (e as Error).message } });
      continue;
    }
    if (!isObj(conf)) {
      ctx.problems.push({ code: "netConfInvalid", params: { object, reason: "not a JSON object" } });
      continue;
    }
    const path = (field: string) => `data["net-conf.json"].${field}`;
    const { v4, v6 } = ctx.subnet;
    const before = { ...conf };
    const writeV4 = mayWriteCidr(
      ctx,
      object,
      path("Network"),
      conf.Network,
      v4,
      UPSTREAM_DEFAULT_CIDRS.flannel,
    );
    const writeV6 = v6 !== undefined && mayWriteCidr(ctx, object, path("IPv6Network"), conf.IPv6Network, v6);
    if (v6 === undefined && conf.EnableIPv6 === true && !ctx.force) {
      ctx.problems.push({
        code: "cidrConflict",
        params: {
          object,
          path: path("IPv6Network"),
          manifest: String(conf.IPv6Network ?? "EnableIPv6"),
          podSubnet: ctx.podSubnet,
        },
      });
    }

    const next: Record<string, unknown> = {};
    const entries: [string, unknown][] =
      "Network" in conf ? Object.entries(conf) : [["Network", undefined], ...Object.entries(conf)];
    for (const [k, v] of entries) {
      if (k === "Network") {
        next.Network = writeV4 ? v4.text : v;
        if (v6 !== undefined) {
          next.IPv6Network = writeV6 ? v6.text : conf.IPv6Network;
          next.EnableIPv6 = true;
        }
      } else if (v6 !== undefined && (k === "IPv6Network" || k === "EnableIPv6")) {
        // placed right after Network
      } else if (k === "EnableIPv6" && v6 === undefined && v === true && ctx.force) {
        next[k] = false;
      } else if (k === "EnableIPv4" && v === false) {
        next[k] = true;
      } else {
        next[k] = v;
      }
    }

    let changed = false;
    for (const key of new Set([...Object.keys(before), ...Object.keys(next)])) {
      const a = before[key];
      const b = next[key];
      if (JSON.stringify(a) === JSON.stringify(b)) continue;
      changed = true;
      ctx.changes.push({
        object,
        path: path(key),
        before: a === undefined ? null : scalarText(a),
        after: scalarText(b),
      });
    }
    if (changed) data["net-conf.json"] = JSON.stringify(next, null, 2) + (text.endsWith("\n") ? "\n" : "");
  }

  if (ctx.iface !== undefined) {
    const targets = podContainers(docs).filter((c) =>
      [...strings(c.container.command), ...strings(c.container.args)].some((a) => a === "--kube-subnet-mgr"),
    );
    if (targets.length === 0) {
      ctx.problems.push({
        code: "layoutUnknown",
        params: { plugin: "flannel", expected: "flanneld container (args --kube-subnet-mgr)" },
      });
    }
    for (const t of targets) {
      const args = Array.isArray(t.container.args) ? (t.container.args as unknown[]) : [];
      const want = `--iface=${ctx.iface}`;
      const existing = args.filter((a) => typeof a === "string" && /^--iface(=|$)/.test(a));
      if (existing.length === 1 && existing[0] === want) continue;
      const kept = args.filter((a) => !(typeof a === "string" && /^--iface(=|$)/.test(a)));
      t.container.args = [...kept, want];
      ctx.changes.push({
        object: describeDoc(t.doc),
        path: `${t.path}.args`,
        before: existing.length > 0 ? existing.join(" ") : null,
        after: want,
      });
    }
  }
}
