import type { CommandRun } from "../cli/commands.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { ADMIN_CONF } from "../host/kubeconfig-copy.js";
import { failureReason } from "../host/runner.js";
import { render, t } from "../i18n/messages.js";
import { diagnose } from "../kubeadm/diagnose.js";
import { extractJoinCommands, formatJoinCommand, parseJoinCommand } from "../kubeadm/join-command.js";
import { generateCertificateKey } from "../kubeadm/secrets.js";
import type { ParsedFlags } from "../spec/flags.js";
import { joinCommandsFile } from "../tasks/summary.js";
import { isGoDuration } from "../validate/names.js";
import { JOIN_COMMANDS_PATH, outputFormat } from "./init.js";

/**
 * `kadm-wizard token [--control-plane]`: a fresh bootstrap token and the join command for it
 * (`kubeadm token create --print-join-command`); for control planes the certificates are uploaded
 * again with a new key (they are deleted 2 hours after an upload).
 */
export const run: CommandRun = async (ctx, { flags }) => {
  const output = outputFormat(ctx, flags as ParsedFlags);
  const ttl = typeof flags["token-ttl"] === "string" ? flags["token-ttl"] : undefined;
  // Input first: a bad value is the user's to fix wherever this runs, control plane or not.
  if (ttl !== undefined && !isGoDuration(ttl)) {
    throw invalidInput(t(ctx.lang, "input.tokenTtl", { value: ttl }), t(ctx.lang, "input.tokenTtlHint"));
  }
  if (!(await ctx.hostFs.exists(ADMIN_CONF))) {
    throw new KadmError(t(ctx.lang, "token.notControlPlane", { path: ADMIN_CONF }), {
      hint: t(ctx.lang, "token.notControlPlaneHint"),
    });
  }
  const controlPlane = flags["control-plane"] === true;
  const key = controlPlane ? generateCertificateKey(ctx.rng) : undefined;
  const secrets = key ? [key] : [];
  const kubeadm = async (args: string[]) => {
    const r = await ctx.runner.run([ctx.kubeadmPath, ...args], {
      changes: true,
      timeoutMs: 120_000,
      secrets,
    });
    if (r.exitCode !== 0 && !r.skipped) {
      const text = `${r.stdout}\n${r.stderr}`;
      const d = r.notFound ? [] : diagnose(text, r.exitCode);
      const report = d.map(
        (x) =>
          `  ✗ ${render(ctx.lang, x.explain as never)}\n    ${t(ctx.lang, "run.fix")}: ${render(ctx.lang, x.fix as never)}`,
      );
      throw new KadmError(t(ctx.lang, "token.failed", { command: r.command, reason: failureReason(r) }), {
        hint: t(ctx.lang, r.notFound ? "run.kubeadmMissingHint" : "token.failedHint"),
        ...(report.length > 0 ? { report: report.join("\n") } : {}),
      });
    }
    return r;
  };

  if (key) await kubeadm(["init", "phase", "upload-certs", "--upload-certs", "--certificate-key", key]);
  const r = await kubeadm([
    "token",
    "create",
    "--print-join-command",
    ...(ttl ? ["--ttl", ttl] : []),
    ...(key ? ["--certificate-key", key] : []),
  ]);
  if (r.skipped) {
    ctx.stdout.write(`${t(ctx.lang, "init.recordedCommands")}:\n`);
    for (const c of ctx.runner.recorded) ctx.stdout.write(`  $ ${c}\n`);
    ctx.stdout.write(`${t(ctx.lang, "prepare.dryRunDone")}\n`);
    return ExitCode.ok;
  }
  const [line] = extractJoinCommands(r.stdout);
  const parsed = line ? parseJoinCommand(line) : undefined;
  if (!parsed?.ok) {
    throw new KadmError(
      t(ctx.lang, "token.unparsable", { output: r.stdout.trim().split("\n").at(-1) ?? "" }),
      {
        hint: t(ctx.lang, "token.failedHint"),
      },
    );
  }
  const j = parsed.join;
  const raw = formatJoinCommand(j, { kadm: false });
  const kadm = formatJoinCommand(j, { kadm: true });
  await ctx.hostFs.write(
    JOIN_COMMANDS_PATH,
    joinCommandsFile(controlPlane ? { controlPlane: raw } : { worker: raw }),
    { mode: 0o600 },
  );
  if (output === "json") {
    ctx.stdout.write(`${JSON.stringify({ controlPlane, kadmWizard: kadm, kubeadm: raw }, null, 2)}\n`);
    return ExitCode.ok;
  }
  ctx.stdout.write(
    [
      t(ctx.lang, controlPlane ? "init.summary.joinControlPlane" : "init.summary.joinWorker"),
      "",
      `  ${kadm}`,
      "",
      t(ctx.lang, "init.summary.rawForm"),
      `  ${raw}`,
      "",
      t(ctx.lang, controlPlane ? "init.summary.certKeyTtl" : "init.summary.tokenTtl"),
      "",
    ].join("\n"),
  );
  return ExitCode.ok;
};
