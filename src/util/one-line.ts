/**
 * Text from a tool or an error as one line for a report: whitespace runs (newlines included)
 * become one space; with `max`, longer text is cut to `max` characters ending in "...". PURE.
 */
export function oneLine(text: string, max?: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return max !== undefined && line.length > max ? `${line.slice(0, max - 3)}...` : line;
}
