/**
 * calico operator (manifests/tigera-operator.yaml + manifests/custom-resources.yaml, patched as one
 * document list): Installation `default` spec.calicoNetwork.ipPools[].cidr. The operator takes a
 * mirror through spec.registry (`<registry>/` with a trailing slash: image format
 * `<registry><imagePath>/<imagePrefix><imageName>:<tag>`, docs operations/image-options). PURE.
 */
import { InvalidReferenceError } from "../../images/reference.js";
import { parseCidr } from "../../validate/ip.js";
import { mirrorImage } from "../catalog.js";
import { mayWriteCidr } from "./cidr.js";
import { describeDoc, ensureObj, isObj, metaOf } from "./docs.js";
import { normaliseRegistry, pushMirrorProblem } from "./images.js";
import { type LayoutPatcher, type ManifestDoc, type PatchContext, UPSTREAM_DEFAULT_CIDRS } from "./types.js";

export const calicoOperatorPatcher: LayoutPatcher = {
  layout: "calico-operator",
  expected: "Installation (custom-resources.yaml)",
  detect: (docs) => findInstallation(docs) !== undefined,
  patch: patchCalicoOperator,
};

export function findInstallation(docs: readonly ManifestDoc[]): ManifestDoc | undefined {
  const all = docs.filter(
    (d) =>
      d.kind === "Installation" &&
      typeof d.apiVersion === "string" &&
      d.apiVersion.startsWith("operator.tigera.io/"),
  );
  return all.find((d) => metaOf(d).name === "default") ?? all[0];
}

const IPV6_ENCAPSULATIONS = new Set(["None", "VXLAN", "VXLANCrossSubnet"]);

function patchCalicoOperator(docs: ManifestDoc[], ctx: PatchContext): void {
  const inst = findInstallation(docs);
  if (!inst) return;
  const object = describeDoc(inst);
  const spec = ensureObj(inst, "spec");
  const net = ensureObj(spec, "calicoNetwork");
  if (!Array.isArray(net.ipPools)) net.ipPools = [];
  const pools = net.ipPools as unknown[];
  const { v4, v6 } = ctx.subnet;
  const family = (p: unknown): 4 | 6 | undefined => {
    if (!isObj(p) || typeof p.cidr !== "string") return undefined;
    const r = parseCidr(p.cidr);
    return r.ok ? r.cidr.family : undefined;
  };

  // ipPools[0] is the IPv4 pool upstream; otherwise the first IPv4 pool, or a pool without a cidr.
  let i4 = pools.findIndex((p) => family(p) === 4);
  if (i4 < 0) i4 = pools.findIndex((p) => isObj(p) && (p.cidr === undefined || p.cidr === ""));
  if (i4 < 0) {
    pools.unshift({
      name: "default-ipv4-ippool",
      blockSize: 26,
      cidr: v4.text,
      encapsulation: "VXLANCrossSubnet",
      natOutgoing: "Enabled",
      nodeSelector: "all()",
    });
    ctx.changes.push({
      object,
      path: "spec.calicoNetwork.ipPools[0]",
      before: null,
      after: JSON.stringify(pools[0]),
    });
    i4 = 0;
  } else {
    const pool = pools[i4] as Record<string, unknown>;
    const path = `spec.calicoNetwork.ipPools[${i4}].cidr`;
    if (mayWriteCidr(ctx, object, path, pool.cidr, v4, UPSTREAM_DEFAULT_CIDRS.calicoOperator)) {
      ctx.changes.push({
        object,
        path,
        before: typeof pool.cidr === "string" ? pool.cidr : null,
        after: v4.text,
      });
      pool.cidr = v4.text;
    }
  }

  if (v6 !== undefined) {
    const i6 = pools.findIndex((p) => family(p) === 6);
    if (i6 >= 0) {
      const pool = pools[i6] as Record<string, unknown>;
      const path = `spec.calicoNetwork.ipPools[${i6}].cidr`;
      if (mayWriteCidr(ctx, object, path, pool.cidr, v6)) {
        ctx.changes.push({ object, path, before: String(pool.cidr), after: v6.text });
        pool.cidr = v6.text;
      }
    } else {
      const p4 = pools[i4] as Record<string, unknown>;
      const enc =
        typeof p4.encapsulation === "string" && IPV6_ENCAPSULATIONS.has(p4.encapsulation)
          ? p4.encapsulation
          : "None";
      const pool = {
        name: "default-ipv6-ippool",
        blockSize: 122,
        cidr: v6.text,
        encapsulation: enc,
        natOutgoing: typeof p4.natOutgoing === "string" ? p4.natOutgoing : "Enabled",
        nodeSelector: "all()",
      };
      pools.push(pool);
      ctx.changes.push({
        object,
        path: `spec.calicoNetwork.ipPools[${pools.length - 1}]`,
        before: null,
        after: JSON.stringify(pool),
      });
    }
  }

  if (ctx.iface !== undefined) {
    const fields =
      v6 !== undefined
        ? ["nodeAddressAutodetectionV4", "nodeAddressAutodetectionV6"]
        : ["nodeAddressAutodetectionV4"];
    for (const field of fields) {
      const want = { interface: ctx.iface };
      const current = net[field];
      if (JSON.stringify(current) === JSON.stringify(want)) continue;
      net[field] = want;
      ctx.changes.push({
        object,
        path: `spec.calicoNetwork.${field}`,
        before: current === undefined ? null : JSON.stringify(current),
        after: JSON.stringify(want),
      });
    }
  }

  const upstream = normaliseRegistry(ctx.operatorImageRegistry);
  const mirror = ctx.mirrors[upstream];
  const current = spec.registry;
  if (mirror !== undefined && (current === undefined || current === "" || current === "UseDefault")) {
    try {
      // Validates the prefix the same way image rewriting does.
      mirrorImage(`${upstream}/calico/node:latest`, { [upstream]: mirror });
      const registry = `${mirror.trim().replace(/\/+$/, "")}/`;
      spec.registry = registry;
      ctx.changes.push({
        object,
        path: "spec.registry",
        before: typeof current === "string" ? current : null,
        after: registry,
      });
    } catch (e) {
      if (!(e instanceof InvalidReferenceError)) throw e;
      pushMirrorProblem(ctx, upstream, mirror, e);
    }
  }
}
