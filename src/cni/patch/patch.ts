/**
 * CNI manifests patched for the cluster: pod CIDR, image mirrors, node address interface. PURE:
 * text or parsed documents in, new documents out plus a report; the input documents are never
 * modified. The work per layout is in flannel.ts, calico-manifest.ts and calico-operator.ts (one
 * LayoutPatcher each); image rewriting (images.ts) applies to every layout.
 *
 * Refusals are data (`{ code, params }`); the message catalogue turns them into sentences.
 */
import { calicoManifestPatcher } from "./calico-manifest.js";
import { calicoOperatorPatcher } from "./calico-operator.js";
import { splitPodSubnet } from "./cidr.js";
import { flannelPatcher } from "./flannel.js";
import { listImages, normaliseMirrors, rewriteImages } from "./images.js";
import { parseManifest } from "./manifest.js";
import type {
  CniPatchOptions,
  CniPatchProblem,
  CniPatchResult,
  LayoutPatcher,
  ManifestDoc,
  PatchContext,
} from "./types.js";

/** The layouts of each plugin, tried in order (calico: the manifest install, then the operator's). */
const PATCHERS: Record<CniPatchOptions["plugin"], readonly LayoutPatcher[]> = {
  flannel: [flannelPatcher],
  calico: [calicoManifestPatcher, calicoOperatorPatcher],
};

/** Patches a manifest (text or parsed documents; parsed documents are not modified). */
export function patchManifest(input: string | readonly ManifestDoc[], opts: CniPatchOptions): CniPatchResult {
  let source: readonly ManifestDoc[];
  if (typeof input === "string") {
    const parsed = parseManifest(input);
    if (!parsed.ok) return parsed;
    source = parsed.docs;
  } else {
    source = input;
  }

  const problems: CniPatchProblem[] = [];
  const subnet = splitPodSubnet(opts.podSubnet);
  if (!subnet) return fail({ code: "invalidPodSubnet", params: { podSubnet: opts.podSubnet } });
  if (!subnet.v4) {
    return fail({ code: "noIpv4PodSubnet", params: { plugin: opts.plugin, podSubnet: opts.podSubnet } });
  }
  const iface = opts.interface?.trim();
  if (iface !== undefined && (iface === "" || /\s/.test(iface))) {
    return fail({ code: "invalidInterface", params: { interface: opts.interface ?? "" } });
  }
  const mirrors = normaliseMirrors(opts.mirrors);

  const docs = source.map((d) => structuredClone(d));
  const ctx: PatchContext = {
    subnet: { v4: subnet.v4, v6: subnet.v6 },
    podSubnet: opts.podSubnet,
    iface,
    force: opts.force === true,
    mirrors,
    operatorImageRegistry: opts.operatorImageRegistry ?? "quay.io",
    changes: [],
    problems,
  };

  const candidates = PATCHERS[opts.plugin];
  const patcher = candidates.find((p) => p.detect(docs));
  if (patcher) {
    patcher.patch(docs, ctx);
  } else {
    problems.push({
      code: "layoutUnknown",
      params: { plugin: opts.plugin, expected: candidates.map((p) => p.expected).join(" or ") },
    });
  }

  rewriteImages(docs, ctx);
  if (problems.length > 0 || patcher === undefined) return { ok: false, problems };
  return {
    ok: true,
    docs,
    report: { layout: patcher.layout, changes: ctx.changes, images: listImages(docs) },
  };
}

function fail(problem: CniPatchProblem): CniPatchResult {
  return { ok: false, problems: [problem] };
}
