import type { Msg } from "../../i18n/messages.js";
import { CONTAINERD_CONFIG } from "../containerd/config-edit.js";
import type { HostFs } from "../host-fs.js";
import { parseCriSocket } from "./cri.js";
import { KUBELET_CONFIG, readKubeletConfig } from "./kubelet-config.js";
import { passed, problem } from "./result.js";
import type { CheckResult, CheckStatus, PreflightEnv, PreflightExpect } from "./types.js";

type Driver = "systemd" | "cgroupfs";

interface DriverFinding {
  driver: Driver | undefined;
  evidence: string;
}

/**
 * SystemdCgroup from containerd's config.toml, preferring the runc runtime's options table
 * (1.x: plugins."io.containerd.grpc.v1.cri"...runc.options, 2.x: plugins.'io.containerd.cri.v1.runtime'...).
 * Line-based on purpose: only one boolean is needed and the project has no TOML parser.
 */
export function containerdSystemdCgroup(toml: string): { value: boolean; line: string } | undefined {
  let table = "";
  let any: { value: boolean; line: string } | undefined;
  for (const raw of toml.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    const header = /^\[+\s*(.+?)\s*\]+$/.exec(line);
    if (header?.[1]) {
      table = header[1];
      continue;
    }
    const m = /^SystemdCgroup\s*=\s*(true|false)$/.exec(line);
    if (!m) continue;
    const found = { value: m[1] === "true", line };
    if (/runtimes\.["']?runc["']?\.options$/.test(table)) return found;
    any ??= found;
  }
  return any;
}

async function containerdDriver(fs: HostFs): Promise<DriverFinding> {
  const raw = await fs.read(CONTAINERD_CONFIG);
  // containerd 1.x and 2.x default to SystemdCgroup = false, i.e. cgroupfs.
  if (raw === undefined)
    return { driver: "cgroupfs", evidence: `${CONTAINERD_CONFIG}: missing (default cgroupfs)` };
  const s = containerdSystemdCgroup(raw);
  if (!s)
    return { driver: "cgroupfs", evidence: `${CONTAINERD_CONFIG}: no SystemdCgroup (default cgroupfs)` };
  return { driver: s.value ? "systemd" : "cgroupfs", evidence: `${CONTAINERD_CONFIG}: ${s.line}` };
}

/** CRI-O: cgroup_manager in crio.conf, overridden by drop-ins in lexical order; default systemd. */
async function crioDriver(fs: HostFs): Promise<DriverFinding> {
  const dropIns = (await fs.list("/etc/crio/crio.conf.d")).map((f) => `/etc/crio/crio.conf.d/${f}`);
  let found: DriverFinding = {
    driver: "systemd",
    evidence: "/etc/crio: no cgroup_manager (default systemd)",
  };
  for (const path of ["/etc/crio/crio.conf", ...dropIns]) {
    const raw = await fs.read(path);
    for (const l of raw?.split("\n") ?? []) {
      const m = /^\s*cgroup_manager\s*=\s*"([^"]*)"/.exec(l);
      if (!m) continue;
      const driver = m[1] === "systemd" || m[1] === "cgroupfs" ? m[1] : undefined;
      found = { driver, evidence: `${path}: ${l.trim()}` };
    }
  }
  return found;
}

export async function checkCgroupDriver(env: PreflightEnv, expect: PreflightExpect): Promise<CheckResult> {
  const id = "host.cgroup-driver-mismatch";
  const expected = expect.cgroupDriver;
  const { runtime } = parseCriSocket(expect.criSocket);
  const [rt, kubelet] = await Promise.all([
    runtime === "containerd"
      ? containerdDriver(env.fs)
      : runtime === "crio"
        ? crioDriver(env.fs)
        : Promise.resolve<DriverFinding>({
            driver: undefined,
            evidence: `${runtime}: driver not readable from files`,
          }),
    readKubeletConfig(env.fs),
  ]);
  const kubeletDriver =
    kubelet.state === "ok"
      ? typeof kubelet.doc.cgroupDriver === "string"
        ? kubelet.doc.cgroupDriver
        : "cgroupfs" // KubeletConfiguration's own default
      : undefined;
  const kubeletEvidence =
    kubelet.state === "missing"
      ? `${KUBELET_CONFIG}: missing`
      : kubelet.state === "invalid"
        ? `${KUBELET_CONFIG}: invalid (${kubelet.reason})`
        : `${KUBELET_CONFIG}: cgroupDriver: ${typeof kubelet.doc.cgroupDriver === "string" ? kubelet.doc.cgroupDriver : "(unset, default cgroupfs)"}`;
  const evidence = `${rt.evidence}; ${kubeletEvidence}; expected: ${expected}`;
  const value = expected === "systemd" ? "true" : "false";

  let status: CheckStatus = "pass";
  let title: Msg = { key: "preflight.cgroup.ok", params: { driver: expected } };
  let fix: Msg | undefined;
  if (rt.driver !== undefined && rt.driver !== expected) {
    status = "fail";
    title = { key: "preflight.cgroup.runtime", params: { runtime, actual: rt.driver, expected } };
    fix =
      runtime === "crio"
        ? { key: "preflight.cgroup.fixCrio", params: { value: expected } }
        : { key: "preflight.cgroup.fixContainerd", params: { value } };
  } else if (kubeletDriver !== undefined && kubeletDriver !== expected) {
    status = "fail";
    title = { key: "preflight.cgroup.kubelet", params: { actual: kubeletDriver, expected } };
    fix = { key: "preflight.cgroup.fixKubelet", params: { value: expected } };
  } else if (rt.driver === undefined) {
    status = "warn";
    title = { key: "preflight.cgroup.unknown", params: { runtime } };
    fix = { key: "preflight.cgroup.fixUnknown", params: { runtime, value: expected } };
  } else if (kubelet.state === "invalid") {
    status = "warn";
    title = { key: "preflight.cgroup.kubeletInvalid" };
    fix = { key: "preflight.cgroup.fixKubelet", params: { value: expected } };
  }
  return status === "pass" || !fix ? passed(id, title, evidence) : problem(id, status, title, evidence, fix);
}
