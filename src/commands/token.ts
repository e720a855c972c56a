import type { CommandRun } from "../cli/commands.js";
import { outputFormat } from "../cli/flag-values.js";
import type { Context } from "../context.js";
import { ExitCode, invalidInput, KadmError } from "../errors.js";
import { ADMIN_CONF } from "../host/kubeconfig-copy.js";
import { readKubeadmVersion } from "../host/preflight/kube-versions.js";
import { failureReason } from "../host/runner.js";
import { withSecretFile } from "../host/secret-file.js";
import { render, t } from "../i18n/messages.js";
import { diagnose } from "../kubeadm/diagnose.js";
import { type UploadCertsCluster, uploadCertsDocuments } from "../kubeadm/documents.js";
import { extractJoinCommands, formatJoinCommand, parseJoinCommand } from "../kubeadm/join-command.js";
import { parseDocuments, renderDocuments } from "../kubeadm/render.js";
import { generateCertificateKey } from "../kubeadm/secrets.js";
import { CONFIG_PATH, JOIN_COMMANDS_PATH } from "../state/run-state.js";
import { type HostTask, runHostTasks } from "../tasks/host-tasks.js";
import { joinCommandsFile } from "../tasks/summary.js";
import { isGoDuration } from "../validate/names.js";

/** The certificate settings of the ClusterConfiguration init saved, if this node has one that parses. */
async function savedCluster(ctx: Context): Promise<UploadCertsCluster | undefined> {
  const text = await ctx.node.fs.read(CONFIG_PATH);
  if (text === undefined) return undefined;
  try {
    const c = parseDocuments(text).find((d) => d.kind === "ClusterConfiguration");
    const etcd = c?.etcd as { external?: Record<string, unknown> } | undefined;
    return {
      ...(typeof c?.certificatesDir === "string" ? { certificatesDir: c.certificatesDir } : {}),
      ...(etcd?.external ? { etcdExternal: etcd.external } : {}),
    };
  } catch {
    return undefined; // not ours to judge here; kubeadm's defaults apply
  }
}

/**
 * `kadm-wizard token [--control-plane]`: a fresh bootstrap token and the join command for it
 * (`kubeadm token create --print-join-command`); for control planes the certificates are uploaded
 * again with a new key (they are deleted 2 hours after an upload). The key never reaches an argv:
 * upload-certs reads it from a private --config file, and the control-plane command is the
 * printed worker command + `--control-plane --certificate-key K`, exactly what kubeadm's
 * GetJoinControlPlaneCommand adds.
 */
export const run: CommandRun<"token"> = async (ctx, { flags }) => {
  const output = outputFormat(ctx, flags);
  const ttl = flags["token-ttl"];
  // Input first: a bad value is the user's to fix wherever this runs, control plane or not.
  if (ttl !== undefined && !isGoDuration(ttl)) {
    throw invalidInput(t(ctx.lang, "input.tokenTtl", { value: ttl }), t(ctx.lang, "input.tokenTtlHint"));
  }
  if (!(await ctx.node.fs.exists(ADMIN_CONF))) {
    throw new KadmError(t(ctx.lang, "token.notControlPlane", { path: ADMIN_CONF }), {
      hint: t(ctx.lang, "token.notControlPlaneHint"),
    });
  }
  const controlPlane = flags["control-plane"] === true;
  const key = controlPlane ? generateCertificateKey(ctx.rng) : undefined;
  const secrets = key ? [key] : [];
  const kubeadm = async (args: string[]) => {
    const r = await ctx.node.runner.run([ctx.kubeadmPath, ...args], {
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

  // Ctrl-C: each kubeadm call finishes (a token half-made is worse than one made); nothing after
  // it starts, except that a token already created is still saved and printed, not lost.
  let created: Awaited<ReturnType<typeof kubeadm>> | undefined;
  let joinLine: { raw: string; kadm: string } | undefined;
  const tasks: HostTask[] = [];
  if (key) {
    tasks.push({
      title: t(ctx.lang, "token.step.upload"),
      run: async () => {
        const docs = uploadCertsDocuments({
          certificateKey: key,
          // kubeadm's own release decides which kubeadm API its config file speaks
          kubeadmVersion: (await readKubeadmVersion(ctx.node.runner, ctx.kubeadmPath))?.text,
          cluster: await savedCluster(ctx),
        });
        const header = [
          "certificate key for kubeadm init phase upload-certs (kadm-wizard token); removed after use",
        ];
        await withSecretFile(
          ctx.node.fs,
          ctx.tempDirs,
          "upload-certs.yaml",
          renderDocuments(docs, header),
          (file) =>
            kubeadm([
              "init",
              "phase",
              "upload-certs",
              "--upload-certs",
              "--skip-certificate-key-print",
              "--config",
              file,
            ]),
        );
        return undefined;
      },
    });
  }
  tasks.push({
    title: t(ctx.lang, "token.step.create"),
    run: async () => {
      created = await kubeadm(["token", "create", "--print-join-command", ...(ttl ? ["--ttl", ttl] : [])]);
      if (created.skipped) return undefined;
      const [line] = extractJoinCommands(created.stdout);
      const parsed = line ? parseJoinCommand(line) : undefined;
      if (!parsed?.ok) {
        throw new KadmError(
          t(ctx.lang, "token.unparsable", { output: created.stdout.trim().split("\n").at(-1) ?? "" }),
          { hint: t(ctx.lang, "token.failedHint") },
        );
      }
      // The key never went to kubeadm's argv: the control-plane line is built as kubeadm builds it.
      const j = key ? { ...parsed.join, controlPlane: true, certificateKey: key } : parsed.join;
      joinLine = { raw: formatJoinCommand(j, { kadm: false }), kadm: formatJoinCommand(j, { kadm: true }) };
      // Saved at once: an interruption right after must not lose the token.
      await ctx.node.fs.write(
        JOIN_COMMANDS_PATH,
        joinCommandsFile(controlPlane ? { controlPlane: joinLine.raw } : { worker: joinLine.raw }),
        { mode: 0o600 },
      );
      return undefined;
    },
  });
  await runHostTasks(ctx, tasks, {
    again: `kadm-wizard token${controlPlane ? " --control-plane" : ""}`,
    quiet: output === "json",
    report: () => (joinLine ? `${joinLine.kadm}\n${joinLine.raw}` : ""),
  });
  if (created?.skipped || !joinLine) {
    ctx.stdout.write(`${t(ctx.lang, "init.recordedCommands")}:\n`);
    for (const c of ctx.node.runner.recorded) ctx.stdout.write(`  $ ${c}\n`);
    ctx.stdout.write(`${t(ctx.lang, "prepare.dryRunDone")}\n`);
    return ExitCode.ok;
  }
  const { raw, kadm } = joinLine;
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
