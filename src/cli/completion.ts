import type { Lang } from "../i18n/lang.js";
import { type CommandDef, HELP_COMMAND } from "./commands.js";
import type { OptionDef } from "./options.js";

/**
 * PURE: bash and zsh completion scripts generated from the command table, so a new command or
 * option completes without anyone editing a script.
 */

export const SHELLS = ["bash", "zsh"] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * Subcommands are the fixed words the usage line puts first (`images list|check|pull ...`,
 * `cni apply ...`): the usage text is the contract users read, so it is the single source.
 */
export function subcommands(cmd: CommandDef): string[] {
  const first = cmd.usage.slice(cmd.name.length).trim().split(/\s+/)[0] ?? "";
  return /^[a-z]+(\|[a-z]+)*$/.test(first) ? first.split("|") : [];
}

/** Fixed values offered after an option (`--cni flannel|calico|none`); none for free text. */
export function optionChoices(opt: OptionDef): string[] {
  return opt.arg && /^[a-z0-9-]+(\|[a-z0-9-]+)+$/.test(opt.arg) ? opt.arg.split("|") : [];
}

/** Options whose value is a path: the shell completes file names there. */
export function takesPath(opt: OptionDef): boolean {
  return opt.type === "string" && /\b(FILE|DIR|PATH)\b/.test(opt.arg ?? "");
}

function uniqueOptions(defs: readonly OptionDef[]): readonly OptionDef[] {
  const seen = new Set<string>();
  return defs.filter((d) => !seen.has(d.name) && seen.add(d.name));
}

function optionWords(defs: readonly OptionDef[]): string[] {
  return uniqueOptions(defs).flatMap((d) => [`--${d.name}`, ...(d.short ? [`-${d.short}`] : [])]);
}

/** bash: what to offer after each value-taking option (the same name means the same thing everywhere). */
function bashValueCases(all: readonly OptionDef[]): string[] {
  const byName = new Map<string, OptionDef>();
  for (const d of all) if (d.type === "string" && !byName.has(d.name)) byName.set(d.name, d);
  return [...byName.values()].map((d) => {
    const choices = optionChoices(d);
    const action = choices.length
      ? `COMPREPLY=($(compgen -W "${choices.join(" ")}" -- "$cur"))`
      : takesPath(d)
        ? `COMPREPLY=($(compgen -f -- "$cur"))`
        : "COMPREPLY=()";
    return `    --${d.name}) ${action}; return 0 ;;`;
  });
}

export function bashScript(commands: readonly CommandDef[], globals: readonly OptionDef[]): string {
  const all = [...globals, ...commands.flatMap((c) => c.options)];
  // Any value-taking option may come before the command (--root /x init): skip its value.
  const valueOptions = [...new Set(all.filter((g) => g.type === "string").map((g) => `--${g.name}`))];
  const names = commands.map((c) => c.name);
  const perCommand = [
    ...commands.map((c) => {
      const opts = optionWords([...c.options, ...globals]).join(" ");
      return `    ${c.name}) subs="${subcommands(c).join(" ")}"; opts="${opts}" ;;`;
    }),
    `    ${HELP_COMMAND.name}) subs="${names.join(" ")}"; opts="${optionWords(globals).join(" ")}" ;;`,
  ];
  return `# bash completion for kadm-wizard (generated from its command table by \`kadm-wizard completion bash\`)
# Load it now:      source <(kadm-wizard completion bash)
# Or for good:      kadm-wizard completion bash > /etc/bash_completion.d/kadm-wizard
_kadm_wizard() {
  local cur prev cmd="" sub="" i w subs="" opts=""
  COMPREPLY=()
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
${bashValueCases(all).join("\n")}
  esac
  # The command is the first bare word; global options may come before it (--lang zh init).
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in
      ${valueOptions.join("|")}) ((i++)) ;;
      -*) ;;
      *) if [[ -z "$cmd" ]]; then cmd="$w"; elif [[ -z "$sub" ]]; then sub="$w"; fi ;;
    esac
  done
  if [[ -z "$cmd" ]]; then
    if [[ "$cur" == -* ]]; then
      COMPREPLY=($(compgen -W "${optionWords(globals).join(" ")} --version -V" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "${[...names, HELP_COMMAND.name].join(" ")}" -- "$cur"))
    fi
    return 0
  fi
  case "$cmd" in
${perCommand.join("\n")}
    *) return 0 ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ -n "$subs" && -z "$sub" ]]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  fi
  return 0
}
complete -o default -F _kadm_wizard kadm-wizard
`;
}

/** zsh _arguments spec text: brackets, colons and quotes would end the field early. */
function zshText(s: string): string {
  return s
    .replace(/\\/g, "\\\\")
    .replace(/'/g, "'\\''")
    .replace(/([[\]:])/g, "\\$1");
}

function zshOption(d: OptionDef, lang: Lang): string {
  const names = d.short ? `{-${d.short},--${d.name}}` : `--${d.name}`;
  const repeat = d.multiple ? "*" : "";
  const head = d.short ? `'(-${d.short} --${d.name})'${repeat}${names}` : `'${repeat}${names}`;
  const open = d.short ? "'" : "";
  const desc = `[${zshText(d[lang])}]`;
  if (d.type === "boolean") return `${head}${open}${desc}'`;
  const choices = optionChoices(d);
  const label = zshText(d.arg ?? "value");
  const action = choices.length ? `(${choices.join(" ")})` : takesPath(d) ? "_files" : " ";
  return `${head}${open}${desc}:${label}:${action}'`;
}

export function zshScript(
  commands: readonly CommandDef[],
  globals: readonly OptionDef[],
  lang: Lang,
): string {
  const described = [...commands, HELP_COMMAND].map((c) => `    '${zshText(c.name)}:${zshText(c[lang])}'`);
  const globalSpecs = uniqueOptions(globals).map((g) => `    ${zshOption(g, lang)}`);
  const perCommand = commands.map((c) => {
    const subs = subcommands(c);
    const specs = uniqueOptions([...c.options, ...globals]).map((o) => zshOption(o, lang));
    if (subs.length) specs.push(`'1:subcommand:(${subs.join(" ")})'`);
    return `      ${c.name}) _arguments -s \\\n        ${specs.join(" \\\n        ")} ;;`;
  });
  perCommand.push(
    `      ${HELP_COMMAND.name}) _arguments '1:command:(${commands.map((c) => c.name).join(" ")})' ;;`,
  );
  return `#compdef kadm-wizard
# zsh completion for kadm-wizard (generated from its command table by \`kadm-wizard completion zsh\`)
# Load it now:      source <(kadm-wizard completion zsh)
# Or for good:      kadm-wizard completion zsh > "\${fpath[1]}/_kadm-wizard"
_kadm_wizard() {
  local curcontext="$curcontext" state line
  local -a commands
  commands=(
${described.join("\n")}
  )
  _arguments -C \\
${globalSpecs.join(" \\\n")} \\
    '(- *)'{-V,--version}'[${zshText(lang === "zh" ? "打印版本" : "print the version")}]' \\
    '1: :->command' \\
    '*:: :->args' && return 0
  case $state in
    command) _describe -t commands 'kadm-wizard command' commands ;;
    args)
      curcontext="\${curcontext%:*:*}:kadm-wizard-$words[1]:"
      case $words[1] in
${perCommand.join("\n")}
      esac ;;
  esac
}
if [[ "$funcstack[1]" == "_kadm_wizard" ]]; then
  _kadm_wizard "$@"
else
  compdef _kadm_wizard kadm-wizard
fi
`;
}

export function completionScript(
  shell: Shell,
  commands: readonly CommandDef[],
  globals: readonly OptionDef[],
  lang: Lang,
): string {
  return shell === "bash" ? bashScript(commands, globals) : zshScript(commands, globals, lang);
}
