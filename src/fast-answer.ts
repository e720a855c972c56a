/**
 * A plain `--version` or `--help` (or no argument) answered from precomputed text, before the CLI is
 * evaluated: start-up time is mostly Node.js itself, so these must not load anything. The language
 * rule is detectLang's; tests compare the answers with the CLI's own output.
 */
export interface FastTexts {
  version: string;
  help?: { en: string; zh: string } | undefined;
}

export function fastAnswer(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  texts: FastTexts | undefined,
): string | undefined {
  if (!texts) return undefined;
  const arg = args.length === 0 ? "--help" : args.length === 1 ? args[0] : undefined;
  if (arg === "--version" || arg === "-V") return `kadm-wizard ${texts.version}\n`;
  if ((arg === "--help" || arg === "-h") && texts.help) {
    const zh = (env.LC_ALL || env.LC_MESSAGES || env.LANG || "").toLowerCase().startsWith("zh");
    return texts.help[zh ? "zh" : "en"];
  }
  return undefined;
}
