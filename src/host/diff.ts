/**
 * A unified diff of two texts (line based, Myers-style LCS via dynamic programming on the changed
 * middle), for dry-run output. Config files are small, so the quadratic table is fine.
 */
export function unifiedDiff(path: string, before: string | undefined, after: string, context = 3): string {
  if (before === after) return "";
  const a = before === undefined ? [] : splitLines(before);
  const b = splitLines(after);
  // Trim the common head and tail so the table only covers the changed middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const ops = lcsOps(am, bm);
  const lines: { op: " " | "-" | "+"; text: string; ai: number; bi: number }[] = [];
  for (let i = 0; i < head; i++) lines.push({ op: " ", text: a[i] as string, ai: i, bi: i });
  let ai = head;
  let bi = head;
  for (const op of ops) {
    if (op === " ") lines.push({ op, text: a[ai] as string, ai: ai++, bi: bi++ });
    else if (op === "-") lines.push({ op, text: a[ai] as string, ai: ai++, bi });
    else lines.push({ op, text: b[bi] as string, ai, bi: bi++ });
  }
  for (let i = 0; i < tail; i++) lines.push({ op: " ", text: a[ai] as string, ai: ai++, bi: bi++ });

  const out = [`--- ${before === undefined ? "/dev/null" : path}`, `+++ ${path}`];
  const changed = lines.map((l, i) => (l.op !== " " ? i : -1)).filter((i) => i >= 0);
  let start = 0;
  while (start < changed.length) {
    let end = start;
    while (end + 1 < changed.length && (changed[end + 1] as number) - (changed[end] as number) <= 2 * context)
      end++;
    const from = Math.max(0, (changed[start] as number) - context);
    const to = Math.min(lines.length - 1, (changed[end] as number) + context);
    const hunk = lines.slice(from, to + 1);
    const aCount = hunk.filter((l) => l.op !== "+").length;
    const bCount = hunk.filter((l) => l.op !== "-").length;
    const aStart = aCount === 0 ? (hunk[0]?.ai ?? 0) : (hunk.find((l) => l.op !== "+")?.ai ?? 0) + 1;
    const bStart = bCount === 0 ? (hunk[0]?.bi ?? 0) : (hunk.find((l) => l.op !== "-")?.bi ?? 0) + 1;
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`);
    for (const l of hunk) out.push(`${l.op}${l.text}`);
    start = end + 1;
  }
  return `${out.join("\n")}\n`;
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function lcsOps(a: string[], b: string[]): ("-" | "+" | " ")[] {
  const n = a.length;
  const m = b.length;
  const dp = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = dp[i] as number[];
      row[j] = a[i] === b[j] ? (dp[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(dp[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const ops: ("-" | "+" | " ")[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push(" ");
      i++;
      j++;
    } else if ((dp[i + 1]?.[j] ?? 0) >= (dp[i]?.[j + 1] ?? 0)) {
      ops.push("-");
      i++;
    } else {
      ops.push("+");
      j++;
    }
  }
  while (i++ < n) ops.push("-");
  while (j++ < m) ops.push("+");
  return ops;
}
