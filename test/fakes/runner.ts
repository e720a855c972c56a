import { displayCommand, type Runner, type RunOptions, type RunResult } from "../../src/host/runner.js";

export type Reply = Partial<Omit<RunResult, "command">>;

/** Shorthand for a binary that is not installed. */
export const NOT_FOUND: Reply = { exitCode: 127, notFound: true };

/**
 * A Runner that answers from a table keyed by the command line, records every call, and honours
 * dry-run like the real one (host-changing commands are recorded, not "run").
 */
export class FakeRunner implements Runner {
  readonly calls: { argv: string[]; opts: RunOptions }[] = [];
  readonly recorded: string[] = [];
  constructor(
    private readonly replies: Record<string, Reply | ((argv: string[]) => Reply)> = {},
    readonly dryRun = false,
    /** What a command nobody scripted does: succeed silently, or be "not installed". */
    private readonly unscripted: Reply = {},
  ) {}

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const command = displayCommand(argv, opts.secrets);
    this.calls.push({ argv: [...argv], opts });
    if (this.dryRun && opts.changes) {
      this.recorded.push(command);
      return {
        command,
        exitCode: 0,
        stdout: "",
        stderr: "",
        timedOut: false,
        skipped: true,
        notFound: false,
      };
    }
    const reply = this.replies[argv.join(" ")];
    const r = typeof reply === "function" ? reply([...argv]) : (reply ?? this.unscripted);
    return {
      command,
      exitCode: 0,
      stdout: "",
      stderr: "",
      timedOut: false,
      skipped: false,
      notFound: false,
      ...r,
    };
  }

  /** Command lines that were run (or recorded) and change the host. */
  get changes(): string[] {
    return this.calls.filter((c) => c.opts.changes).map((c) => c.argv.join(" "));
  }
}
