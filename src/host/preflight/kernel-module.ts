import type { HostFs } from "../host-fs.js";

export interface ModuleState {
  loaded: boolean;
  /** Raw fact: the /proc/modules line, or what /sys/module said. */
  evidence: string;
}

/**
 * A module is loaded when /proc/modules lists it, or when /sys/module/<name> exists: built-in
 * modules never appear in /proc/modules.
 */
export async function moduleState(fs: HostFs, name: string): Promise<ModuleState> {
  const [modules, sys] = await Promise.all([fs.read("/proc/modules"), fs.exists(`/sys/module/${name}`)]);
  const line = modules?.split("\n").find((l) => l.split(" ")[0] === name);
  if (line) return { loaded: true, evidence: `/proc/modules: ${line.trim()}` };
  if (sys) return { loaded: true, evidence: `/sys/module/${name}: present (built in)` };
  const where = modules === undefined ? "/proc/modules: missing" : `/proc/modules: no ${name}`;
  return { loaded: false, evidence: `${where}; /sys/module/${name}: missing` };
}
