/**
 * Streaming line classifier for `kubeadm init` / `join` / `reset` output, so the UI can show the current
 * phase. Pure: no I/O.
 *
 * Line shapes (kubernetes/kubernetes cmd/kubeadm sources; the testdata transcripts quote them):
 * - `[phase] text` - fmt.Printf progress lines of every workflow phase (`[init]`, `[preflight]`,
 *   `[certs]`, ... `[addons]`, `[reset]`), plus helper prefixes that are not workflow phases
 *   (`[kubelet-check]`, `[control-plane-check]`, `[apiclient]`, `[kubelet]`, `[patches]`, `[config]`).
 * - `\t[WARNING Name]: msg` / `\t[ERROR Name]: msg` - preflight.RunChecks (app/preflight/checks.go).
 * - `error execution phase <phase>: <err>` - workflow.Runner.Run (app/cmd/phases/workflow/runner.go);
 *   kubeadm 1.34+ prefixes it with `error: `.
 * - klog headers `W0614 23:56:56.964635   30787 checks.go:846] msg` on stderr.
 * - `To see the stack trace of this error execute with --v=5 or higher` - the closing hint.
 */

export interface MessageRef {
  key: string;
  params?: Record<string, string | number>;
}

/** Prefixes kubeadm prints, in the order `kubeadm init` / `join` / `reset` print them. */
export const KNOWN_PHASES = [
  "init",
  "preflight",
  "certs",
  "kubeconfig",
  "etcd",
  "control-plane",
  "kubelet-start",
  "wait-control-plane",
  "kubelet-check",
  "control-plane-check",
  "apiclient",
  "upload-config",
  "kubelet",
  "upload-certs",
  "mark-control-plane",
  "bootstrap-token",
  "kubelet-finalize",
  "addons",
  "discovery",
  "download-certs",
  "check-etcd",
  "reset",
  "patches",
  "config",
  "config/images",
  "endpoint",
  "dryrun",
] as const;

export type KnownPhase = (typeof KNOWN_PHASES)[number];

const KNOWN = new Set<string>(KNOWN_PHASES);

/**
 * Helper prefixes printed inside a workflow phase; they do not start a new step for the UI
 * (`[kubelet-check]` runs inside wait-control-plane on init and kubelet-start on join).
 */
const DETAIL_PREFIXES = new Set<string>([
  "kubelet-check",
  "control-plane-check",
  "apiclient",
  "kubelet",
  "patches",
  "config",
  "endpoint",
  "dryrun",
]);

export type LineKind =
  | "blank"
  /** `[phase] text` */
  | "phase"
  /** `[WARNING Check]: message` */
  | "preflight-warning"
  /** `[ERROR Check]: message` */
  | "preflight-error"
  /** `error execution phase <phase>: <message>` */
  | "phase-error"
  /** A klog line (`W0614 23:56:56.964635 30787 file.go:1] message`). */
  | "klog"
  /** `To see the stack trace ...`, `[preflight] If you know what you are doing ...`. */
  | "hint"
  | "text";

export interface ClassifiedLine {
  kind: LineKind;
  /** The bracketed prefix (`certs`, `kubelet-check`) or the failed phase of a phase-error (`upload-config/kubeadm`). */
  phase?: string;
  /** The line without its prefix (for klog: the message; for preflight lines: the check's message). */
  text: string;
  /** Preflight check name (`Port-6443`, `FileAvailable--etc-kubernetes-manifests-etcd.yaml`). */
  check?: string;
  /** klog severity. */
  severity?: "I" | "W" | "E" | "F";
  /** The line as given, without a trailing CR. */
  raw: string;
}

const KLOG_RE = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [^\]\s]+:\d+\] ?(.*)$/;
const PHASE_RE = /^\[([a-z][a-z0-9-]*(?:\/[a-z0-9-]+)*)\] ?(.*)$/;
const CHECK_RE = /^\s*\[(WARNING|ERROR) ([^\]]+)\]: ?(.*)$/;
const PHASE_ERROR_RE = /^(?:error: )?error execution (?:run condition for )?phase ([^\s:]+)(?:: ?(.*))?$/;

export const STACK_TRACE_HINT = "To see the stack trace of this error execute with --v=5 or higher";

/** Classifies one output line (no trailing newline needed). */
export function classifyLine(line: string): ClassifiedLine {
  const raw = line.replace(/\r$/, "");
  if (raw.trim() === "") return { kind: "blank", text: "", raw };
  const check = CHECK_RE.exec(raw);
  if (check) {
    return {
      kind: check[1] === "ERROR" ? "preflight-error" : "preflight-warning",
      phase: "preflight",
      check: check[2] as string,
      text: check[3] as string,
      raw,
    };
  }
  const perr = PHASE_ERROR_RE.exec(raw);
  if (perr) return { kind: "phase-error", phase: perr[1] as string, text: perr[2] ?? "", raw };
  if (raw.startsWith(STACK_TRACE_HINT)) return { kind: "hint", text: raw, raw };
  const klog = KLOG_RE.exec(raw);
  if (klog) {
    const msg = klog[2] as string;
    const inner = PHASE_RE.exec(msg);
    return {
      kind: "klog",
      severity: klog[1] as "I" | "W" | "E" | "F",
      text: msg,
      ...(inner ? { phase: inner[1] as string } : {}),
      raw,
    };
  }
  const ph = PHASE_RE.exec(raw);
  if (ph) {
    const phase = ph[1] as string;
    const text = ph[2] as string;
    if (phase === "preflight" && text.startsWith("If you know what you are doing")) {
      return { kind: "hint", phase, text, raw };
    }
    return { kind: "phase", phase, text, raw };
  }
  return { kind: "text", text: raw, raw };
}

export interface TrackedLine extends ClassifiedLine {
  /** The workflow step after this line (helper prefixes such as kubelet-check do not change it). */
  step: string | undefined;
  /** True when this line moved the step on. */
  changed: boolean;
}

/**
 * Follows a run line by line (or chunk by chunk, buffering partial lines). `step` is the workflow
 * phase the UI should show; `current` the last prefix seen, helper prefixes included.
 */
export class PhaseTracker {
  step: string | undefined;
  current: string | undefined;
  /** Every workflow step seen, in order, without repeats. */
  readonly steps: string[] = [];
  private partial = "";

  line(line: string): TrackedLine {
    const c = classifyLine(line);
    const before = this.step;
    if (c.kind === "phase" || c.kind === "preflight-error" || c.kind === "preflight-warning") {
      const phase = c.phase as string;
      this.current = phase;
      if (!DETAIL_PREFIXES.has(phase)) {
        this.step = phase;
        if (!this.steps.includes(phase)) this.steps.push(phase);
      }
    }
    return { ...c, step: this.step, changed: this.step !== before };
  }

  /** Feeds raw output; returns the complete lines in it. Call end() for a last unterminated line. */
  feed(chunk: string): TrackedLine[] {
    const text = this.partial + chunk;
    const parts = text.split("\n");
    this.partial = parts.pop() ?? "";
    return parts.map((l) => this.line(l));
  }

  end(): TrackedLine[] {
    const rest = this.partial;
    this.partial = "";
    return rest === "" ? [] : [this.line(rest)];
  }
}

/** The distinct workflow steps of an output, in order. */
export function phasesIn(output: string): string[] {
  const t = new PhaseTracker();
  for (const l of output.split("\n")) t.line(l);
  return [...t.steps];
}

/**
 * Catalogue id of a phase's title: `kubeadm.phase.<phase>` for known prefixes (slashes become dots:
 * `config/images` -> `kubeadm.phase.config.images`), `kubeadm.phase.unknown` with `{ phase }` otherwise.
 * Sub-phases of a failure (`upload-config/kubeadm`) use their top-level phase.
 */
export function phaseTitle(phase: string): MessageRef {
  if (KNOWN.has(phase)) return { key: `kubeadm.phase.${phase.replaceAll("/", ".")}` };
  const top = phase.split("/")[0] as string;
  if (KNOWN.has(top)) return { key: `kubeadm.phase.${top}` };
  return { key: "kubeadm.phase.unknown", params: { phase } };
}
