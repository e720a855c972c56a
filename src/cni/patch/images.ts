/** Container images of a manifest: mirror rewriting and the image list. PURE. */
import { InvalidReferenceError, parseReference } from "../../images/reference.js";
import { mirrorImage } from "../catalog.js";
import { describeDoc, podContainers } from "./docs.js";
import type { ManifestDoc, PatchContext } from "./types.js";

const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

export function normaliseRegistry(registry: string): string {
  const key = registry.trim().toLowerCase().replace(/\/+$/, "");
  return DOCKER_HUB_ALIASES.has(key) ? "docker.io" : key;
}

export function normaliseMirrors(mirrors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(mirrors)) out[normaliseRegistry(k)] = v;
  return out;
}

/** Every container image of a registry with a mirror, rewritten to the mirror (all layouts). */
export function rewriteImages(docs: ManifestDoc[], ctx: PatchContext): void {
  const mirrors = ctx.mirrors;
  const badMirrors = new Set<string>();
  for (const { doc, container, path } of podContainers(docs)) {
    const image = container.image;
    if (typeof image !== "string") continue;
    const parsed = parseReference(image);
    if (!parsed.ok) {
      ctx.problems.push({
        code: "imageInvalid",
        params: { object: describeDoc(doc), path: `${path}.image`, image },
      });
      continue;
    }
    const registry = parsed.ref.registry;
    const mirror = mirrors[registry];
    if (mirror === undefined || badMirrors.has(registry)) continue;
    let after: string;
    try {
      after = mirrorImage(image, mirrors);
    } catch (e) {
      if (!(e instanceof InvalidReferenceError)) throw e;
      badMirrors.add(registry);
      pushMirrorProblem(ctx, registry, mirror, e);
      continue;
    }
    if (after === image) continue;
    container.image = after;
    ctx.changes.push({ object: describeDoc(doc), path: `${path}.image`, before: image, after });
  }
}

export function pushMirrorProblem(
  ctx: PatchContext,
  registry: string,
  mirror: string,
  e: InvalidReferenceError,
): void {
  if (ctx.problems.some((p) => p.code === "mirrorInvalid" && p.params.registry === registry)) return;
  ctx.problems.push({ code: "mirrorInvalid", params: { registry, mirror, reason: e.problem } });
}

/** Every container image in the documents, unique, in document order. */
export function listImages(docs: readonly ManifestDoc[]): string[] {
  const seen = new Set<string>();
  for (const { container } of podContainers(docs)) {
    if (typeof container.image === "string") seen.add(container.image);
  }
  return [...seen];
}
