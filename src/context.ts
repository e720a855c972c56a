import type { Writable } from "node:stream";
import type { Files } from "./host/files.js";
import type { HostInfo } from "./host/host-info.js";
import type { Lang } from "./i18n/lang.js";
import type { KubeClients } from "./kube/client.js";
import type { RandomSource } from "./kubeadm/secrets.js";
import type { Node } from "./node/node.js";
import type { FetchLike, SshPort, TempDirs } from "./ports.js";
import type { Prompter } from "./prompts/prompter.js";

/** Everything a command may touch, built once per run; tests pass fakes. */
export interface Context {
  lang: Lang;
  verbose: boolean;
  color: boolean;
  /** Root for host files (--root), "/" in production. */
  root: string;
  /** --dry-run: host changes are planned and printed, never made. */
  dryRun: boolean;
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  /** stderr is a terminal: progress may be animated there. */
  stderrIsTTY: boolean;
  /** stdout is a terminal too: a result already drawn by the progress on stderr is on the same screen. */
  stdoutIsTTY: boolean;
  stderr: Writable;
  /** True when questions may be asked: a terminal on stdin and stderr, and no --yes. */
  canPrompt: boolean;
  files: Files;
  host: HostInfo;
  rng: RandomSource;
  /**
   * This machine as a Node: its `fs` is the host files under --root, its `runner` the one way to run
   * host commands (execa; records instead of running in dry-run). What node steps take; a step that
   * takes a Node runs on another machine over SSH unchanged.
   */
  node: Node;
  /** --kubeadm as given, else the kubeadm found under the root (node/binaries.ts: the one binary rule). */
  kubeadmPath: string;
  /** Aborted on Ctrl-C: long steps (kubeadm, pulls, waits) stop and the run exits 130. */
  signal: AbortSignal;
  /** Kubernetes API clients (the @kubernetes/client-node adapter, loaded on the first client). */
  kube: KubeClients;
  /** SSH to other hosts (the ssh2 adapter, loaded on the first connection). */
  ssh: SshPort;
  /** HTTP for CNI manifest downloads and registry checks. */
  fetch: FetchLike;
  /** Scratch and secret directories (secret-file.ts puts its own under the rooted /run). */
  tempDirs: TempDirs;
  /** Created lazily: loading @inquirer/prompts costs start-up time. */
  prompter(): Prompter;
  warn(text: string): void;
}
