/**
 * Durations as kubectl writes them (`--timeout 90s`, `10m`, `1h`, `1h30m`, `500ms`). PURE.
 * A bare number is refused: seconds or minutes? kubectl's own flags disagree, so make the user say.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

export const DEFAULT_WAIT_TIMEOUT_MS = 10 * 60_000;
/** A day: anything longer is a typo (10h for 10m), not a wait anyone means. */
export const MAX_WAIT_TIMEOUT_MS = 24 * 3_600_000;

/** Milliseconds, or undefined when the text is not a positive duration within a day. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (!/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g))
    total += Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
  total = Math.round(total);
  return total > 0 && total <= MAX_WAIT_TIMEOUT_MS ? total : undefined;
}

/** 600000 -> "10m", 90000 -> "1m30s", 1500 -> "1.5s". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${ms}ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sec = Math.round((ms % 60_000) / 1_000);
  return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${sec ? `${sec}s` : ""}` || "0s";
}
