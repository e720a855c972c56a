/**
 * Module hooks for lazy.test.ts: every module the source build (bin/kadm-wizard.js -> dist/) resolves
 * is appended to $KADM_TRACE_FILE. Registered with `node --import test/release/trace-register.mjs`.
 */
import { appendFileSync } from "node:fs";

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.KADM_TRACE_FILE, `${r.url}\n`);
  return r;
}
