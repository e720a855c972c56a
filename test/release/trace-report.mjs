// Preloaded into a traced bundle (node --import): writes the evaluated module paths on exit.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  writeFileSync(process.env.KADM_TRACE_FILE, (globalThis.__kadmTrace ?? []).join("\n"));
});
