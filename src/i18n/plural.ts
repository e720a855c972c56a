/**
 * PURE: an English count with its noun in the right number ("1 error", "2 errors"). Chinese has no
 * plural, so zh entries write the count as is; only en entries call this.
 */
export function plural(n: string | number | undefined, one: string, many = `${one}s`): string {
  return `${n} ${Number(n) === 1 ? one : many}`;
}

/** The noun alone, for "N of M hosts" where the count is written elsewhere. */
export function noun(n: string | number | undefined, one: string, many = `${one}s`): string {
  return Number(n) === 1 ? one : many;
}
