export type Lang = "en" | "zh";

/** `--lang` wins; otherwise LC_ALL > LC_MESSAGES > LANG, where any zh* locale means Chinese. */
export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  if (flag !== undefined) return normaliseLang(flag) ?? "en";
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return locale.toLowerCase().startsWith("zh") ? "zh" : "en";
}

export function normaliseLang(value: string): Lang | undefined {
  const v = value.toLowerCase();
  if (v === "en" || v.startsWith("en-") || v.startsWith("en_")) return "en";
  if (v === "zh" || v.startsWith("zh-") || v.startsWith("zh_") || v === "cn") return "zh";
  return undefined;
}
