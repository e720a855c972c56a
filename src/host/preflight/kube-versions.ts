import type { Msg } from "../../i18n/messages.js";
import { findBinary } from "../../node/binaries.js";
import { type KubeVersion, parseKubeVersion } from "../../validate/version.js";
import { failureReason, type Runner, type RunResult } from "../runner.js";
import { passed, problem } from "./result.js";
import type { CheckResult, PreflightEnv, PreflightExpect } from "./types.js";
import { skewProblems } from "./version-skew.js";

type Binary = "kubeadm" | "kubelet" | "kubectl";

type Probe =
  | { binary: Binary; state: "missing"; evidence: string }
  | { binary: Binary; state: "unreadable"; evidence: string }
  | { binary: Binary; state: "ok"; version: KubeVersion; evidence: string };

const KUBEADM_VERSION_ARGS = ["version", "-o", "short"];
const VERSION_IN_TEXT = /v?1\.\d+\.\d+(?:-(?:alpha|beta|rc)\.\d+)?/;

/** `kubectl version --client -o json` -> clientVersion.gitVersion; older kubectl printed text. */
function kubectlVersion(stdout: string): string | undefined {
  try {
    const doc = JSON.parse(stdout) as { clientVersion?: { gitVersion?: unknown } };
    const v = doc.clientVersion?.gitVersion;
    // Vendor builds append suffixes ("v1.32.4-eks-1a2b", "v1.30.2+k3s1"); the release is the prefix.
    return typeof v === "string" ? VERSION_IN_TEXT.exec(v)?.[0] : undefined;
  } catch {
    return VERSION_IN_TEXT.exec(stdout)?.[0];
  }
}

const VERSION_COMMANDS: { binary: Binary; args: string[]; extract(stdout: string): string | undefined }[] = [
  // "v1.33.2"
  { binary: "kubeadm", args: KUBEADM_VERSION_ARGS, extract: (s) => VERSION_IN_TEXT.exec(s)?.[0] },
  // "Kubernetes v1.33.2"
  { binary: "kubelet", args: ["--version"], extract: (s) => VERSION_IN_TEXT.exec(s)?.[0] },
  { binary: "kubectl", args: ["version", "--client", "-o", "json"], extract: kubectlVersion },
];

/**
 * The one `kubeadm version -o short` probe (read-only, so also in a dry run) of the kubeadm the
 * command runs (`--kubeadm`): its release, or undefined when it is missing or says something else.
 */
export async function readKubeadmVersion(runner: Runner, kubeadm: string): Promise<KubeVersion | undefined> {
  const r = await runner.run([kubeadm, ...KUBEADM_VERSION_ARGS], { timeoutMs: 15_000 });
  const text = r.exitCode === 0 && !r.notFound ? VERSION_IN_TEXT.exec(r.stdout)?.[0] : undefined;
  return text ? parseKubeVersion(text) : undefined;
}

function firstLine(r: RunResult): string {
  const line = `${r.stdout}\n${r.stderr}`.split("\n").find((l) => l.trim() !== "") ?? "";
  return line.trim().slice(0, 160);
}

/**
 * Found by the one binary rule (node/binaries.ts): kubeadm is the command's own (--kubeadm), the
 * others the first under the root's SEARCH_DIRS. A binary that is not there is never run.
 */
async function probe(env: PreflightEnv, c: (typeof VERSION_COMMANDS)[number]): Promise<Probe> {
  const found = await findBinary(env, c.binary, c.binary === "kubeadm" ? env.kubeadm : undefined);
  if (!found) return { binary: c.binary, state: "missing", evidence: `${c.binary}: not found` };
  const argv = [found.argv0, ...c.args];
  const r = await env.runner.run(argv, { timeoutMs: 15_000 });
  const cmd = [found.hostPath ?? found.argv0, ...c.args].join(" ");
  if (r.notFound) return { binary: c.binary, state: "missing", evidence: `${cmd}: not found` };
  const text = c.extract(r.stdout);
  const version = r.exitCode === 0 && text ? parseKubeVersion(text) : undefined;
  if (!version) {
    const why = r.exitCode === 0 ? `unrecognised output "${firstLine(r)}"` : failureReason(r);
    return { binary: c.binary, state: "unreadable", evidence: `${cmd}: ${why}` };
  }
  const raw = c.binary === "kubectl" ? `clientVersion.gitVersion ${text}` : r.stdout.trim();
  return { binary: c.binary, state: "ok", version, evidence: `${cmd}: ${raw}` };
}

/** Presence (host.kube-binaries) and version skew (host.version-skew) from one run of each binary. */
export async function checkKubeVersions(env: PreflightEnv, expect: PreflightExpect): Promise<CheckResult[]> {
  const probes = await Promise.all(VERSION_COMMANDS.map((c) => probe(env, c)));
  const pinnedText = expect.kubernetesVersion;
  const pinned = parseKubeVersion(pinnedText);
  const installFix: Msg = {
    key: "preflight.kubeBinaries.fix",
    params: { version: pinned?.text ?? pinnedText },
  };

  const presenceEvidence = probes.map((p) => p.evidence).join("; ");
  const missing = probes.filter((p) => p.state === "missing").map((p) => p.binary);
  let presence: CheckResult;
  if (missing.length === 0) {
    presence = passed("host.kube-binaries", { key: "preflight.kubeBinaries.ok" }, presenceEvidence);
  } else {
    // kubectl is only needed where the cluster is administered; kubeadm and kubelet everywhere.
    const onlyKubectlOnWorker = expect.role === "worker" && missing.every((b) => b === "kubectl");
    presence = problem(
      "host.kube-binaries",
      onlyKubectlOnWorker ? "warn" : "fail",
      { key: "preflight.kubeBinaries.missing", params: { list: missing.join(", ") } },
      presenceEvidence,
      installFix,
    );
  }

  const found = probes.filter((p) => p.state !== "missing");
  const versions = Object.fromEntries(
    found.flatMap((p) => (p.state === "ok" ? [[p.binary, p.version]] : [])),
  );
  const skewEvidence = [`pinned: ${pinnedText}`, ...found.map((p) => p.evidence)].join("; ");
  const id = "host.version-skew";
  if (!pinned) {
    return [
      presence,
      problem(
        id,
        "fail",
        { key: "preflight.versions.badPinned", params: { value: pinnedText } },
        skewEvidence,
        {
          key: "version.formatHint",
        },
      ),
    ];
  }
  if (found.length === 0) {
    return [presence, problem(id, "warn", { key: "preflight.versions.none" }, skewEvidence, installFix)];
  }
  const problems = [
    ...skewProblems(pinned, versions),
    ...found
      .filter((p) => p.state === "unreadable")
      .map((p) => ({
        status: "warn" as const,
        title: { key: "preflight.versions.unreadable" as const, params: { binary: p.binary } },
      })),
  ];
  const worst = problems.find((p) => p.status === "fail") ?? problems[0];
  if (!worst) {
    return [
      presence,
      passed(id, { key: "preflight.versions.ok", params: { version: pinned.text } }, skewEvidence),
    ];
  }
  const kubeadm = versions.kubeadm;
  const fix: Msg =
    kubeadm && kubeadm.text !== pinned.text
      ? { key: "preflight.versions.fixOrPin", params: { version: pinned.text, installed: kubeadm.text } }
      : installFix;
  return [presence, problem(id, worst.status, worst.title, skewEvidence, fix)];
}
