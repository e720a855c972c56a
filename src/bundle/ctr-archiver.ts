/**
 * The images archive through containerd's own `ctr` on a node (export: pull what is missing, then
 * `ctr images export` of exactly these names; import: `ctr images import`, skipped when every image
 * is already there with the same digest). The bundle code sees only the ImageArchiver interface, so
 * a richer implementation (streaming, progress) replaces this one without touching it.
 */
import { KadmError } from "../errors.js";
import type { Runner } from "../host/runner.js";
import { failureReason } from "../host/runner.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { CRI_NAMESPACE, pullImages } from "../images/pull.js";
import type { ArchivedImage, ImageArchiver } from "./types.js";

const TIMEOUT_MS = 30 * 60_000;

export interface CtrArchiverOptions {
  runner: Runner;
  lang: Lang;
  /** containerd's socket, already rooted. */
  address: string;
  /** certs.d with the mirrors' hosts.toml, already rooted (for the pulls). */
  hostsDir: string;
  /** "linux/amd64". */
  platform: string;
  signal?: AbortSignal | undefined;
}

/** `ctr images ls` -> ref -> {digest, bytes}. PURE. */
export function parseImageTable(stdout: string): Map<string, { digest: string; bytes: number }> {
  const out = new Map<string, { digest: string; bytes: number }>();
  const units: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
  for (const raw of stdout.split("\n")) {
    const cols = raw.trim().split(/\s+/);
    if (cols.length < 5 || cols[0] === "REF") continue;
    const [ref = "", , digest = "", num = "0", unit = "B"] = cols;
    out.set(ref, { digest, bytes: Math.round(Number(num) * (units[unit] ?? 1)) });
  }
  return out;
}

/** The image names an OCI archive's index.json carries. PURE. */
export function archiveRefs(indexJson: string): string[] {
  try {
    const index = JSON.parse(indexJson) as { manifests?: { annotations?: Record<string, string> }[] };
    return (index.manifests ?? [])
      .map(
        (m) =>
          m.annotations?.["io.containerd.image.name"] ?? m.annotations?.["org.opencontainers.image.ref.name"],
      )
      .filter((r): r is string => typeof r === "string" && r.includes("/"));
  } catch {
    return [];
  }
}

export function ctrArchiver(o: CtrArchiverOptions): ImageArchiver {
  const base = ["ctr", "--address", o.address, "--namespace", CRI_NAMESPACE];
  const run = async (argv: string[]) => {
    const r = await o.runner.run([...base, ...argv], {
      timeoutMs: TIMEOUT_MS,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    if (r.exitCode !== 0) {
      throw new KadmError(
        t(o.lang, "bundle.commandFailed", { command: r.command, reason: failureReason(r) }),
        {
          hint: t(o.lang, "bundle.ctrHint", { address: o.address }),
        },
      );
    }
    return r.stdout;
  };
  const list = async () => parseImageTable(await run(["images", "ls"]));
  const describe = (
    refs: readonly string[],
    table: Map<string, { digest: string; bytes: number }>,
  ): ArchivedImage[] =>
    refs.map((ref) => ({ ref, digest: table.get(ref)?.digest ?? "", bytes: table.get(ref)?.bytes ?? 0 }));
  return {
    async export(refs, path) {
      const pulls = await pullImages(refs, {
        runner: o.runner,
        address: o.address,
        hostsDir: o.hostsDir,
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const failed = pulls.filter((p) => p.status === "failed");
      if (failed.length > 0) {
        throw new KadmError(
          t(o.lang, "bundle.pullFailed", { images: failed.map((p) => p.image).join(", ") }),
          {
            hint: t(o.lang, "bundle.pullFailedHint"),
          },
        );
      }
      await run(["images", "export", "--platform", o.platform, path, ...refs]);
      return { images: describe(refs, await list()) };
    },
    async import(path) {
      const index = await o.runner.run(["tar", "-xOf", path, "index.json"], { timeoutMs: TIMEOUT_MS });
      const refs = archiveRefs(index.stdout);
      const before = await list();
      const missing = refs.filter((r) => !before.has(r));
      if (missing.length === 0 && refs.length > 0) return { images: describe(refs, before), imported: [] };
      await run(["images", "import", "--platform", o.platform, path]);
      return { images: describe(refs, await list()), imported: missing };
    },
  };
}
