import { parseCriSocket } from "../../host/preflight/cri.js";
import { isKubeletErrorLine } from "../classify/messages.js";
import type { HostContext } from "../env.js";
import { type Finding, finding } from "../finding.js";

const JOURNAL_LINES = 300;
const ERROR_LINES_SHOWN = 5;

export interface UnitState {
  loadState: string;
  activeState: string;
  subState: string;
  result: string;
}

/** `systemctl show UNIT --property=...` output: KEY=value lines. */
export function parseSystemctlShow(stdout: string): UnitState {
  const kv = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) kv.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  return {
    loadState: kv.get("LoadState") ?? "",
    activeState: kv.get("ActiveState") ?? "",
    subState: kv.get("SubState") ?? "",
    result: kv.get("Result") ?? "",
  };
}

async function unitState(ctx: HostContext, unit: string): Promise<UnitState | undefined> {
  const r = await ctx.env.runner.run(
    ["systemctl", "show", unit, "--property=LoadState,ActiveState,SubState,Result", "--no-pager"],
    { timeoutMs: 10_000 },
  );
  // No systemd (a container, another init): nothing to say about services. Nor when it answered
  // without the unit's state: "not running ()" would be a guess.
  if (r.notFound || r.exitCode !== 0) return undefined;
  const state = parseSystemctlShow(r.stdout);
  return state.activeState === "" ? undefined : state;
}

function stateText(unit: string, s: UnitState): string {
  return `systemctl show ${unit}: ActiveState=${s.activeState} SubState=${s.subState} Result=${s.result}`;
}

/** The last error lines the kubelet wrote to the journal: usually the reason it exits. */
export async function kubeletJournalErrors(ctx: HostContext): Promise<string[]> {
  const r = await ctx.env.runner.run(
    ["journalctl", "-u", "kubelet", "-n", String(JOURNAL_LINES), "--no-pager", "-o", "cat"],
    { timeoutMs: 15_000 },
  );
  if (r.notFound || r.exitCode !== 0) return [];
  return r.stdout
    .split("\n")
    .map((l) => l.trim())
    .filter(isKubeletErrorLine)
    .slice(-ERROR_LINES_SHOWN);
}

/** kubelet and the container runtime must be active; the kubelet's journal says why it is not. */
export async function checkServices(ctx: HostContext): Promise<Finding[]> {
  const runtime = parseCriSocket(ctx.expected.criSocket).service ?? "containerd";
  const [kubelet, rt] = await Promise.all([unitState(ctx, "kubelet"), unitState(ctx, runtime)]);
  const out: Finding[] = [];
  if (rt && rt.loadState !== "not-found" && rt.activeState !== "active") {
    out.push(
      finding(
        "host.containerd-inactive",
        "error",
        `${runtime}.service`,
        { key: "doctor.host.runtimeInactive.title", params: { unit: runtime, state: rt.activeState } },
        [stateText(runtime, rt)],
        { key: "doctor.host.runtimeInactive.fix", params: { unit: runtime } },
      ),
    );
  }
  if (kubelet && kubelet.loadState !== "not-found" && kubelet.activeState !== "active") {
    const journal = await kubeletJournalErrors(ctx);
    const evidence = [stateText("kubelet", kubelet), ...journal.map((l) => `journal: ${l}`)];
    // Before kubeadm init/join the kubelet restarts every few seconds for want of its config: expected.
    const waiting = ctx.role === "none" && !(await ctx.env.fs.exists("/var/lib/kubelet/config.yaml"));
    out.push(
      waiting
        ? finding(
            "host.kubelet-inactive",
            "info",
            "kubelet.service",
            { key: "doctor.host.kubeletWaiting.title", params: { state: kubelet.activeState } },
            evidence,
            { key: "doctor.host.kubeletWaiting.fix" },
          )
        : finding(
            "host.kubelet-inactive",
            "error",
            "kubelet.service",
            { key: "doctor.host.kubeletInactive.title", params: { state: kubelet.activeState } },
            evidence,
            { key: "doctor.host.kubeletInactive.fix" },
          ),
    );
  }
  return out;
}
