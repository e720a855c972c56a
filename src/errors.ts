/** Exit codes of the CLI contract (GUIDE section 2). Scripts depend on them. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  invalid: 2,
  problemsFound: 3,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The one error type the CLI reports. `message` is already localised and fits on one line;
 * `hint` says how to fix it. The top-level handler prints both and exits with `exitCode`.
 */
export interface Problem {
  message: string;
  hint?: string | undefined;
}

export class KadmError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;
  /** Further independent problems found in the same check, each reported on its own line. */
  readonly more: Problem[];
  /** Several lines of evidence printed before the error lines (kubeadm's last lines and the diagnosis). */
  readonly report: string | undefined;

  constructor(
    message: string,
    opts: {
      hint?: string;
      exitCode?: ExitCodeValue;
      cause?: unknown;
      more?: Problem[];
      report?: string | undefined;
    } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "KadmError";
    this.exitCode = opts.exitCode ?? ExitCode.failed;
    this.hint = opts.hint;
    this.more = opts.more ?? [];
    this.report = opts.report;
  }

  get problems(): Problem[] {
    return [{ message: this.message, hint: this.hint }, ...this.more];
  }
}

/** Invalid input or usage: exit 2, nothing on the host has been touched. */
export function invalidInput(message: string, hint?: string, more: Problem[] = []): KadmError {
  return new KadmError(message, { exitCode: ExitCode.invalid, more, ...(hint ? { hint } : {}) });
}
