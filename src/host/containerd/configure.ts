import { KadmError } from "../../errors.js";
import type { Lang } from "../../i18n/lang.js";
import { type Msg, render } from "../../i18n/messages.js";
import type { CgroupDriver } from "../../spec/types.js";
import type { FileChange, HostFs } from "../host-fs.js";
import { failureReason, type Runner } from "../runner.js";
import { runChange } from "../steps/types.js";
import {
  CONTAINERD_CONFIG,
  type ConfigVersion,
  ContainerdConfigError,
  DEFAULT_CERTS_DIR,
  detectVersion,
  type EditResult,
  editContainerdConfig,
  NEWEST_CONFIG_VERSION,
  type SettingChange,
} from "./config-edit.js";
import { hostsTomlPath, InvalidMirrorError, renderHostsToml } from "./hosts-toml.js";

export interface ConfigureContainerdOptions {
  runner: Runner;
  fs: HostFs;
  sandboxImage: string;
  cgroupDriver: CgroupDriver;
  /** Upstream registry host -> mirror URLs (ClusterSpec.registryMirrors). */
  registryMirrors: Record<string, string[]>;
  /** Host path of containerd's config.toml. Default /etc/containerd/config.toml. */
  configPath?: string;
  /** Host path of the hosts.toml directory, written into the config as `config_path`. Default /etc/containerd/certs.d. */
  certsDir?: string;
  lang?: Lang;
}

export interface ContainerdStepResult {
  /** Something changed (or, in dry-run, would change). */
  changed: boolean;
  /** config.toml first, then one hosts.toml per mirrored registry. */
  files: FileChange[];
  /** containerd was restarted (or, in dry-run, the restart was recorded). */
  restarted: boolean;
  /** Host-changing commands run or recorded. */
  commands: string[];
  /** Which settings of config.toml changed, with their old and new TOML values. */
  settings: SettingChange[];
  /** Localised remarks for the report. */
  notes: string[];
}

const READ_TIMEOUT_MS = 30_000;

/**
 * Configures containerd for kubeadm, idempotently: the runc cgroup driver, the sandbox (pause)
 * image and certs.d/hosts.toml registry mirrors. The new config.toml is checked with
 * `containerd config dump` before containerd is restarted; a rejected file is put back.
 * containerd is restarted only when config.toml changed: hosts.toml is read on every pull.
 */
export async function configureContainerd(o: ConfigureContainerdOptions): Promise<ContainerdStepResult> {
  const { runner, fs } = o;
  const lang = o.lang ?? "en";
  const configPath = o.configPath ?? CONTAINERD_CONFIG;
  const certsDir = o.certsDir ?? DEFAULT_CERTS_DIR;
  const notes: string[] = [];
  const note = (m: Msg) => notes.push(render(lang, m));
  const fail = (message: Msg, hint: Msg, cause?: unknown) =>
    new KadmError(render(lang, message), { hint: render(lang, hint), ...(cause ? { cause } : {}) });

  // Render every hosts.toml first: bad input stops the step before anything is written.
  const hosts: { path: string; text: string }[] = [];
  for (const registry of Object.keys(o.registryMirrors).sort()) {
    const mirrors = o.registryMirrors[registry] ?? [];
    if (mirrors.length === 0) continue;
    try {
      hosts.push({ path: hostsTomlPath(certsDir, registry), text: renderHostsToml(registry, mirrors) });
    } catch (e) {
      if (!(e instanceof InvalidMirrorError)) throw e;
      throw fail(
        e.mirror === undefined
          ? { key: "containerd.badRegistry", params: { registry } }
          : { key: "containerd.badMirror", params: { registry, mirror: e.mirror } },
        { key: "containerd.mirrorHint" },
        e,
      );
    }
  }

  // --- config.toml: the current file, or containerd's defaults when there is none.
  // A dry run on a host without containerd still plans the file (from an empty one, config version
  // 2 as Debian's/Ubuntu's containerd 1.x writes) and says so; a real run needs containerd installed.
  let notInstalled = false;
  const readOnly = async (argv: string[]) => {
    const r = await runner.run(argv, { timeoutMs: READ_TIMEOUT_MS });
    if (r.notFound && runner.dryRun) {
      notInstalled = true;
      return "";
    }
    if (r.exitCode !== 0) {
      throw fail(
        { key: "containerd.notInstalled", params: { command: r.command, reason: failureReason(r) } },
        { key: "containerd.installHint" },
      );
    }
    return r.stdout;
  };
  const current = await fs.read(configPath);
  const base = current ?? (await readOnly(["containerd", "config", "default"]));
  let versionForEmpty: ConfigVersion | undefined;
  const detected = safeDetect(base);
  if (detected && detected.version === undefined && !detected.hasPlugins) {
    versionForEmpty = notInstalled ? 2 : configVersionFor(await readOnly(["containerd", "--version"]));
  }

  let edit: EditResult;
  try {
    edit = editContainerdConfig(
      base,
      { sandboxImage: o.sandboxImage, cgroupDriver: o.cgroupDriver, configPath: certsDir },
      versionForEmpty ? { versionForEmpty } : {},
    );
  } catch (e) {
    if (!(e instanceof ContainerdConfigError)) throw e;
    const params = { path: configPath, detail: e.detail };
    const [message, hint]: [Msg, Msg] =
      e.code === "parse"
        ? [
            { key: "containerd.parse", params },
            { key: "containerd.parseHint", params },
          ]
        : e.code === "inline-table"
          ? [
              { key: "containerd.inlineTable", params },
              { key: "containerd.inlineTableHint", params },
            ]
          : e.code === "no-version"
            ? [{ key: "containerd.noVersion", params }, { key: "containerd.versionHint" }]
            : [
                { key: "containerd.unsupportedVersion", params },
                // A version from the future (containerd newer than this tool) is not the user's mistake.
                Number(/\d+/.exec(e.detail)?.[0]) > NEWEST_CONFIG_VERSION
                  ? { key: "containerd.newerVersionHint", params }
                  : { key: "containerd.versionHint" },
              ];
    throw fail(message, hint, e);
  }
  if (edit.conflicts.length > 0) {
    throw fail(
      { key: "containerd.legacyMirrors", params: { path: configPath, keys: edit.conflicts.join(", ") } },
      { key: "containerd.legacyMirrorsHint", params: { path: configPath, certsDir } },
    );
  }
  if (notInstalled) note({ key: "containerd.noteNotInstalled", params: { path: configPath } });
  else if (current === undefined)
    note({ key: "containerd.noteCreated", params: { path: configPath, version: edit.version } });

  const config = await fs.write(configPath, edit.text);
  const files: FileChange[] = [config];
  for (const h of hosts) files.push(await fs.write(h.path, h.text));

  // --- check what containerd makes of the file before restarting it.
  if (config.skipped) {
    note({ key: "containerd.noteUnverified", params: { path: configPath } });
  } else {
    const dump = await runner.run(["containerd", "--config", fs.resolve(configPath), "config", "dump"], {
      timeoutMs: READ_TIMEOUT_MS,
    });
    if (dump.exitCode !== 0) {
      const reason = failureReason(dump);
      // Putting the old file back saves the rejected one as a backup.
      const restored =
        config.changed && current !== undefined ? await fs.write(configPath, current) : undefined;
      if (dump.notFound) {
        throw fail(
          { key: "containerd.notInstalled", params: { command: dump.command, reason } },
          { key: "containerd.installHint" },
        );
      }
      if (restored) {
        throw fail(
          { key: "containerd.rejectedRestored", params: { path: configPath, reason } },
          { key: "containerd.rejectedHint", params: { path: configPath, rejected: restored.backup ?? "-" } },
        );
      }
      throw fail(
        { key: "containerd.rejected", params: { path: configPath, reason } },
        { key: "containerd.rejectedNewHint", params: { path: configPath } },
      );
    }
    for (const what of notEffective(dump.stdout, o.sandboxImage, o.cgroupDriver, certsDir)) {
      note({ key: "containerd.noteNotEffective", params: { what } });
    }
  }

  // --- restart only for config.toml: hosts.toml is read on every pull.
  const commands: string[] = [];
  if (config.changed) {
    const r = await runChange({ fs, runner, lang }, ["systemctl", "restart", "containerd"], {
      key: "containerd.restartHint",
    });
    commands.push(r.command);
  } else if (files.some((f) => f.changed)) {
    note({ key: "containerd.noteHostsOnly" });
  }

  return {
    changed: files.some((f) => f.changed) || commands.length > 0,
    files,
    restarted: commands.length > 0,
    commands,
    settings: edit.changes,
    notes,
  };
}

function safeDetect(text: string): ReturnType<typeof detectVersion> | undefined {
  try {
    return detectVersion(text);
  } catch {
    return undefined; // editContainerdConfig reports the parse error with its line.
  }
}

/** Major.minor from `containerd --version` ("containerd github.com/containerd/containerd/v2 v2.1.4 ..."). */
export function containerdRelease(versionOutput: string): { major: number; minor: number } {
  for (const token of versionOutput.trim().split(/\s+/).slice(1)) {
    const m = /^v?(\d+)\.(\d+)/.exec(token);
    if (m) return { major: Number(m[1]), minor: Number(m[2]) };
  }
  return { major: 1, minor: 0 };
}

/** Major version from `containerd --version`. */
export function containerdMajor(versionOutput: string): number {
  return containerdRelease(versionOutput).major;
}

/** The config version `containerd config default` of that release writes: 2 (1.x), 3 (2.0-2.2), 4 (2.3+). */
export function configVersionFor(versionOutput: string): ConfigVersion {
  const { major, minor } = containerdRelease(versionOutput);
  if (major < 2) return 2;
  return major === 2 && minor < 3 ? 3 : 4;
}

/** Settings missing from `containerd config dump` (overridden by an imported file, for one). */
function notEffective(dump: string, sandboxImage: string, driver: CgroupDriver, certsDir: string): string[] {
  const has = (value: string) => dump.includes(`"${value}"`) || dump.includes(`'${value}'`);
  const out: string[] = [];
  if (driver === "systemd" && !/SystemdCgroup\s*=\s*true/.test(dump)) out.push("SystemdCgroup = true");
  if (!has(sandboxImage)) out.push(sandboxImage);
  if (!has(certsDir)) out.push(`config_path = "${certsDir}"`);
  const disabled = /^disabled_plugins\s*=\s*\[([^\]]*)\]/m.exec(dump)?.[1] ?? "";
  if (/["'](cri|io\.containerd\.(grpc\.v1\.cri|cri\.v1\.runtime))["']/.test(disabled))
    out.push("the CRI plugin enabled (disabled_plugins)");
  return out;
}
