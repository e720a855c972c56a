/**
 * What a typed answer to a yes/no question means, in either language. PURE. inquirer's own confirm
 * takes anything that is not y/yes/n/no as the default, so "否" to a question defaulting to yes
 * would have been a yes: here an answer that is neither is refused and asked again.
 */
const YES = new Set(["y", "yes", "是", "是的", "好", "对"]);
const NO = new Set(["n", "no", "否", "不", "不是", "不要"]);

/** true/false, "default" for an empty answer, undefined when it is neither. */
export function parseYesNo(answer: string): boolean | "default" | undefined {
  const a = answer.trim().toLowerCase();
  if (a === "") return "default";
  if (YES.has(a)) return true;
  if (NO.has(a)) return false;
  return undefined;
}
