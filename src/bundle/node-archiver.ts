/**
 * The bundle's ImageArchiver on a node's containerd: images/archive.ts (the one export/import code,
 * shared with `images export|import` and the SSH image stream), seen through the bundle's interface.
 */

import type { Lang } from "../i18n/lang.js";
import { exportImages, importImages } from "../images/archive.js";
import type { Node } from "../node/node.js";
import type { ImageArchiver } from "./types.js";

export interface NodeArchiverOptions {
  /** "linux/amd64": the content written. */
  platform: string;
  criSocket: string;
  lang: Lang;
  signal?: AbortSignal | undefined;
}

export function nodeArchiver(node: Node, o: NodeArchiverOptions): ImageArchiver {
  const common = { criSocket: o.criSocket, lang: o.lang, ...(o.signal ? { signal: o.signal } : {}) };
  return {
    async export(refs, path) {
      const r = await exportImages(
        node,
        [...refs],
        { path },
        { ...common, pullMissing: true, platform: o.platform },
      );
      return { images: r.images.map((i) => ({ ref: i.ref, digest: i.digest, bytes: i.bytes })) };
    },
    async import(path) {
      // install.ts refused a node of another architecture before (refuseOtherArch), and the
      // archive's sha256 is the manifest's: reading its platforms again would be three more tar
      // passes over a few hundred MiB that cannot find anything new.
      const r = await importImages(node, path, { ...common, verify: true, platformChecked: true });
      return {
        images: r.images.map((i) => ({ ref: i.ref, digest: i.digest, bytes: i.bytes })),
        imported: r.images.filter((i) => i.status !== "unchanged").map((i) => i.ref),
      };
    },
  };
}
