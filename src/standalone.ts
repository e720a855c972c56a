/**
 * Entry point of the single-file builds: dist/kadm-wizard.mjs (ESM) and the executable (CommonJS,
 * as Node 22's single-executable support requires). No top-level await, so one source serves both.
 * The CLI is imported lazily so a plain --version/--help evaluates nothing else.
 */
import { writeSync } from "node:fs";
import { EMBEDDED } from "./embedded.js";
import { fastAnswer } from "./fast-answer.js";

// host-fs starts the single file again, as another user, with this variable and no arguments to do
// one file write as that user (host/fs-op.ts): minified code cannot be handed to `node -e`.
const helper = process.env.KADM_WIZARD_FS_HELPER === "1" && process.argv.length === 2;
const answer = helper ? undefined : fastAnswer(process.argv.slice(2), process.env, EMBEDDED);
if (helper) {
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
