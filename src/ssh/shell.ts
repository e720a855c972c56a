/**
 * POSIX shell text for remote hosts: the quoting of an argv for the one command line an SSH exec
 * channel takes, and how sudo's refusals read. PURE.
 */

/** Quotes one argument for a POSIX shell: safe words stay bare, anything else in single quotes. */
export function shQuote(a: string): string {
  if (a !== "" && /^[A-Za-z0-9_./:=@%+,-]+$/.test(a)) return a;
  return `'${a.replaceAll("'", `'\\''`)}'`;
}

/** An argv array as one shell command line, every word quoted. */
export function shArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error("empty argv");
  return argv.map(shQuote).join(" ");
}

/** Environment variable names a script may export (no injection through the name). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** sudo refused to run without a password (or the user may not use sudo). PURE. */
export function sudoRefused(stderr: string): boolean {
  return /sudo: (a password is required|a terminal is required)|is not in the sudoers file|may not run sudo|sudo: command not found|sudo: not found/.test(
    stderr,
  );
}
