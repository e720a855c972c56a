import type { Msg } from "../../i18n/messages.js";
import type { HostFs } from "../host-fs.js";
import type { Runner } from "../runner.js";

/** Stable identifiers: `doctor`, tests and `--ignore` style options refer to checks by these. */
export type CheckId =
  | "host.os"
  | "host.cpu"
  | "host.memory"
  | "host.swap-on"
  | "host.br-netfilter"
  | "host.overlay"
  | "host.ip-forward"
  | "host.runtime-socket"
  | "host.cgroup-driver-mismatch"
  | "host.cgroup-v1"
  | "host.kube-binaries"
  | "host.version-skew"
  | "host.binaries"
  | "host.port-in-use"
  | "host.hostname"
  | "host.selinux"
  | "host.firewalld";

export type CheckStatus = "pass" | "warn" | "fail";

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  title: Msg;
  /** The exact raw facts the verdict rests on, e.g. "/proc/swaps: /dev/sda2 partition 2097148". */
  evidence: string;
  /** Commands to run; always present for warn and fail. */
  fix?: Msg;
}

export interface PreflightEnv {
  fs: HostFs;
  runner: Runner;
  /** Connects to a unix socket (the path is already rooted); injected so tests need no real socket. */
  probeSocket(path: string): Promise<boolean>;
  /** The kubeadm the command runs (--kubeadm, else found by node/binaries.ts): the one preflight probes. */
  kubeadm?: string;
}

export type PreflightRole = "control-plane" | "worker";

export interface PreflightExpect {
  kubernetesVersion: string;
  cgroupDriver: "systemd" | "cgroupfs";
  /** unix:///... */
  criSocket: string;
  role: PreflightRole;
  /** The name the node registers with; defaults to the hostname, as in kubeadm. */
  nodeName?: string;
  /** --allow-cgroup-v1: this run writes failCgroupV1: false, so cgroup v1 is a warning. */
  allowCgroupV1?: boolean;
}

/** One concern; may report more than one id (versions report presence and skew separately). */
export interface Check {
  ids: readonly CheckId[];
  run(env: PreflightEnv, expect: PreflightExpect): Promise<CheckResult | CheckResult[]>;
}
