import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { createBundle, createPlan } from "../bundle/create.js";
import { installBundle, readManifest, verifyBundle } from "../bundle/install.js";
import { distroForKey, humanSize, OS_KEY_EXAMPLES } from "../bundle/manifest.js";
import { archiverFor, stepLine } from "../bundle/on-this-node.js";
import type { BundleManifest } from "../bundle/types.js";
import type { CommandRun } from "../cli/commands.js";
import { outputFormat } from "../cli/flag-values.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput } from "../errors.js";
import { readOsRelease } from "../host/preflight/os-release.js";
import type { Distro } from "../host/steps/os-family.js";
import { detectDistro } from "../host/steps/os-family.js";
import type { Lang } from "../i18n/lang.js";
import { type MessageKey, t } from "../i18n/messages.js";
import { padEndDisplay } from "../i18n/width.js";
import { checkOutFile } from "../images/archive-cli.js";
import { DEFAULT_CRI_SOCKET } from "../spec/defaults.js";
import type { ParsedFlags } from "../spec/flags.js";
import { gatherSpec } from "../spec/gather.js";
import { VERSION } from "../version.js";

const SUBCOMMANDS = ["create", "install", "inspect"] as const;

function thisArch(): string {
  return process.arch === "arm64" ? "arm64" : "amd64";
}

function isSea(): boolean {
  return (process.getBuiltinModule("node:sea") as { isSea?: () => boolean } | undefined)?.isSea?.() === true;
}

async function distros(ctx: Context, f: ParsedFlags): Promise<Distro[]> {
  const raw = typeof f.os === "string" ? f.os : undefined;
  if (raw === undefined) {
    // This machine's own OS, when it is one we know: the common case of a mirror host like the servers.
    const found = detectDistro(await readOsRelease(ctx.node.fs));
    if (found.ok) return [found.distro];
    throw invalidInput(
      t(ctx.lang, "bundle.noOs", { what: found.what }),
      t(ctx.lang, "bundle.badOsHint", { examples: OS_KEY_EXAMPLES }),
    );
  }
  const out: Distro[] = [];
  for (const key of raw
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean)) {
    const d = distroForKey(key);
    if (!d) {
      throw invalidInput(
        t(ctx.lang, "bundle.badOs", { value: key }),
        t(ctx.lang, "bundle.badOsHint", { examples: OS_KEY_EXAMPLES }),
      );
    }
    if (!out.some((o) => o.key === d.key)) out.push(d);
  }
  if (out.length === 0) {
    throw invalidInput(
      t(ctx.lang, "bundle.badOs", { value: raw }),
      t(ctx.lang, "bundle.badOsHint", { examples: OS_KEY_EXAMPLES }),
    );
  }
  return out;
}

function osRepos(ctx: Context, f: ParsedFlags, keys: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const v of (f["os-repo"] as string[] | undefined) ?? []) {
    const i = v.indexOf("=");
    const key = v.slice(0, i).trim().toLowerCase();
    const value = v.slice(i + 1).trim();
    const urlOk = value.startsWith("deb ") || /^(https?|file):\/\/\S+$/.test(value.split(",")[0] ?? "");
    if (i <= 0 || !keys.includes(key) || !urlOk) {
      throw invalidInput(t(ctx.lang, "bundle.badOsRepo", { value: v }), t(ctx.lang, "bundle.badOsRepoHint"));
    }
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}

async function executable(ctx: Context, f: ParsedFlags): Promise<string | undefined> {
  const given = typeof f.executable === "string" ? f.executable : undefined;
  const path = given ?? (isSea() ? process.execPath : undefined);
  if (!path) return undefined;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw Object.assign(new Error("not a regular file"), { code: "not a regular file" });
  } catch (e) {
    throw invalidInput(
      t(ctx.lang, "bundle.executableUnreadable", {
        path,
        reason: (e as NodeJS.ErrnoException).code ?? String(e),
      }),
      t(ctx.lang, "bundle.executableHint"),
    );
  }
  return resolve(path);
}

async function create(ctx: Context, f: ParsedFlags): Promise<number> {
  const arch = typeof f.arch === "string" ? f.arch : thisArch();
  if (arch !== "amd64" && arch !== "arm64") {
    throw invalidInput(t(ctx.lang, "bundle.badArch", { value: arch }), t(ctx.lang, "bundle.badArchHint"));
  }
  const list = await distros(ctx, f);
  const repos = osRepos(
    ctx,
    f,
    list.map((d) => d.key),
  );
  const exe = await executable(ctx, f);
  const { spec, warnings } = await gatherSpec(ctx, {
    mode: "init",
    flags: f,
    hostIsTarget: false,
    confirm: false,
    purpose: "host",
  });
  for (const w of warnings) ctx.warn(w);
  const out = resolve(typeof f.out === "string" ? f.out : `kw-bundle-${spec.kubernetesVersion}.tar`);
  await checkOutFile(ctx, out, `kw-bundle-${spec.kubernetesVersion}.tar`);
  const req = { spec, distros: list, osRepos: repos, out, arch, executable: exe, now: new Date() };
  const plan = createPlan(ctx.lang, req);
  if (ctx.dryRun) {
    ctx.stdout.write(`${plan.join("\n")}\n\n${t(ctx.lang, "bundle.dryRun")}\n`);
    return ExitCode.ok;
  }
  ctx.stderr.write(`${plan.join("\n")}\n`);
  const { manifest, notes } = await createBundle(
    {
      lang: ctx.lang,
      runner: ctx.node.runner,
      fetch: ctx.fetch,
      files: ctx.files,
      tempDirs: ctx.tempDirs,
      archiver: archiverFor(ctx, spec.node.criSocket, arch),
      version: VERSION,
      signal: ctx.signal,
      progress: (line) => ctx.stderr.write(`… ${line}\n`),
    },
    req,
  );
  for (const n of notes) ctx.warn(n.trim());
  const size = (await stat(out)).size;
  ctx.stdout.write(
    `${t(ctx.lang, "bundle.created", {
      out,
      size: humanSize(size),
      parts: manifest.parts.length,
      os: manifest.os.map((o) => o.key).join(", "),
    })}\n${t(ctx.lang, "bundle.createdNext", { file: out.split("/").pop() ?? out })}\n`,
  );
  return ExitCode.ok;
}

function nextCommand(m: BundleManifest): string {
  return `kadm-wizard init --profile ${m.profile} --k8s-version ${m.kubernetesVersion} --image-repository ${m.imageRepository}${
    m.cni.plugin !== "none" ? ` --cni ${m.cni.plugin} --cni-version ${m.cni.version}` : ""
  }`;
}

/** One step of the install report: ✓ unchanged, ~ changed (or would change). */
async function install(ctx: Context, f: ParsedFlags, file: string): Promise<number> {
  const format = outputFormat(ctx, f);
  const criSocket = typeof f["cri-socket"] === "string" ? f["cri-socket"] : DEFAULT_CRI_SOCKET;
  const manifest = await readManifest(ctx.lang, file);
  const report = await installBundle(
    {
      lang: ctx.lang,
      fs: ctx.node.fs,
      runner: ctx.node.runner,
      tempDirs: ctx.tempDirs,
      archiver: archiverFor(ctx, criSocket, manifest.arch),
      signal: ctx.signal,
      progress: (line) => {
        if (format === "text") ctx.stderr.write(`… ${line}\n`);
      },
    },
    file,
  );
  const changed = report.steps.some((s) => s.changed);
  if (format === "json") {
    ctx.stdout.write(
      `${JSON.stringify(
        {
          file,
          dryRun: ctx.dryRun,
          kubernetesVersion: manifest.kubernetesVersion,
          os: report.os.key,
          changed,
          steps: report.steps.map((s) => ({
            id: s.id,
            changed: s.changed,
            commands: s.commands,
            files: s.files.map((x) => x.path),
          })),
          next: nextCommand(manifest),
        },
        null,
        2,
      )}\n`,
    );
    return ExitCode.ok;
  }
  const lines: string[] = [];
  for (const s of report.steps) {
    lines.push(stepLine(ctx, s));
    for (const x of s.files) lines.push(`    ${x.path}`);
    if (s.commands.length > 0) {
      lines.push(`  ${t(ctx.lang, "bundle.commands")}`);
      for (const c of s.commands) lines.push(`    ${c}`);
    }
  }
  lines.push("");
  if (ctx.dryRun) lines.push(t(ctx.lang, "bundle.dryRunInstall"));
  else {
    const key: MessageKey = changed ? "bundle.installed" : "bundle.installedUnchanged";
    lines.push(t(ctx.lang, key, { version: manifest.kubernetesVersion, os: report.os.key }));
    lines.push(`  ${nextCommand(manifest)}`);
  }
  ctx.stdout.write(`${lines.join("\n")}\n`);
  return ExitCode.ok;
}

function inspectText(lang: Lang, file: string, m: BundleManifest, status?: Map<string, string>): string[] {
  const total = m.parts.reduce((n, p) => n + p.size, 0);
  const imageWidth = Math.max(0, ...m.images.map((i) => i.ref.length));
  const lines = [
    t(lang, "bundle.inspect.header", {
      file,
      version: m.kubernetesVersion,
      cni: m.cni.plugin === "none" ? "no CNI" : `${m.cni.plugin} ${m.cni.version}`,
      arch: m.arch,
      tool: m.version,
      created: m.created,
      profile: m.profile,
    }),
    t(lang, "bundle.inspect.os", {
      list:
        m.os
          .map((o) => `${o.key} (${o.held.map((h) => `${h} ${o.install[h] ?? ""}`.trim()).join(", ")})`)
          .join("; ") || "-",
    }),
    t(lang, "bundle.inspect.images", { count: m.images.length }),
    ...m.images.map(
      (i) => `  ${i.ref.padEnd(imageWidth)}${i.bytes ? `  ${humanSize(i.bytes).padStart(10)}` : ""}`,
    ),
    t(lang, "bundle.inspect.parts", { count: m.parts.length, size: humanSize(total) }),
  ];
  const width = Math.max(...m.parts.map((p) => p.path.length), 10);
  for (const p of m.parts) {
    const kind = padEndDisplay(t(lang, `bundle.inspect.kind.${p.kind}` as MessageKey), 8);
    // The verdict right after the kind: versions differ in length, so a last column would be ragged.
    const st = status
      ? ` ${padEndDisplay(t(lang, `bundle.inspect.${status.get(p.path) ?? "missing"}` as MessageKey), 8)}`
      : "";
    lines.push(
      `  ${kind}${st} ${p.path.padEnd(width)}  ${humanSize(p.size).padStart(10)}${p.version ? `  ${p.version}` : ""}`,
    );
  }
  return lines;
}

async function inspect(ctx: Context, f: ParsedFlags, file: string): Promise<number> {
  const format = outputFormat(ctx, f);
  const manifest = await readManifest(ctx.lang, file);
  const checks =
    f.verify === true ? await verifyBundle(ctx.lang, file, manifest, { signal: ctx.signal }) : undefined;
  const status = checks ? new Map(checks.map((c) => [c.part.path, c.status])) : undefined;
  const bad = checks?.filter((c) => c.status !== "ok") ?? [];
  if (format === "json") {
    ctx.stdout.write(
      `${JSON.stringify(
        {
          file,
          ...manifest,
          ...(checks
            ? {
                verified: bad.length === 0,
                checks: checks.map((c) => ({ path: c.part.path, status: c.status })),
              }
            : {}),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const lines = inspectText(ctx.lang, file, manifest, status);
    lines.push("");
    if (!checks) lines.push(t(ctx.lang, "bundle.inspect.notVerified"));
    else if (bad.length === 0) lines.push(t(ctx.lang, "bundle.inspect.allOk", { count: checks.length }));
    ctx.stdout.write(`${lines.join("\n")}\n`);
  }
  // A damaged bundle is the input's fault: exit 2, with the first bad part named.
  if (bad.length > 0) {
    const first = bad[0];
    if (first) {
      throw invalidInput(
        t(ctx.lang, "bundle.inspect.bad", {
          file,
          part: first.part.path,
          status: first.status,
          more: bad.length - 1,
        }),
        t(ctx.lang, "bundle.damagedHint"),
      );
    }
  }
  return ExitCode.ok;
}

/** `kadm-wizard bundle create|install|inspect`. */
export const run: CommandRun = async (ctx, { flags, positionals }) => {
  const sub = positionals[0] ?? "";
  const f = flags as ParsedFlags;
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) {
    throw invalidInput(
      t(ctx.lang, "bundle.usage", { value: positionals.join(" ") }),
      t(ctx.lang, "bundle.usageHint"),
    );
  }
  if (sub === "create") {
    if (positionals.length > 1) {
      throw invalidInput(
        t(ctx.lang, "bundle.usage", { value: positionals.join(" ") }),
        t(ctx.lang, "bundle.usageHint"),
      );
    }
    return create(ctx, f);
  }
  const file = positionals[1];
  if (file === undefined || positionals.length > 2) {
    throw invalidInput(t(ctx.lang, "bundle.needFile", { sub }), t(ctx.lang, "bundle.needFileHint", { sub }));
  }
  return sub === "install" ? install(ctx, f, resolve(file)) : inspect(ctx, f, resolve(file));
};
