import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { allOptions, COMMAND_BY_NAME, COMMANDS, type CommandDef } from "./cli/commands.js";
import { commandHelp, mainHelp } from "./cli/help.js";
import { GLOBAL_OPTIONS, toParseArgsOptions } from "./cli/options.js";
import type { Context } from "./context.js";
import { ExitCode, invalidInput, KadmError } from "./errors.js";
import { localFiles } from "./host/files.js";
import { rootedHostFs } from "./host/host-fs.js";
import { localHostInfo } from "./host/host-info.js";
import { execaRunner, type Runner } from "./host/runner.js";
import { detectLang, type Lang, normaliseLang } from "./i18n/lang.js";
import { t } from "./i18n/messages.js";
import { cryptoRandom, redactSecrets } from "./kubeadm/secrets.js";
import { binaryCommand } from "./node/binaries.js";
import { localNode } from "./node/node.js";
import { clientNodeKubeClients, globalFetch, lazySsh2, systemTempDirs } from "./ports.js";
import { inquirerPrompter } from "./prompts/inquirer.js";
import { PromptCancelled, type Prompter } from "./prompts/prompter.js";
import { didYouMean } from "./util/did-you-mean.js";
import { VERSION } from "./version.js";

export interface Io {
  stdout: Writable;
  stderr: Writable;
  stdinIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Default false (a pipe). */
  stdoutIsTTY?: boolean;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C (the launcher wires SIGINT to it). */
  signal?: AbortSignal;
}

/** Test seams: anything not given is the real thing. */
export type Overrides = Partial<Pick<Context, "files" | "host" | "rng" | "kube" | "fetch" | "tempDirs">> & {
  prompter?: Prompter;
  /** Replaces the execa runner; receives whether the run is a dry run. */
  runner?: (dryRun: boolean) => Runner;
  /** Replaces the ssh2 transport (add-node, remove-node, init --workers). */
  ssh?: Context["ssh"];
};

/** Every option that takes a value, on any command: their values are skipped when finding the command. */
const VALUE_OPTIONS = new Set(
  [...GLOBAL_OPTIONS, ...COMMANDS.flatMap((c) => c.options)]
    .filter((o) => o.type === "string")
    .map((o) => `--${o.name}`),
);

/** The command is the first bare word, skipping options and their values. */
function splitCommand(argv: string[]): { command: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") break;
    if (a.startsWith("-")) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    return { command: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { command: undefined, rest: argv };
}

function peek(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i] as string;
  return a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[i + 1];
}

/** `unknown command "intt"; did you mean "init"?` plus the list and the help hint. */
function unknownCommand(lang: Lang, name: string): KadmError {
  const names = COMMANDS.map((c) => c.name);
  const suggestion = didYouMean(name, names);
  return invalidInput(
    t(lang, "cli.unknownCommand", { value: name, suggestion: suggestion ?? "" }),
    `${names.join(", ")}; ${t(lang, "cli.helpHint", { cmd: "" })}`,
  );
}

/** An option this command does not take: the closest one it does, or the commands that take it. */
function unknownOption(cmd: CommandDef, lang: Lang, raw: string): KadmError {
  const name = raw.replace(/^--?/, "");
  const own = allOptions(cmd);
  const suggestion = raw.startsWith("--")
    ? didYouMean(
        name,
        own.map((o) => o.name),
      )
    : undefined;
  const elsewhere = COMMANDS.filter((c) => c.options.some((o) => o.name === name)).map((c) => c.name);
  // A real option of other commands is not a typo: say where it belongs.
  const message =
    raw.startsWith("--") && elsewhere.length > 0
      ? t(lang, "cli.optionNotHere", { option: raw, cmd: cmd.name, commands: elsewhere.join(", ") })
      : t(lang, "cli.unknownOption", { option: raw, suggestion: suggestion ? `--${suggestion}` : "" });
  return invalidInput(message, t(lang, "cli.helpHint", { cmd: `${cmd.name} ` }));
}

/**
 * parseArgs, with every refusal in the user's language: the tokens are checked first (unknown
 * option with "did you mean", missing value, a value given to a switch, a stray argument), so
 * parseArgs' own English messages are never shown.
 */
function parseCommandArgs(cmd: CommandDef, argv: string[], lang: Lang) {
  const defs = allOptions(cmd);
  const options = toParseArgsOptions(defs);
  const hint = t(lang, "cli.helpHint", { cmd: `${cmd.name} ` });
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  for (const tok of tokens) {
    if (tok.kind === "positional") {
      if (cmd.positionals !== true)
        throw invalidInput(t(lang, "cli.unexpectedArg", { value: tok.value }), hint);
      continue;
    }
    if (tok.kind !== "option") continue;
    const def = options[tok.name];
    if (!def) throw unknownOption(cmd, lang, tok.rawName);
    const shown = `--${tok.name}`;
    if (def.type === "boolean" && tok.value !== undefined) {
      throw invalidInput(t(lang, "cli.noValue", { option: shown }), hint);
    }
    // `--k8s-version --yes`: the next option is not a value (write --opt=-x for one that starts with -).
    if (
      def.type === "string" &&
      (tok.value === undefined || (!tok.inlineValue && tok.value.startsWith("-")))
    ) {
      throw invalidInput(
        t(lang, "cli.missingValue", { option: shown }),
        t(lang, "cli.missingValueHint", { option: shown }),
      );
    }
  }
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      strict: true,
      allowPositionals: cmd.positionals === true,
    });
    return { flags: values as Record<string, unknown>, positionals };
  } catch (e) {
    // Whatever the checks above did not foresee (e.g. "-ay"): still one localised line.
    const raw = /'([^']+)'/.exec((e as Error).message)?.[1] ?? argv.join(" ");
    throw invalidInput(t(lang, "cli.badArgs", { value: raw }), hint);
  }
}

function paint(color: boolean, code: number, s: string): string {
  return color ? `\u001b[${code}m${s}\u001b[0m` : s;
}

/** Runs the CLI; returns the exit code instead of exiting so tests can call it in-process. */
export async function main(argv: string[], io: Io, overrides: Overrides = {}): Promise<number> {
  const lang = detectLang(peek(argv, "lang"), io.env);
  const verbose = argv.includes("--verbose") || argv.includes("-v");
  const color = io.stderrIsTTY && !argv.includes("--no-color") && !io.env.NO_COLOR;
  const errorPrefix = paint(color, 31, lang === "zh" ? "错误：" : "error: ");
  const fixPrefix = lang === "zh" ? " 解决方法：" : " Fix: ";

  try {
    const langArg = argv.some((a) => a === "--lang" || a.startsWith("--lang="))
      ? (peek(argv, "lang") ?? "")
      : undefined;
    if (langArg !== undefined) {
      if (langArg === "" || langArg.startsWith("-")) {
        throw invalidInput(t(lang, "cli.missingValue", { option: "--lang" }), t(lang, "cli.badLangHint"));
      }
      if (!normaliseLang(langArg)) {
        throw invalidInput(t(lang, "cli.badLang", { value: langArg }), t(lang, "cli.badLangHint"));
      }
    }
    const { command, rest } = splitCommand(argv);
    if (command === undefined) {
      if (argv.includes("--version") || argv.includes("-V")) {
        io.stdout.write(`kadm-wizard ${VERSION}\n`);
        return ExitCode.ok;
      }
      const unknown = argv.find(
        (a) =>
          a.startsWith("-") &&
          !["--help", "-h", "--verbose", "-v", "--no-color"].includes(a) &&
          !VALUE_OPTIONS.has(a),
      );
      if (unknown && !argv.includes("--help") && !argv.includes("-h")) {
        const suggestion = unknown.startsWith("--")
          ? didYouMean(unknown.slice(2), [...GLOBAL_OPTIONS.map((o) => o.name), "version"])
          : undefined;
        throw invalidInput(
          t(lang, "cli.unknownOption", { option: unknown, suggestion: suggestion ? `--${suggestion}` : "" }),
          t(lang, "cli.helpHint", { cmd: "" }),
        );
      }
      io.stdout.write(mainHelp(lang, VERSION));
      return ExitCode.ok;
    }
    if (command === "help") {
      // `help [COMMAND]`: the same text as `--help` / `COMMAND --help`.
      const topic = splitCommand(rest).command;
      if (topic === undefined) {
        io.stdout.write(mainHelp(lang, VERSION));
        return ExitCode.ok;
      }
      const about = COMMAND_BY_NAME.get(topic);
      if (!about) throw unknownCommand(lang, topic);
      io.stdout.write(commandHelp(about, lang));
      return ExitCode.ok;
    }
    const cmd = COMMAND_BY_NAME.get(command);
    if (!cmd) throw unknownCommand(lang, command);
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout.write(commandHelp(cmd, lang));
      return ExitCode.ok;
    }
    if (!cmd.load) {
      throw invalidInput(
        t(lang, "cli.notImplemented", { cmd: cmd.name, version: VERSION }),
        t(lang, "cli.notImplementedHint"),
      );
    }
    let argvForCmd = rest;
    let pasted: string[] = [];
    if (cmd.pastedJoin) {
      const { splitPastedJoin } = await import("./cli/join-args.js");
      ({ ours: argvForCmd, pasted } = splitPastedJoin(rest, allOptions(cmd)));
    }
    const parsed = parseCommandArgs(cmd, argvForCmd, lang);
    const flags = parsed.flags;
    const positionals = cmd.pastedJoin ? [...parsed.positionals, ...pasted] : parsed.positionals;
    let prompter: Prompter | undefined = overrides.prompter;
    const dryRun = flags["dry-run"] === true;
    const root = typeof flags.root === "string" ? flags.root : "/";
    const log = (line: string) => {
      if (verbose) io.stderr.write(`${line}\n`);
    };
    const runner = overrides.runner?.(dryRun) ?? execaRunner({ dryRun, log });
    const hostFs = rootedHostFs({ root, dryRun, lang });
    const ctx: Context = {
      lang,
      verbose,
      color,
      root,
      dryRun,
      env: io.env,
      stdout: io.stdout,
      stderr: io.stderr,
      stderrIsTTY: io.stderrIsTTY,
      stdoutIsTTY: io.stdoutIsTTY === true,
      canPrompt: flags.yes !== true && io.stdinIsTTY && io.stderrIsTTY && !io.env.CI,
      files: overrides.files ?? localFiles,
      host: overrides.host ?? localHostInfo,
      rng: overrides.rng ?? cryptoRandom,
      node: localNode(hostFs, runner),
      // The one binary rule (node/binaries.ts): --kubeadm as given, else found under the root.
      kubeadmPath: await binaryCommand(
        { fs: hostFs },
        "kubeadm",
        typeof flags.kubeadm === "string" ? flags.kubeadm : undefined,
      ),
      kube: overrides.kube ?? clientNodeKubeClients({ root, env: io.env }),
      ssh: overrides.ssh ?? lazySsh2,
      fetch: overrides.fetch ?? globalFetch,
      tempDirs: overrides.tempDirs ?? systemTempDirs,
      signal: io.signal ?? new AbortController().signal,
      prompter: () => {
        prompter ??= inquirerPrompter(io.stderr, undefined, { lang, color });
        return prompter;
      },
      warn: (text) => io.stderr.write(`${paint(color, 33, t(lang, "cli.warning", { text }))}\n`),
    };
    const { run } = await cmd.load();
    return await run(ctx, { flags, positionals });
  } catch (e) {
    // Ctrl-C at a question outside the wizard (reset's confirmation, an SSH password): the user
    // stopped it, not a bug. Such questions come before any change.
    if (e instanceof PromptCancelled) {
      io.stderr.write(`${errorPrefix}${t(lang, "cli.interrupted")}\n`);
      return ExitCode.interrupted;
    }
    if (e instanceof KadmError) {
      if (e.report) io.stderr.write(`${redactSecrets(e.report.replace(/\n*$/, ""))}\n\n`);
      for (const p of e.problems) {
        io.stderr.write(
          `${errorPrefix}${redactSecrets(p.message)}${p.hint ? `${fixPrefix}${p.hint}` : ""}\n`,
        );
      }
      if (verbose && e.stack) io.stderr.write(`${e.stack}\n`);
      return e.exitCode;
    }
    const reason = e instanceof Error ? e.message : String(e);
    io.stderr.write(
      `${errorPrefix}${t(lang, "cli.internal", { reason: redactSecrets(reason) })}${fixPrefix}${t(lang, "cli.internalHint")}\n`,
    );
    if (verbose && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return ExitCode.failed;
  }
}
