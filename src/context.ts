import type { Writable } from "node:stream";
import type { Files } from "./host/files.js";
import type { HostInfo } from "./host/host-info.js";
import type { Lang } from "./i18n/lang.js";
import type { RandomSource } from "./kubeadm/secrets.js";
import type { Prompter } from "./prompts/prompter.js";

/** Everything a command may touch, built once per run; tests pass fakes. */
export interface Context {
  lang: Lang;
  verbose: boolean;
  color: boolean;
  /** Root for host files (--root), "/" in production. */
  root: string;
  stdout: Writable;
  stderr: Writable;
  /** True when questions may be asked: a terminal on stdin and stderr, and no --yes. */
  canPrompt: boolean;
  files: Files;
  host: HostInfo;
  rng: RandomSource;
  /** Created lazily: loading @inquirer/prompts costs start-up time. */
  prompter(): Prompter;
  warn(text: string): void;
}
