/**
 * PURE: the one "did you mean" rule, shared by answers-file keys, command names and options.
 */

/** Levenshtein distance (insert, delete, substitute: 1 each). */
function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] as number;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] as number;
      dp[j] = Math.min(
        (dp[j] as number) + 1,
        (dp[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return dp[b.length] as number;
}

/**
 * The candidate the user most likely meant, or undefined when none is close. Case-insensitive; a
 * truncated word of 4+ characters ("imageRepo", "--dry") counts as a typo of what it starts.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const list = [...candidates];
  const truncated = w.length >= 4 ? list.find((c) => c.toLowerCase().startsWith(w)) : undefined;
  if (truncated) return truncated;
  let best: { c: string; d: number } | undefined;
  for (const c of list) {
    const d = editDistance(w, c.toLowerCase());
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d <= Math.max(2, Math.floor(word.length / 4)) ? best.c : undefined;
}
