/**
 * Entry point of the single-file builds: dist/kadm-wizard.mjs (ESM) and the executable (CommonJS,
 * as Node 22's single-executable support requires). No top-level await, so one source serves both.
 */
import { launch } from "./launch.js";

void launch();
