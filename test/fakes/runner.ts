import { displayCommand, type Runner, type RunOptions, type RunResult } from "../../src/host/runner.js";

export type Reply = Partial<Omit<RunResult, "command">>;

/** Shorthand for a binary that is not installed. */
export const NOT_FOUND: Reply = { exitCode: 127, notFound: true };

/** A command the fake runner holds until the test lets it go (to interrupt a run at that point). */
export interface Gate {
  /** Resolves with the command's options once the command has started. */
  reached: Promise<RunOptions>;
  /** Lets the command end, with this reply (default: the scripted one). */
  release(reply?: Reply): void;
}

/**
 * A Runner that answers from a table keyed by the command line, records every call, and honours
 * dry-run like the real one (host-changing commands are recorded, not "run").
 */
export class FakeRunner implements Runner {
  readonly calls: { argv: string[]; opts: RunOptions }[] = [];
  readonly recorded: string[] = [];
  private readonly gates = new Map<
    string,
    { reached: (o: RunOptions) => void; released: Promise<Reply | undefined> }
  >();
  constructor(
    private readonly replies: Record<string, Reply | ((argv: string[]) => Reply)> = {},
    readonly dryRun = false,
    /** What a command nobody scripted does: succeed silently, or be "not installed". */
    private readonly unscripted: Reply = {},
    /**
     * The host root the code under test runs binaries from (node/binaries.ts runs `<root>/usr/bin/kubelet`):
     * replies are keyed by the host path (`/usr/bin/kubelet --version`), as the host itself would see it.
     */
    private readonly root?: string,
  ) {}

  /** argv joined by spaces, with a binary under `root` named by its host path. */
  private key(argv: readonly string[]): string {
    const [first = "", ...rest] = argv;
    const root = this.root?.replace(/\/+$/, "");
    const hostFirst = root && first.startsWith(`${root}/`) ? first.slice(root.length) : first;
    return [hostFirst, ...rest].join(" ");
  }

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
    const line = this.key(argv);
    const gate = this.gates.get(line);
    let held: Reply | undefined;
    if (gate) {
      this.gates.delete(line);
      gate.reached(opts);
      // A command the caller cancels (opts.signal) dies of it, as execa's cancelSignal kills it.
      const cancelled = new Promise<Reply>((resolve) => {
        const sig = opts.signal;
        if (!sig) return;
        const kill = () => resolve({ exitCode: 143, signal: "SIGTERM", stderr: "" });
        if (sig.aborted) kill();
        else sig.addEventListener("abort", kill, { once: true });
      });
      held = await Promise.race([gate.released, cancelled]);
    }
    const reply = this.replies[line];
    const r = held ?? (typeof reply === "function" ? reply([...argv]) : (reply ?? this.unscripted));
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

  /** Holds the next run of `command` (argv joined by spaces) until the gate is released. */
  gate(command: string): Gate {
    let reached: (o: RunOptions) => void = () => {};
    let release: (r: Reply | undefined) => void = () => {};
    const gate: Gate = {
      reached: new Promise((r) => {
        reached = r;
      }),
      release: (r) => release(r),
    };
    this.gates.set(command, {
      reached: (o) => reached(o),
      released: new Promise((r) => {
        release = r;
      }),
    });
    return gate;
  }

  /** Command lines that were run (or recorded) and change the host. */
  get changes(): string[] {
    return this.calls.filter((c) => c.opts.changes).map((c) => this.key(c.argv));
  }
}
