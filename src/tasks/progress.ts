import type { Writable } from "node:stream";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { nodeLine } from "../i18n/roles.js";

/** One line of progress: runs, may retitle itself while running, returns its final title. */
export interface ProgressTask {
  title: string;
  /**
   * The work. `setOutput` shows a detail line under the task (the latest kubeadm line). With
   * `subtasks`, it runs after all of them finished (to record or summarise what they did).
   */
  run(setTitle: (title: string) => void, setOutput: (line: string) => void): Promise<string | undefined>;
  /** Nested tasks shown under this one (e.g. one per image). */
  subtasks?: ProgressTask[];
  /**
   * Put before each output line when lines are logged one after the other (not a terminal): there
   * the lines of tasks running side by side (one per host) interleave and would not say whose they
   * are. On a terminal a line sits under its task and is shown as it is.
   */
  linePrefix?: string;
  /** Asked when the task's turn comes: a reason not to run it (drawn as skipped), or undefined. */
  skip?: () => string | undefined;
  concurrent?: boolean;
}

export interface ProgressOptions {
  stream: Writable;
  /** Animated tree on a terminal; line-per-event logs otherwise (CI, pipes); nothing when quiet. */
  mode: "default" | "simple" | "verbose" | "silent";
  concurrent?: boolean;
  /**
   * false: a failing top-level task is drawn as failed but does not stop its siblings (independent
   * jobs such as one pull per image); the caller looks at the results. Default true: the first
   * failure stops the run and is rethrown.
   */
  exitOnError?: boolean;
  /** The words listr2 adds itself ("[FAILED: ...]"); English when absent. */
  lang?: Lang;
}

const LISTR_WORDS = {
  FAILED: "progress.failed",
  SKIPPED: "progress.skipped",
  ROLLBACK: "progress.rollback",
  RETRY: "progress.retry",
  PAUSED: "progress.paused",
} as const;

/**
 * PURE: a listr2 suffix field ("FAILED: reason", "RETRY:2") in the user's language. listr2 builds
 * these from its ListrLogLevels names; the logger's wrap() is where every one passes.
 */
export function localiseListrField(lang: Lang, field: string): string {
  const m = /^(FAILED|SKIPPED|ROLLBACK|RETRY|PAUSED)(?::\s?(.*))?$/s.exec(field);
  if (!m || lang === "en") return field;
  const word = t(lang, LISTR_WORDS[m[1] as keyof typeof LISTR_WORDS]);
  return m[2] === undefined ? word : `${word}：${m[2]}`;
}

export function progressMode(o: {
  tty: boolean;
  verbose: boolean;
  quiet?: boolean;
}): ProgressOptions["mode"] {
  if (o.quiet) return "silent";
  if (o.verbose) return "verbose";
  return o.tty ? "default" : "simple";
}

/**
 * listr2 behind a small interface: commands describe tasks, this decides how they are drawn.
 * Loaded lazily so `--help` never pays for it. The first failure stops the run and is rethrown.
 */
export async function runWithProgress(tasks: ProgressTask[], opts: ProgressOptions): Promise<void> {
  const { Listr, ListrLogger, ProcessOutput, DefaultRenderer } = await import("listr2");
  const stream = opts.stream as NodeJS.WriteStream;
  const lang = opts.lang ?? "en";
  // Subclassed for two reasons: listr2's own words (the suffix fields) in the user's language; and
  // the line renderer logs a failure even for an untitled task, as "✖ [FAILED: ...]" with no name.
  // Untitled tasks are our plumbing (the subtask group below); the titled task above them reports
  // the same failure, so theirs is dropped.
  class Logger extends ListrLogger {
    override log(level: string, message: string | unknown[], options?: object): void {
      if (level === "FAILED" && (message === undefined || message === "")) return;
      super.log(level as never, message as never, options as never);
    }
    override wrap(...[message, options]: Parameters<InstanceType<typeof ListrLogger>["wrap"]>): string {
      return super.wrap(message ? localiseListrField(lang, message) : message, options);
    }
  }
  const logger = new Logger({ processOutput: new ProcessOutput(stream, stream) });
  type Def = {
    title: string;
    skip?: () => string | false;
    task: (ctx: unknown, t: { title: string; output: string; newListr: unknown }) => unknown;
  };
  const toListr = (list: ProgressTask[]): Def[] =>
    list.map((pt) => ({
      title: pt.title,
      ...(pt.skip ? { skip: () => pt.skip?.() ?? false } : {}),
      task: async (_ctx, task) => {
        const finish = async () => {
          const final = await pt.run(
            (title) => {
              task.title = title;
            },
            (line) => {
              task.output =
                line && pt.linePrefix && opts.mode !== "default" ? nodeLine(lang, pt.linePrefix, line) : line;
            },
          );
          if (final) task.title = final;
        };
        const subtasks = pt.subtasks;
        if (!subtasks) return finish();
        // Subtasks must be *returned* to listr2, never `.run()` here: a nested run starts a second
        // renderer on the same output, and the default (terminal) renderer then throws
        // "ProcessOutput has been already hijacked!". An untitled group keeps the subtasks at this
        // level; a failing subtask does not stop its siblings, then `finish` runs (untitled, so not
        // drawn) and its error fails this task.
        // biome-ignore lint/suspicious/noExplicitAny: listr2's generic task types do not survive this adapter.
        const t = task as any;
        return t.newListr(
          [
            {
              task: (_c: unknown, group: { newListr: (...a: unknown[]) => unknown }) =>
                group.newListr(
                  toListr(subtasks).map((d) => ({ ...d, exitOnError: false })),
                  { concurrent: pt.concurrent ?? false, exitOnError: true },
                ),
            },
            { task: finish },
          ],
          { concurrent: false, exitOnError: true },
        );
      },
    }));
  // listr2 falls back to its line renderer whenever *stdout* is not a terminal, but we draw on
  // stderr: `kadm-wizard init | tee log` must still animate on the terminal. "default" is only
  // chosen for a terminal stream (progressMode), so tell listr2 this renderer needs no TTY stdout.
  class StreamRenderer extends DefaultRenderer {
    static override nonTTY = true;
  }
  const independent = opts.exitOnError === false;
  const top = toListr(tasks).map((d) => (independent ? { ...d, exitOnError: false } : d));
  const list = new Listr(top as never, {
    concurrent: opts.concurrent ?? false,
    exitOnError: true,
    renderer: (opts.mode === "default" ? StreamRenderer : opts.mode) as never,
    fallbackRenderer: opts.mode === "silent" ? "silent" : "simple",
    rendererOptions: { logger } as never,
    fallbackRendererOptions: { logger } as never,
    registerSignalListeners: false,
  });
  // The same renderer sizes its lines by process.stdout.columns (80 when stdout is a pipe): lend it
  // the terminal's width for the run.
  const stdout = process.stdout as { columns?: number };
  const lend = opts.mode === "default" && stdout.columns === undefined && stream.columns !== undefined;
  if (lend) stdout.columns = stream.columns;
  try {
    await list.run();
  } finally {
    if (lend) delete stdout.columns;
  }
}
