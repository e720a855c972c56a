/**
 * POSIX shell text for remote hosts, which have no Node.js: quoting, file writes through quoted
 * here-documents, and the marker lines the remote side prints for us to parse. PURE.
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

/**
 * A here-document delimiter that occurs in `text` on no line of its own, so the content arrives
 * byte for byte (the quoted delimiter also turns off expansion inside).
 */
export function heredocDelimiter(text: string): string {
  const lines = new Set(text.split("\n"));
  let d = "KADM_EOF";
  for (let i = 0; lines.has(d); i++) d = `KADM_EOF_${i}`;
  return d;
}

/**
 * `cmd <<'DELIM'` + text + `DELIM`. A here-document always ends its content with a newline; text
 * without one gets a marker so the remote writer strips the extra byte.
 */
export function heredoc(command: string, text: string): string {
  const d = heredocDelimiter(text);
  const body = text.endsWith("\n") ? text : `${text}\n`;
  return `${command} <<'${d}'\n${body}${d}`;
}

/** The prefix of every line the remote scripts print for us; anything else is command output. */
export const MARK = "@@kadm";

/**
 * The command that runs a step script (sent on stdin). A non-root user goes through `sudo -n`: the
 * steps change the host, and -n makes a sudo that wants a password fail at once instead of hanging.
 */
export function remoteShell(user: string): string {
  return user === "root" ? "sh -s" : "sudo -n sh -s";
}

/** sudo refused to run without a password (or the user may not use sudo). PURE. */
export function sudoRefused(stderr: string): boolean {
  return /sudo: (a password is required|a terminal is required)|is not in the sudoers file|may not run sudo|sudo: command not found|sudo: not found/.test(
    stderr,
  );
}
