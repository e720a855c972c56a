/**
 * Classifies a failed kubeadm run (stdout + stderr text, exit code) into the classic failures, each with
 * the evidence lines and a fix. Pure: no I/O; returns message descriptors, never text.
 *
 * Message strings matched here are kubeadm's own (kubernetes/kubernetes, read through the code index):
 * - cmd/kubeadm/app/preflight/checks.go (RunChecks: `\t[ERROR %s]: %v`; handleError: `[preflight] Some fatal
 *   errors occurred:` ... `[preflight] If you know what you are doing, ...`; check names: `Port-%d`,
 *   `FileAvailable-<path with / -> ->`, `DirAvailable-<path>`, `FileContent-<path>`, `FileExisting-<tool>`,
 *   `CRI`, `Swap`, `SystemVerification` (cgroup v1 from 1.35, public 1.35 transcripts), `NumCPU`, `Mem`, `ImagePull`, `KubeletVersion`, `KubernetesVersion`,
 *   `IsPrivilegedUser`; messages `Port %d is in use`, `%s already exists`, `%s is not empty`,
 *   `%s contents are not set to %s`, `%s does not exist`, `the number of available CPUs %d is less than the
 *   required %d`, `the system RAM (%d MB) is less than the minimum %d MB` (checks_linux.go),
 *   `container runtime is not running` (util/runtime), `the kubelet version is higher than the control
 *   plane version...`, `Kubelet version %q is lower than kubeadm can support...`, ImagePull `failed to pull
 *   image %s`, and the klog warning `detected that the sandbox image %q of the container runtime is
 *   inconsistent with that used by kubeadm...` (ImagePullCheck). Stored revision 00b6a4c7 and
 *   checks_linux.go 039c72e8.
 * - cmd/kubeadm/app/cmd/phases/workflow/runner.go @ 03a145de: `error execution phase %s` wrapping.
 *   kubeadm <= 1.33 wraps the whole preflight block into that error; 1.34+ prints the block on stderr and
 *   `error: error execution phase preflight: preflight checks failed` (both seen in public transcripts).
 * - cmd/kubeadm/app/discovery/token/token.go @ 038dec7f: `could not find a JWS signature in the cluster-info
 *   ConfigMap for token ID %q`, `token id %q is invalid for this cluster or it has expired...`,
 *   `failed to verify JWS signature of received cluster info object...`, `failed to request the
 *   cluster-info ConfigMap`, `cluster CA found in cluster-info ConfigMap is invalid`,
 *   `invalid discovery token CA certificate hash`; app/util/pubkeypin/pubkeypin.go @ 04791b49:
 *   `none of the public keys %q are pinned`; discovery.go wraps with `couldn't validate the identity of the
 *   API Server`.
 * - cmd/kubeadm/app/util/apiclient/wait.go @ 030880a5 (testdata kubeadm-init-failure.kubeadm-source-current.txt):
 *   `[kubelet-check] The kubelet is not healthy after %v`, `[control-plane-check] %s is not healthy after
 *   %v`, kubeletFailMsg, controlPlaneFailTempl; wrapped as `failed while waiting for the kubelet to start`
 *   / `failed while waiting for the control plane to start` (public transcripts).
 * - legacy waitcontrolplane.go @ 04791b49 (kubeadm-init-failure.kubeadm-source-legacy.txt): kubeletFailTempl
 *   with `timed out waiting for the condition`, `[kubelet-check] Initial timeout of 40s passed.`,
 *   `[kubelet-check] It seems like the kubelet isn't running or healthy.`, `couldn't initialize a
 *   Kubernetes cluster`.
 * - cmd/kubeadm/app/util/config/common.go @ NormalizeKubernetesVersion: `this version of kubeadm only
 *   supports deploying clusters with the control plane version >= %s. Current version: %s`.
 *
 * Evidence lines are passed through redactSecrets (tokens and certificate keys masked).
 */
import { classifyLine, type MessageRef } from "./phases.js";
import { redactSecrets } from "./secrets.js";

export type { MessageRef } from "./phases.js";

export const DIAGNOSIS_IDS = [
  "preflight.leftovers",
  "preflight.port-in-use",
  "preflight.swap",
  "preflight.cgroup-v1",
  "preflight.cpu",
  "preflight.memory",
  "preflight.bridge-netfilter",
  "preflight.ip-forward",
  "preflight.cri",
  "preflight.image-pull",
  "preflight.version-skew",
  "preflight.not-root",
  "preflight.missing-tool",
  "preflight.other",
  "join.already-joined",
  "join.token-invalid",
  "join.ca-hash-mismatch",
  "api.unreachable",
  "wait.kubelet-unhealthy",
  "wait.control-plane-timeout",
  "wait.sandbox-image",
  "unknown",
] as const;

export type DiagnosisId = (typeof DIAGNOSIS_IDS)[number];

export interface Diagnosis {
  id: DiagnosisId;
  /** The output line(s) that show it, as printed (secrets redacted), in output order. */
  evidence: string[];
  /** What happened: `kubeadm.diag.<id>`. */
  explain: MessageRef;
  /** What to do: `kubeadm.fix.<id>` (some ids have variants, e.g. `kubeadm.fix.preflight.cri.disabled`). */
  fix: MessageRef;
}

export interface PreflightError {
  /** Check name, e.g. `Port-6443`. */
  check: string;
  /** The message after `]: ` on the first line. */
  message: string;
  /** The error's lines: the `[ERROR ...]` line plus continuation lines (e.g. `, error: exit status 1`). */
  lines: string[];
}

function splitLines(output: string): string[] {
  return output.replace(/\r\n?/g, "\n").split("\n");
}

/** Every `[ERROR Name]: message` of a preflight run, old (in the error) and new (on stderr) layout. */
export function parsePreflightErrors(output: string): PreflightError[] {
  const errors: PreflightError[] = [];
  let current: PreflightError | undefined;
  for (const line of splitLines(output)) {
    const c = classifyLine(line);
    if (c.kind === "preflight-error") {
      current = { check: c.check as string, message: c.text, lines: [c.raw] };
      errors.push(current);
    } else if (current && c.kind === "text" && !/^\s*\[/.test(c.raw)) {
      current.lines.push(c.raw);
    } else {
      current = undefined;
    }
  }
  return errors;
}

/** The workflow phase named by the last `error execution phase <phase>: ...` line, if any. */
export function failedPhase(output: string): string | undefined {
  let phase: string | undefined;
  for (const line of splitLines(output)) {
    const c = classifyLine(line);
    if (c.kind === "phase-error") phase = c.phase;
  }
  return phase;
}

const GO_FRAME_FUNC =
  /^(?:k8s\.io|sigs\.k8s\.io|github\.com|go\.etcd\.io|golang\.org|google\.golang\.org|runtime|main)[\w./-]*\.[\w.()*]+$/;
const GO_FRAME_FILE = /^\s+\S+\.(?:go|s):\d+(?: \+0x[0-9a-f]+)?$/;

/**
 * The last `n` lines that say something: blank lines, klog info/warning lines, Go stack traces (from
 * `--v=5`) and kubeadm's hint lines are skipped. Lines keep their text (trailing blanks trimmed),
 * secrets are redacted.
 */
export function lastMeaningfulLines(output: string, n: number): string[] {
  const kept: string[] = [];
  for (const line of splitLines(output)) {
    const trimmed = line.trimEnd();
    if (trimmed.trim() === "") continue;
    if (GO_FRAME_FUNC.test(trimmed) || GO_FRAME_FILE.test(trimmed)) continue;
    if (/^goroutine \d+ \[/.test(trimmed) || trimmed === "runtime.goexit") continue;
    const c = classifyLine(trimmed);
    if (c.kind === "hint") continue;
    if (c.kind === "klog" && (c.severity === "I" || c.severity === "W")) continue;
    kept.push(redactSecrets(trimmed));
  }
  return n <= 0 ? [] : kept.slice(-n);
}

// ---------------------------------------------------------------------------------------------------

interface Ctx {
  lines: string[];
  failedPhase: string | undefined;
  out: Diagnosis[];
}

function add(
  ctx: Ctx,
  id: DiagnosisId,
  evidence: string[],
  params: Record<string, string | number> = {},
  fixKey = `kubeadm.fix.${id}`,
): void {
  const ev = [...new Set(evidence.map((l) => redactSecrets(l.replace(/\r$/, ""))))];
  const p = Object.keys(params).length > 0 ? { params } : {};
  ctx.out.push({
    id,
    evidence: ev,
    explain: { key: `kubeadm.diag.${id}`, ...p },
    fix: { key: fixKey, ...p },
  });
}

function grep(ctx: Ctx, re: RegExp): string[] {
  return ctx.lines.filter((l) => re.test(l));
}

function uniq(values: string[]): string {
  return [...new Set(values)].join(", ");
}

/** Check name -> path, e.g. FileAvailable--etc-kubernetes-kubelet.conf -> /etc/kubernetes/kubelet.conf (from the message). */
function pathOf(e: PreflightError): string {
  return /^(\/\S+)/.exec(e.message)?.[1] ?? e.check;
}

const ALREADY_JOINED = /^FileAvailable--etc-kubernetes-(kubelet\.conf|bootstrap-kubelet\.conf|pki-ca\.crt)$/;
const LEFTOVER = /^(FileAvailable--etc-kubernetes-manifests-.+|DirAvailable-.+)$/;

function preflight(ctx: Ctx, output: string): void {
  const errors = parsePreflightErrors(output);
  const used = new Set<PreflightError>();
  const take = (pred: (e: PreflightError) => boolean) => {
    const hit = errors.filter((e) => !used.has(e) && pred(e));
    for (const e of hit) used.add(e);
    return hit;
  };
  const ev = (es: PreflightError[]) => es.flatMap((e) => e.lines);

  const joined = take((e) => ALREADY_JOINED.test(e.check));
  if (joined.length > 0) add(ctx, "join.already-joined", ev(joined), { paths: uniq(joined.map(pathOf)) });

  const leftovers = take((e) => LEFTOVER.test(e.check));
  if (leftovers.length > 0)
    add(ctx, "preflight.leftovers", ev(leftovers), { paths: uniq(leftovers.map(pathOf)) });

  const ports = take((e) => /^Port-\d+$/.test(e.check));
  if (ports.length > 0) {
    const list = uniq(ports.map((e) => e.check.slice(5)));
    // A control plane left running by an earlier init/join holds these ports: reset clears both.
    const fix =
      leftovers.length > 0 || joined.length > 0 ? "kubeadm.fix.preflight.port-in-use.reset" : undefined;
    add(
      ctx,
      "preflight.port-in-use",
      ev(ports),
      { ports: list, count: new Set(ports.map((e) => e.check)).size },
      fix,
    );
  }

  const swap = take((e) => e.check === "Swap");
  if (swap.length > 0) add(ctx, "preflight.swap", ev(swap));

  // 1.35+: SystemVerification refuses cgroup v1 unless failCgroupV1 is false and the check skipped
  // ("cgroups v1 support is deprecated and will be removed in a future release. ... you must set the
  // kubelet configuration option 'FailCgroupV1' to 'false'. You must also explicitly skip this validation.")
  const cgroupV1 = take((e) => e.check === "SystemVerification" && /cgroups? v1/i.test(e.message));
  if (cgroupV1.length > 0) add(ctx, "preflight.cgroup-v1", ev(cgroupV1));

  const cpu = take((e) => e.check === "NumCPU");
  if (cpu.length > 0) {
    const m = /CPUs (\d+) is less than the required (\d+)/.exec(cpu[0]?.message ?? "");
    add(ctx, "preflight.cpu", ev(cpu), { have: m?.[1] ?? "?", need: m?.[2] ?? "2" });
  }

  const mem = take((e) => e.check === "Mem");
  if (mem.length > 0) {
    const m = /RAM \((\d+) MB\) is less than the minimum (\d+) MB/.exec(mem[0]?.message ?? "");
    add(ctx, "preflight.memory", ev(mem), { have: m?.[1] ?? "?", need: m?.[2] ?? "1700" });
  }

  const bridge = take((e) => /^FileContent--proc-sys-net-bridge-bridge-nf-call-ip6?tables$/.test(e.check));
  if (bridge.length > 0)
    add(ctx, "preflight.bridge-netfilter", ev(bridge), { files: uniq(bridge.map(pathOf)) });

  const fwd = take((e) =>
    /^FileContent--proc-sys-net-ipv4-ip_forward$|^FileContent--proc-sys-net-ipv6-conf-default-forwarding$/.test(
      e.check,
    ),
  );
  if (fwd.length > 0) add(ctx, "preflight.ip-forward", ev(fwd), { files: uniq(fwd.map(pathOf)) });

  const cri = take((e) => e.check === "CRI" || e.check === "ContainerRuntimeVersion");
  // 1.33: a runtime that cannot be connected to fails the image-pull step without a check name
  // ("[preflight] Some fatal errors occurred:\nfailed to create new CRI runtime service: ...").
  const criLoose = grep(
    ctx,
    /failed to create new CRI runtime service|container runtime is not running/,
  ).filter((l) => !/^\s*\[(ERROR|WARNING) /.test(l));
  if (cri.length > 0 || criLoose.length > 0) {
    const evidence = [...ev(cri), ...criLoose];
    const text = evidence.join("\n");
    const disabled = /unknown service runtime\.v1(alpha2)?\.RuntimeService/.test(text);
    const socket =
      /(unix:\/\/\/[^\s"\\]+)/.exec(text)?.[1] ?? /dial unix (\/[^\s:"\\]+)/.exec(text)?.[1] ?? "";
    add(
      ctx,
      "preflight.cri",
      evidence,
      { socket },
      disabled ? "kubeadm.fix.preflight.cri.disabled" : "kubeadm.fix.preflight.cri",
    );
  }

  const pulls = take((e) => e.check === "ImagePull");
  if (pulls.length > 0) {
    const images = pulls.map(
      (e) => /failed to pull image "?([^\s"]+?)"?:(?:\s|$)/.exec(e.message)?.[1] ?? "",
    );
    add(ctx, "preflight.image-pull", ev(pulls), { images: uniq(images.filter(Boolean)) });
  }

  const skew = take((e) => e.check === "KubeletVersion" || e.check === "KubernetesVersion");
  const mcp = grep(ctx, /only supports deploying clusters with the control plane version >=/);
  if (skew.length > 0 || mcp.length > 0) {
    const detail = (skew[0]?.message ?? mcp[0] ?? "").replace(/^.*?(this version of kubeadm)/, "$1").trim();
    add(ctx, "preflight.version-skew", [...ev(skew), ...mcp], { detail });
  }

  const root = take((e) => e.check === "IsPrivilegedUser");
  if (root.length > 0) add(ctx, "preflight.not-root", ev(root));

  const tools = take((e) => /^FileExisting-/.test(e.check));
  if (tools.length > 0) {
    const names = tools.map(
      (e) => /^(\S+) not found in system path/.exec(e.message)?.[1] ?? e.check.slice(13),
    );
    add(ctx, "preflight.missing-tool", ev(tools), { tools: uniq(names) });
  }

  for (const e of errors.filter((x) => !used.has(x))) {
    add(ctx, "preflight.other", e.lines, { check: e.check, message: e.message });
  }
}

function join(ctx: Ctx): void {
  const token = grep(
    ctx,
    /could not find a JWS signature in the cluster-info ConfigMap for token ID|token id "[^"]*" is invalid for this cluster or it has expired|failed to verify JWS signature of received cluster info object/,
  );
  if (token.length > 0) {
    const text = token.join("\n");
    const tokenId = /token ID "([^"]+)"|token id "([^"]+)"/i.exec(text);
    add(ctx, "join.token-invalid", token, { tokenId: tokenId?.[1] ?? tokenId?.[2] ?? "" });
  }

  const pin = grep(
    ctx,
    /none of the public keys "[^"]*" are pinned|cluster CA found in cluster-info ConfigMap is invalid|invalid discovery token CA certificate hash/,
  );
  if (pin.length > 0) {
    const actual = /none of the public keys "([^"]*)" are pinned/.exec(pin.join("\n"))?.[1] ?? "";
    add(ctx, "join.ca-hash-mismatch", pin, { actual });
  }

  // The API server cannot be reached: discovery (join) or any API call to the endpoint. Image pulls and
  // the control-plane health checks have their own diagnoses.
  const net =
    /dial tcp (\S+?): (?:connect: )?(connection refused|i\/o timeout|no route to host|network is unreachable)|(context deadline exceeded|Client\.Timeout exceeded while awaiting headers|abort connecting to API servers after timeout of \S+)|lookup (\S+)[^:]*: no such host/;
  const unreachable = ctx.lines.filter((l) => {
    if (!net.test(l)) return false;
    if (/pull|\/v2\/|manifests\/|registry/i.test(l)) return false;
    if (/ check failed at |\[control-plane-check\]|\[kubelet-check\]|10248\/healthz/.test(l)) return false;
    const discovery =
      /couldn't validate the identity of the API Server|cluster-info|abort connecting to API servers/;
    return discovery.test(l) || /https:\/\/[^/\s"]+\/(api|apis)\//.test(l);
  });
  if (unreachable.length > 0) {
    const text = unreachable.join("\n");
    const m = net.exec(text);
    const endpoint =
      /https:\/\/([^/\s"]+)\//.exec(text)?.[1] ?? /dial tcp (\S+?):(?= )/.exec(text)?.[1] ?? m?.[1] ?? "";
    const reason = m?.[2] ?? m?.[3] ?? (m?.[4] ? "no such host" : "");
    add(ctx, "api.unreachable", unreachable, { endpoint, reason });
  }
}

function wait(ctx: Ctx): void {
  const socket =
    /crictl --runtime-endpoint (\S+) ps -a/.exec(ctx.lines.join("\n"))?.[1] ??
    "unix:///var/run/containerd/containerd.sock";

  const kubelet = grep(
    ctx,
    /\[kubelet-check\] The kubelet is not healthy after|failed while waiting for the kubelet to start|\[kubelet-check\] It seems like the kubelet isn't running or healthy|\[kubelet-check\] The HTTP call equal to 'curl -sSL http:\/\/[^']*:10248\/healthz' failed/,
  );
  if (kubelet.length > 0) add(ctx, "wait.kubelet-unhealthy", kubelet, { socket });

  const waitPhase = ctx.failedPhase === "wait-control-plane";
  const cp = grep(
    ctx,
    /\[control-plane-check\] \S+ is not healthy after|failed while waiting for the control plane to start/,
  );
  const legacy = waitPhase
    ? grep(
        ctx,
        /timed out waiting for the condition|\[kubelet-check\] Initial timeout of 40s passed|couldn't initialize a Kubernetes cluster/,
      )
    : [];
  if (kubelet.length === 0 && (cp.length > 0 || legacy.length > 0)) {
    const components = uniq(
      cp.flatMap((l) => {
        const m = /\[control-plane-check\] (\S+) is not healthy after/.exec(l);
        return m ? [m[1] as string] : [];
      }),
    );
    add(ctx, "wait.control-plane-timeout", [...cp, ...legacy], { components, socket });
  }

  const sandbox = grep(
    ctx,
    /detected that the sandbox image "[^"]*" of the container runtime is inconsistent with that used by kubeadm/,
  );
  if (sandbox.length > 0) {
    const m =
      /sandbox image "([^"]*)" of the container runtime.*?(?:recommended to use|recommended that using) "([^"]*)"/.exec(
        sandbox[0] as string,
      );
    add(ctx, "wait.sandbox-image", sandbox, { runtimeImage: m?.[1] ?? "", kubeadmImage: m?.[2] ?? "" });
  }
}

/**
 * Diagnoses of a kubeadm run that exited with `exitCode` (0: nothing to diagnose, returns []). Returns
 * one entry per cause found, in a stable order (preflight, join discovery, waiting), or a single
 * `unknown` entry with the last meaningful lines when nothing is recognised.
 */
export function diagnose(output: string, exitCode: number): Diagnosis[] {
  if (exitCode === 0) return [];
  const lines = splitLines(output);
  const ctx: Ctx = { lines, failedPhase: failedPhase(output), out: [] };
  preflight(ctx, output);
  join(ctx);
  wait(ctx);
  if (ctx.out.length === 0) {
    const phase = ctx.failedPhase ?? "";
    const evidence = lastMeaningfulLines(output, 3);
    const p = { phase, exitCode };
    ctx.out.push({
      id: "unknown",
      evidence,
      explain: { key: "kubeadm.diag.unknown", params: p },
      fix: { key: "kubeadm.fix.unknown", params: p },
    });
  }
  return ctx.out;
}
