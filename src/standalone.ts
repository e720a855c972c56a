/**
 * Entry point of the single-file builds: dist/kadm-wizard.mjs (ESM) and the executable (CommonJS,
 * as Node 22's single-executable support requires). No top-level await, so one source serves both.
 * The CLI is imported lazily so a plain --version/--help evaluates nothing else.
 */
import { writeSync } from "node:fs";
import { EMBEDDED } from "./embedded.js";
import { fastAnswer } from "./fast-answer.js";

// The executable cannot run `node -e`: host-fs starts it again with this variable (and nothing
// else in its environment) to do one file write as another user (host/fs-op.ts).
const sea = (process.getBuiltinModule("node:sea") as { isSea?: () => boolean } | undefined)?.isSea?.();
const answer = fastAnswer(process.argv.slice(2), process.env, EMBEDDED);
if (sea && process.env.KADM_WIZARD_FS_HELPER === "1") {
  void import("./host/fs-op.js").then((m) => m.fsHelperMain(m.safeFsOp));
} else if (answer !== undefined) {
  // writeSync: setting up the process.stdout stream costs more than the answer itself.
  try {
    writeSync(1, answer);
  } catch (e) {
    // EAGAIN (a full non-blocking stdout): let the stream wait; EPIPE (the reader is gone): drop it.
    if ((e as NodeJS.ErrnoException).code !== "EPIPE") process.stdout.write(answer);
  }
} else void import("./launch.js").then((m) => m.launch());
