/**
 * The host checks `prepare` runs, reused as they are: same evidence, same fixes, one source of
 * truth. Only the expectation differs: on a running node the kubelet's own config and the cluster's
 * version are what the host must agree with, not the flags of this run.
 */
import { checkBrNetfilter } from "../../host/preflight/br-netfilter.js";
import { checkCgroupDriver } from "../../host/preflight/cgroup-driver.js";
import { checkCgroupVersion } from "../../host/preflight/cgroup-version.js";
import { checkIpForward } from "../../host/preflight/ip-forward.js";
import { checkKubeVersions } from "../../host/preflight/kube-versions.js";
import { readKubeletConfig } from "../../host/preflight/kubelet-config.js";
import { checkPorts } from "../../host/preflight/ports.js";
import { checkSwap } from "../../host/preflight/swap.js";
import type { PreflightEnv, PreflightExpect } from "../../host/preflight/types.js";
import type { HostContext } from "../env.js";
import { type Finding, fromCheckResult } from "../finding.js";

async function expectation(ctx: HostContext): Promise<PreflightExpect> {
  const kubelet = await readKubeletConfig(ctx.env.fs);
  const kubeletDriver = kubelet.state === "ok" ? kubelet.doc.cgroupDriver : undefined;
  return {
    kubernetesVersion: ctx.expected.kubernetesVersion,
    // The kubelet's configured driver is what the runtime must match on an existing node.
    cgroupDriver:
      kubeletDriver === "systemd" || kubeletDriver === "cgroupfs" ? kubeletDriver : ctx.expected.cgroupDriver,
    criSocket: ctx.expected.criSocket,
    role: ctx.role === "worker" ? "worker" : "control-plane",
  };
}

// Objects are names the user can look up (module, sysctl, file), not English phrases: the report
// prints them as they are in every language.
function preflightEnv(ctx: HostContext): PreflightEnv {
  return { fs: ctx.env.fs, runner: ctx.env.runner, probeSocket: ctx.env.probeSocket };
}

export async function checkKernel(ctx: HostContext): Promise<Finding[]> {
  const env = preflightEnv(ctx);
  const [swap, brNf, fwd] = await Promise.all([checkSwap(env), checkBrNetfilter(env), checkIpForward(env)]);
  return [
    fromCheckResult(swap, "/proc/swaps"),
    fromCheckResult(brNf, "br_netfilter"),
    fromCheckResult(fwd, "net.ipv4.ip_forward"),
  ].filter((f): f is Finding => f !== undefined);
}

/** The cgroup driver both sides use, and the hierarchy itself (cgroup v1: refused from 1.35). */
export async function checkCgroup(ctx: HostContext): Promise<Finding[]> {
  const expect = await expectation(ctx);
  const [driver, version] = await Promise.all([
    checkCgroupDriver(preflightEnv(ctx), expect),
    checkCgroupVersion(preflightEnv(ctx), expect),
  ]);
  return [fromCheckResult(version, "/sys/fs/cgroup"), fromCheckResult(driver, "cgroupDriver")].filter(
    (f): f is Finding => f !== undefined,
  );
}

export async function checkVersions(ctx: HostContext): Promise<Finding[]> {
  const results = await checkKubeVersions(preflightEnv(ctx), await expectation(ctx));
  return results
    .map((r) => fromCheckResult(r, r.id === "host.version-skew" ? "kubeadm/kubelet/kubectl" : "$PATH"))
    .filter((f): f is Finding => f !== undefined);
}

/** Only before init/join: on a node the control-plane ports are supposed to be taken (see ports.ts). */
export async function checkFreePorts(ctx: HostContext): Promise<Finding[]> {
  if (ctx.role !== "none") return [];
  const f = fromCheckResult(await checkPorts(preflightEnv(ctx), await expectation(ctx)), "/proc/net/tcp");
  return f ? [f] : [];
}
