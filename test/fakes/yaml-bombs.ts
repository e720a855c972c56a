/** The classic: ten levels of nine aliases each, 10^9 "lol"s from well under 10 KB of text. */
export function billionLaughs(): string {
  let s = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < 10; i++)
    s += `a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(", ")}]\n`;
  return `${s}kind: ConfigMap\n`;
}
