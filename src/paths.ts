import { fileURLToPath } from "node:url";

/** Package root, the same from src/ (tests) and dist/ (installed): both sit one level below it. */
export const PACKAGE_ROOT = fileURLToPath(new URL("../", import.meta.url));
export const BUILTIN_PROFILE_DIR = fileURLToPath(new URL("../profiles/", import.meta.url));
