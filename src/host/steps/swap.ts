import { runChange, type StepEnv, type StepResult, stepResult } from "./types.js";

/** Active swap areas from /proc/swaps (header line first). */
export function activeSwaps(procSwaps: string | undefined): string[] {
  return (procSwaps ?? "")
    .split("\n")
    .slice(1)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(/\s+/)[0] as string);
}

/**
 * Comments out every active swap line of an fstab, keeping it for the user to restore.
 * Pure; returns the text unchanged when nothing needs commenting.
 */
export function commentSwapInFstab(text: string): { text: string; commented: string[] } {
  const commented: string[] = [];
  const lines = text.split("\n").map((line) => {
    const fields = line.trim().split(/\s+/);
    if (line.trim().startsWith("#") || fields.length < 3 || fields[2] !== "swap") return line;
    commented.push(line.trim());
    return `# ${line}  # disabled by kadm-wizard: kubelet requires swap off`;
  });
  return { text: lines.join("\n"), commented };
}

/** swap off now (swapoff -a) and at boot (/etc/fstab). */
export async function disableSwap(env: StepEnv): Promise<StepResult> {
  const { fs } = env;
  const commands: string[] = [];
  if (activeSwaps(await fs.read("/proc/swaps")).length > 0) {
    commands.push((await runChange(env, ["swapoff", "-a"], { key: "step.swapoffHint" })).command);
  }
  const files = [];
  const fstab = await fs.read("/etc/fstab");
  if (fstab !== undefined) {
    const { text, commented } = commentSwapInFstab(fstab);
    if (commented.length > 0) files.push(await fs.write("/etc/fstab", text));
  }
  return stepResult("swap", { key: "step.swap" }, files, commands);
}
