/**
 * The pure kubeadm-output layer: join commands, phase lines, failure diagnoses. Fed with the real
 * kubeadm texts in ../shared/testdata/transcripts (read at run time, never copied) and with kubeadm's
 * source message strings filled in the way kubeadm fills them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { KUBEADM_MESSAGES } from "../../src/i18n/catalog/kubeadm.js";
import type { Entry } from "../../src/i18n/entry.js";
import { render } from "../../src/i18n/messages.js";
import {
  DIAGNOSIS_IDS,
  type DiagnosisId,
  diagnose,
  failedPhase,
  lastMeaningfulLines,
  parsePreflightErrors,
} from "../../src/kubeadm/diagnose.js";
import {
  extractJoinCommands,
  formatJoinCommand,
  type JoinCommand,
  type JoinProblemCode,
  parseInitJoinCommands,
  parseJoinCommand,
} from "../../src/kubeadm/join-command.js";
import { classifyLine, KNOWN_PHASES, PhaseTracker, phasesIn, phaseTitle } from "../../src/kubeadm/phases.js";
import { describeUnless, requireSharedTestdata } from "../support/requires.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const TRANSCRIPTS = join(repoRoot, "..", "shared", "testdata", "transcripts");
const NO_TRANSCRIPTS = requireSharedTestdata("transcripts");
const describeTranscripts = describeUnless(NO_TRANSCRIPTS);

interface FakeModule {
  renderGoTemplate(src: string, data: Record<string, unknown>): string;
  transcriptBody(text: string): string;
  transcriptSections(body: string): Map<string, string>;
}
const fakePath = join(repoRoot, "test", "fakes", "kubeadm", "fake-kubeadm.mjs");
const fake = (await import(pathToFileURL(fakePath).href)) as FakeModule;

const body = (name: string) =>
  NO_TRANSCRIPTS ? "" : fake.transcriptBody(readFileSync(join(TRANSCRIPTS, name), "utf8"));
const sectionOf = (name: string, prefix: string): string => {
  if (NO_TRANSCRIPTS) return "";
  for (const [k, v] of fake.transcriptSections(body(name))) if (k.startsWith(prefix)) return v;
  throw new Error(`no section ${prefix} in ${name}`);
};

const TOKEN = "9vr73a.a8uxyaju799qwdjv";
const HASH = "sha256:7c2e69131a36ae2a042a339b33381c6d0d43887e2de83720eff5359e26aec866";
const KEY = "f8902e114ef118304e561c3ecd4d0b543adc226b7a07f675f56564185ffe0c07";
/** Token and CA hash from the kubernetes/website token-create example. */
const WEB_TOKEN = "5didvk.d09sbcov8ph2amjw";
const WEB_HASH = "sha256:8cb2de97839780a412b93877f8507ad6c94f73add17d5d7058e91741c9d5ec78";

/** join.go's joinCommandTemplate, rendered; `tab` swaps the 4-space continuation for a TAB (newer join.go). */
function renderJoin(ctx: Record<string, unknown>, tab = false): string {
  let tpl = body("kubeadm-join-command.kubeadm-source-template.txt").replace(/\n$/, "");
  if (tab) tpl = tpl.replaceAll("\n    ", "\n\t");
  return fake.renderGoTemplate(tpl, ctx);
}
const WORKER_CTX = {
  ControlPlaneHostPort: "192.168.0.200:6443",
  Token: TOKEN,
  CAPubKeyPins: [HASH],
  ControlPlane: false,
};
const CP_CTX = { ...WORKER_CTX, ControlPlane: true, CertificateKey: KEY };

function ok(text: string): JoinCommand {
  const r = parseJoinCommand(text);
  if (!r.ok) throw new Error(`expected ok for ${JSON.stringify(text)}: ${JSON.stringify(r.problems)}`);
  return r.join;
}
function problems(text: string): JoinProblemCode[] {
  const r = parseJoinCommand(text);
  return r.ok ? [] : r.problems.map((p) => p.code);
}

describeTranscripts("join commands from the transcripts", () => {
  it("renders join.go's template into exactly the printed layout (4 spaces or TAB, trailing space)", () => {
    expect(renderJoin(WORKER_CTX)).toBe(
      `kubeadm join 192.168.0.200:6443 --token ${TOKEN} \\\n    --discovery-token-ca-cert-hash ${HASH} `,
    );
    expect(renderJoin(CP_CTX, true)).toBe(
      `kubeadm join 192.168.0.200:6443 --token ${TOKEN} \\\n\t--discovery-token-ca-cert-hash ${HASH} \\\n\t--control-plane --certificate-key ${KEY}`,
    );
  });

  for (const tab of [false, true]) {
    it(`parses the worker and control-plane commands of join.go (${tab ? "TAB" : "4-space"} continuation)`, () => {
      expect(ok(renderJoin(WORKER_CTX, tab))).toEqual({
        endpoint: "192.168.0.200:6443",
        token: TOKEN,
        caCertHashes: [HASH],
        controlPlane: false,
        unknownFlags: [],
      });
      expect(ok(renderJoin(CP_CTX, tab))).toEqual({
        endpoint: "192.168.0.200:6443",
        token: TOKEN,
        caCertHashes: [HASH],
        controlPlane: true,
        certificateKey: KEY,
        unknownFlags: [],
      });
      // control plane without --upload-certs: `--control-plane ` and no key
      const manual = ok(renderJoin({ ...CP_CTX, CertificateKey: "" }, tab));
      expect(manual.controlPlane).toBe(true);
      expect(manual.certificateKey).toBeUndefined();
      // two CA pins
      expect(ok(renderJoin({ ...WORKER_CTX, CAPubKeyPins: [HASH, WEB_HASH] }, tab)).caCertHashes).toEqual([
        HASH,
        WEB_HASH,
      ]);
    });
  }

  it("parses the one-line --print-join-command form (token.go strips backslash-newlines and TABs)", () => {
    for (const tab of [false, true]) {
      const line = `${renderJoin(WORKER_CTX, tab).replaceAll("\\\n", "").replaceAll("\t", "")}\n`;
      expect(line.endsWith(" \n")).toBe(true);
      expect(ok(line).caCertHashes).toEqual([HASH]);
      const cp = renderJoin(CP_CTX, tab).replaceAll("\\\n", "").replaceAll("\t", "");
      expect(ok(cp)).toMatchObject({ controlPlane: true, certificateKey: KEY });
    }
  });

  it("finds both commands in the init success template, for every branch", () => {
    const tpl = body("kubeadm-init-success.kubeadm-source-template.txt");
    for (const tab of [false, true]) {
      for (const [cpe, upload] of [
        ["", false],
        ["lb.example.com:6443", false],
        ["lb.example.com:6443", true],
      ] as const) {
        const out = fake.renderGoTemplate(tpl, {
          KubeConfigPath: "/etc/kubernetes/admin.conf",
          ControlPlaneEndpoint: cpe,
          UploadCerts: upload,
          joinControlPlaneCommand: renderJoin(upload ? CP_CTX : { ...CP_CTX, CertificateKey: "" }, tab),
          joinWorkerCommand: renderJoin(WORKER_CTX, tab),
        });
        expect(out).toContain("Your Kubernetes control-plane has initialized successfully!");
        const found = parseInitJoinCommands(out);
        expect(found.worker?.ok && found.worker.join.controlPlane).toBe(false);
        if (cpe) {
          expect(found.controlPlane?.ok).toBe(true);
          if (found.controlPlane?.ok)
            expect(found.controlPlane.join.certificateKey).toBe(upload ? KEY : undefined);
        } else expect(found.controlPlane).toBeUndefined();
        // the whole output is more than one command
        expect(problems(out)).toEqual(cpe ? ["multipleCommands"] : []);
      }
    }
  });

  it("parses the kubernetes/website HA example (both one-line commands)", () => {
    const out = body("kubeadm-init-success-upload-certs.website-ha.txt");
    expect(extractJoinCommands(out)).toHaveLength(2);
    const found = parseInitJoinCommands(out);
    expect(found.controlPlane?.ok && found.controlPlane.join).toEqual({
      endpoint: "192.168.0.200:6443",
      token: TOKEN,
      caCertHashes: [HASH],
      controlPlane: true,
      certificateKey: KEY,
      unknownFlags: [],
    });
    expect(found.worker?.ok && found.worker.join.controlPlane).toBe(false);
  });

  it("reports the placeholders of the kubernetes/website create-cluster example", () => {
    const out = body("kubeadm-init-success.website-create-cluster.txt");
    const r = parseJoinCommand(extractJoinCommands(out)[0] ?? "");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toEqual([
        { code: "placeholder", value: "<control-plane-host>:<control-plane-port>" },
        { code: "placeholder", value: "<token>" },
        { code: "placeholder", value: "sha256:<hash>" },
      ]);
    }
  });

  it("every join command in every non-template transcript parses, or only has placeholders", () => {
    let seen = 0;
    for (const f of readdirSync(TRANSCRIPTS).filter((n) => n.endsWith(".txt") && !n.includes("template"))) {
      for (const cmd of extractJoinCommands(body(f))) {
        seen++;
        const r = parseJoinCommand(cmd);
        if (!r.ok)
          expect(
            r.problems.every((p) => p.code === "placeholder"),
            `${f}: ${cmd}`,
          ).toBe(true);
      }
    }
    expect(seen).toBeGreaterThanOrEqual(3);
  });
});

describe("pasted join commands", () => {
  const base = `10.0.0.1:6443 --token ${WEB_TOKEN} --discovery-token-ca-cert-hash ${WEB_HASH}`;
  const expected = {
    endpoint: "10.0.0.1:6443",
    token: WEB_TOKEN,
    caCertHashes: [WEB_HASH],
    controlPlane: false,
    unknownFlags: [],
  };
  const variants: Record<string, string> = {
    "one line": `kubeadm join ${base}`,
    sudo: `sudo kubeadm join ${base}`,
    "full path to kubeadm": `sudo /usr/bin/kubeadm join ${base}`,
    "without kubeadm": `join ${base}`,
    "arguments only": base,
    "--flag=value": `kubeadm join 10.0.0.1:6443 --token=${WEB_TOKEN} --discovery-token-ca-cert-hash=${WEB_HASH}`,
    "CRLF continuations": `kubeadm join 10.0.0.1:6443 --token ${WEB_TOKEN} \\\r\n    --discovery-token-ca-cert-hash ${WEB_HASH} \r\n`,
    "TAB continuation": `kubeadm join 10.0.0.1:6443 --token ${WEB_TOKEN} \\\n\t--discovery-token-ca-cert-hash ${WEB_HASH} `,
    "continuation with trailing blanks after the backslash": `kubeadm join 10.0.0.1:6443 --token ${WEB_TOKEN} \\  \n  --discovery-token-ca-cert-hash ${WEB_HASH}`,
    "stray backslashes on one line": `kubeadm join 10.0.0.1:6443 --token ${WEB_TOKEN} \\ --discovery-token-ca-cert-hash ${WEB_HASH} \\`,
    "shell prompt and > continuation prompt": `root@node1:~# kubeadm join 10.0.0.1:6443 --token ${WEB_TOKEN} \\\n>     --discovery-token-ca-cert-hash ${WEB_HASH}`,
    "terminal-wrapped lines without backslashes": `kubeadm join 10.0.0.1:6443 --token ${WEB_TOKEN} \\\n\n\n--discovery-token-ca-cert-hash\n${WEB_HASH}\n`,
    "typographic dashes and quotes": `kubeadm join 10.0.0.1:6443 \u2013token \u201c${WEB_TOKEN}\u201d \u2014discovery-token-ca-cert-hash '${WEB_HASH}'`,
    "non-breaking spaces": `kubeadm\u00a0join 10.0.0.1:6443\u00a0--token ${WEB_TOKEN} --discovery-token-ca-cert-hash ${WEB_HASH}`,
    "upper-case hash": `kubeadm join 10.0.0.1:6443 --token ${WEB_TOKEN} --discovery-token-ca-cert-hash SHA256:${WEB_HASH.slice(7).toUpperCase()}`,
    "--discovery-token instead of --token": `kubeadm join 10.0.0.1:6443 --discovery-token ${WEB_TOKEN} --discovery-token-ca-cert-hash ${WEB_HASH}`,
  };
  for (const [name, text] of Object.entries(variants)) {
    it(`parses: ${name}`, () => expect(ok(text)).toEqual(expected));
  }

  it("parses a pasted control-plane command with --flag=value and a --control-plane=true", () => {
    expect(ok(`kubeadm join ${base} --control-plane=true --certificate-key=${KEY.toUpperCase()}`)).toEqual({
      ...expected,
      controlPlane: true,
      certificateKey: KEY,
    });
  });

  it("accepts repeated and comma-separated hashes, IPv6 and DNS endpoints", () => {
    expect(
      ok(
        `kubeadm join [fd00::1]:6443 --token ${WEB_TOKEN} --discovery-token-ca-cert-hash ${HASH},${WEB_HASH}`,
      ),
    ).toMatchObject({
      endpoint: "[fd00::1]:6443",
      caCertHashes: [HASH, WEB_HASH],
    });
    expect(
      ok(
        `kubeadm join lb.k8s.local:443 --token ${WEB_TOKEN} --discovery-token-ca-cert-hash ${HASH} --discovery-token-ca-cert-hash ${HASH}`,
      ),
    ).toMatchObject({ endpoint: "lb.k8s.local:443", caCertHashes: [HASH] });
  });

  it("keeps kubeadm flags it does not interpret, in order", () => {
    const j = ok(
      `kubeadm join ${base} --node-name worker-1 --cri-socket=unix:///run/containerd/containerd.sock -v 5 --ignore-preflight-errors Swap`,
    );
    expect(j.unknownFlags).toEqual([
      "--node-name=worker-1",
      "--cri-socket=unix:///run/containerd/containerd.sock",
      "--v=5",
      "--ignore-preflight-errors=Swap",
    ]);
    const skip = ok(
      `kubeadm join 10.0.0.1:6443 --token ${WEB_TOKEN} --discovery-token-unsafe-skip-ca-verification`,
    );
    expect(skip.caCertHashes).toEqual([]);
    expect(skip.unknownFlags).toEqual(["--discovery-token-unsafe-skip-ca-verification"]);
  });

  it("reports every problem as data", () => {
    expect(problems("")).toEqual(["empty"]);
    expect(problems(`kubeadm join --token ${WEB_TOKEN} --discovery-token-ca-cert-hash ${WEB_HASH}`)).toEqual([
      "missingEndpoint",
    ]);
    expect(
      problems(`kubeadm join 10.0.0.1 --token ${WEB_TOKEN} --discovery-token-ca-cert-hash ${WEB_HASH}`),
    ).toEqual(["endpointNoPort"]);
    expect(
      problems(
        `kubeadm join https://10.0.0.1:6443 --token ${WEB_TOKEN} --discovery-token-ca-cert-hash ${WEB_HASH}`,
      ),
    ).toEqual(["badEndpoint"]);
    expect(
      problems(
        `kubeadm join 10.0.0.1:6443 --token 5DIDVK.d09sbcov8ph2amjw --discovery-token-ca-cert-hash ${WEB_HASH}`,
      ),
    ).toEqual(["badToken"]);
    expect(problems(`kubeadm join 10.0.0.1:6443 --discovery-token-ca-cert-hash ${WEB_HASH}`)).toEqual([
      "missingToken",
    ]);
    expect(
      problems(
        `kubeadm join 10.0.0.1:6443 --token ${WEB_TOKEN} --discovery-token-ca-cert-hash sha256:8cb2de97`,
      ),
    ).toEqual(["badCaHash"]);
    expect(problems(`kubeadm join 10.0.0.1:6443 --token ${WEB_TOKEN}`)).toEqual(["missingCaHash"]);
    expect(problems(`kubeadm join ${base} --certificate-key ${KEY}`)).toEqual([
      "certificateKeyWithoutControlPlane",
    ]);
    expect(problems(`kubeadm join ${base} --control-plane --certificate-key abc`)).toEqual([
      "badCertificateKey",
    ]);
    expect(problems(`kubeadm join ${base} --discovery-token-ca-cert-hsh ${WEB_HASH}`)).toEqual([
      "unknownFlag",
    ]);
    expect(problems(`kubeadm join ${base} --node-name`)).toEqual(["missingValue"]);
    expect(problems(`kubeadm join ${base} --control-plane=maybe`)).toEqual(["badBoolean"]);
    expect(problems(`kubeadm join ${base} 10.0.0.2:6443`)).toEqual(["extraArgument"]);
    expect(problems(`kubeadm init --config kubeadm.yaml`)).toEqual(["notJoin"]);
    expect(
      problems(
        `kubeadm join 10.0.0.1:6443 --token <value withheld> \\\n    --discovery-token-ca-cert-hash ${WEB_HASH}`,
      ),
    ).toEqual(["valueWithheld", "missingToken"]);
    // several problems at once, in argument order
    expect(
      problems("kubeadm join 10.0.0.1 --token abc --discovery-token-ca-cert-hash md5:1 --certificate-key k"),
    ).toEqual([
      "endpointNoPort",
      "badToken",
      "badCaHash",
      "badCertificateKey",
      "certificateKeyWithoutControlPlane",
    ]);
  });

  it("formats both forms on one line, and parses them back to the same command", () => {
    const cp: JoinCommand = {
      endpoint: "10.0.0.1:6443",
      token: WEB_TOKEN,
      caCertHashes: [WEB_HASH, HASH],
      controlPlane: true,
      certificateKey: KEY,
      unknownFlags: ["--node-name=cp-2", "--v=5"],
    };
    const kubeadm = formatJoinCommand(cp, { kadm: false });
    expect(kubeadm).toBe(
      `kubeadm join 10.0.0.1:6443 --token ${WEB_TOKEN} --discovery-token-ca-cert-hash ${WEB_HASH} --discovery-token-ca-cert-hash ${HASH} --control-plane --certificate-key ${KEY} --node-name=cp-2 --v=5`,
    );
    expect(ok(kubeadm)).toEqual(cp);
    const kadm = formatJoinCommand(cp, { kadm: true });
    expect(kadm).toBe(
      `kadm-wizard join --endpoint 10.0.0.1:6443 --token ${WEB_TOKEN} --ca-cert-hash ${WEB_HASH} --ca-cert-hash ${HASH} --control-plane --certificate-key ${KEY} --node-name cp-2`,
    );
    expect(kadm).not.toContain("\n");
    expect(ok(kadm)).toEqual({ ...cp, unknownFlags: ["--node-name=cp-2"] });
    // kadm spellings are not kubeadm flags
    expect(problems(kadm.replace("kadm-wizard", "kubeadm"))).toContain("unknownFlag");
  });
});

// ---------------------------------------------------------------------------------------------------

describeTranscripts("phase lines", () => {
  it("classifies kubeadm's line shapes", () => {
    expect(classifyLine('[certs] Generating "ca" certificate and key')).toMatchObject({
      kind: "phase",
      phase: "certs",
    });
    expect(classifyLine("[config/images] Pulled registry.k8s.io/pause:3.10")).toMatchObject({
      kind: "phase",
      phase: "config/images",
    });
    expect(classifyLine("\t[WARNING Swap]: swap is supported for cgroup v2 only")).toMatchObject({
      kind: "preflight-warning",
      check: "Swap",
      phase: "preflight",
    });
    expect(classifyLine("\t[ERROR Port-6443]: Port 6443 is in use\r")).toMatchObject({
      kind: "preflight-error",
      check: "Port-6443",
      text: "Port 6443 is in use",
    });
    expect(
      classifyLine("error: error execution phase upload-config/kubeadm: could not bootstrap"),
    ).toMatchObject({
      kind: "phase-error",
      phase: "upload-config/kubeadm",
    });
    expect(
      classifyLine("W0614 23:56:56.964635   30787 checks.go:846] detected that the sandbox image"),
    ).toMatchObject({ kind: "klog", severity: "W", text: "detected that the sandbox image" });
    expect(classifyLine("W1215 01:56:30.996269    1395 reset.go:141] [reset] Unable to fetch")).toMatchObject(
      {
        kind: "klog",
        phase: "reset",
      },
    );
    expect(classifyLine("To see the stack trace of this error execute with --v=5 or higher").kind).toBe(
      "hint",
    );
    expect(
      classifyLine(
        "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`",
      ).kind,
    ).toBe("hint");
    expect(classifyLine("  kubeadm join 10.0.0.1:6443 --token x \\").kind).toBe("text");
    expect(classifyLine("   ").kind).toBe("blank");
  });

  it("follows the reset transcript (normal and dry-run lines)", () => {
    const reset = body("kubeadm-reset.kubeadm-source.txt");
    expect(phasesIn(reset)).toEqual(["reset", "preflight"]);
    const t = new PhaseTracker();
    const lines = t.feed(`${sectionOf("kubeadm-reset.kubeadm-source.txt", "cleanup-node (B), normal")}\n`);
    expect(lines.every((l) => l.kind === "phase" && l.phase === "reset")).toBe(true);
    expect(t.step).toBe("reset");
  });

  it("keeps the step on wait-control-plane through [kubelet-check] / [control-plane-check] / [apiclient]", () => {
    const t = new PhaseTracker();
    const legacy = sectionOf("kubeadm-init-failure.kubeadm-source-legacy.txt", "printed before waiting");
    expect(t.line(legacy)).toMatchObject({ kind: "phase", step: "wait-control-plane", changed: true });
    const current = sectionOf("kubeadm-init-failure.kubeadm-source-current.txt", "progress / result lines");
    for (const line of current.split("\n")) {
      const l = t.line(line);
      expect(l.kind).toBe("phase");
      expect(l.changed).toBe(false);
      expect(l.step).toBe("wait-control-plane");
    }
    expect(t.current).toBe("apiclient");
  });

  it("follows the join transcript and buffers partial chunks", () => {
    const t = new PhaseTracker();
    const text = body("kubeadm-join-success.website.txt");
    const chunks = text.match(/[\s\S]{1,7}/g) ?? [];
    const lines = [...chunks.flatMap((c) => t.feed(c)), ...t.end()];
    expect(lines.map((l) => l.raw).join("\n")).toBe(text.replace(/\n$/, ""));
    expect(t.steps).toEqual(["preflight"]);
  });

  it("orders the init phases of a whole run", () => {
    const run = [
      "[init] Using Kubernetes version: v1.33.2",
      "[preflight] Running pre-flight checks",
      '[certs] Using certificateDir folder "/etc/kubernetes/pki"',
      '[kubeconfig] Using kubeconfig folder "/etc/kubernetes"',
      '[etcd] Creating static Pod manifest for local etcd in "/etc/kubernetes/manifests"',
      '[control-plane] Using manifest folder "/etc/kubernetes/manifests"',
      "[kubelet-start] Starting the kubelet",
      sectionOf("kubeadm-init-failure.kubeadm-source-legacy.txt", "printed before waiting"),
      "[kubelet-check] The kubelet is healthy after 501.483944ms",
      '[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace',
      '[kubelet] Creating a ConfigMap "kubelet-config" in namespace kube-system',
      "[upload-certs] Skipping phase. Please see --upload-certs",
      "[mark-control-plane] Marking the node cp1 as control-plane",
      "[bootstrap-token] Using token: abcdef.0123456789abcdef",
      '[kubelet-finalize] Updating "/etc/kubernetes/kubelet.conf"',
      "[addons] Applied essential addon: CoreDNS",
    ].join("\n");
    expect(phasesIn(run)).toEqual([
      "init",
      "preflight",
      "certs",
      "kubeconfig",
      "etcd",
      "control-plane",
      "kubelet-start",
      "wait-control-plane",
      "upload-config",
      "upload-certs",
      "mark-control-plane",
      "bootstrap-token",
      "kubelet-finalize",
      "addons",
    ]);
  });

  it("has a catalogue title for every known phase, and a generic one for others", () => {
    for (const p of KNOWN_PHASES) expect(KUBEADM_MESSAGES).toHaveProperty([phaseTitle(p).key]);
    expect(phaseTitle("config/images").key).toBe("kubeadm.phase.config.images");
    expect(phaseTitle("upload-config/kubeadm").key).toBe("kubeadm.phase.upload-config");
    expect(phaseTitle("frobnicate")).toEqual({
      key: "kubeadm.phase.unknown",
      params: { phase: "frobnicate" },
    });
  });
});

// ---------------------------------------------------------------------------------------------------

const HINT = "To see the stack trace of this error execute with --v=5 or higher";
const IGNORE_HINT =
  "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`";
/** preflight.RunChecks error line (checks.go: "\t[ERROR %s]: %v\n"). */
const E = (name: string, msg: string) => `\t[ERROR ${name}]: ${msg}`;
/** kubeadm <= 1.33: the block is part of the workflow error. */
const legacyPreflight = (...errors: string[]) =>
  [
    "[init] Using Kubernetes version: v1.33.2",
    "[preflight] Running pre-flight checks",
    "error execution phase preflight: [preflight] Some fatal errors occurred:",
    ...errors,
    IGNORE_HINT,
    HINT,
  ].join("\n");
/** kubeadm >= 1.34: block on stderr, then "preflight checks failed". */
const modernPreflight = (...errors: string[]) =>
  [
    "[init] Using Kubernetes version: v1.34.1",
    "[preflight] Running pre-flight checks",
    "[preflight] Some fatal errors occurred:",
    ...errors,
    IGNORE_HINT,
    "error: error execution phase preflight: preflight checks failed",
    HINT,
  ].join("\n");
const joinPreflight = (...lines: string[]) =>
  ["[preflight] Running pre-flight checks", ...lines, HINT].join("\n");

const current = "kubeadm-init-failure.kubeadm-source-current.txt";
const progress = (n: number) => (sectionOf(current, "progress / result lines").split("\n")[n] ?? "").trim();
const fill = (fmt: string, ...values: string[]) => {
  let i = 0;
  return fmt.replace(/%[svdq]/g, () => values[i++] ?? "");
};
const SOCKET = "unix:///var/run/containerd/containerd.sock";

const kubeletUnhealthyCurrent = [
  '[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests"',
  fill(progress(1), "http://127.0.0.1:10248/healthz", "4m0s"),
  fill(progress(3), "4m0.000580205s"),
  sectionOf(current, "kubeletFailMsg"),
  "",
  `error execution phase wait-control-plane: failed while waiting for the kubelet to start: ${fill(
    sectionOf(current, "error strings").split("\n")[0] ?? "",
    "http://127.0.0.1:10248/healthz",
    'error: Get "http://127.0.0.1:10248/healthz": context deadline exceeded',
  )}`,
  HINT,
].join("\n");

const kubeletUnhealthyLegacy = [
  fill(
    sectionOf("kubeadm-init-failure.kubeadm-source-legacy.txt", "printed before waiting"),
    '"/etc/kubernetes/manifests"',
    "4m0s",
  ),
  "[kubelet-check] Initial timeout of 40s passed.",
  "[kubelet-check] It seems like the kubelet isn't running or healthy.",
  "[kubelet-check] The HTTP call equal to 'curl -sSL http://localhost:10248/healthz' failed with error: Get \"http://localhost:10248/healthz\": dial tcp 127.0.0.1:10248: connect: connection refused.",
  "error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster",
  HINT,
].join("\n");

const components = [
  ["kube-apiserver", "https://192.168.1.10:6443/livez"],
  ["kube-controller-manager", "https://127.0.0.1:10257/healthz"],
  ["kube-scheduler", "https://127.0.0.1:10259/livez"],
];
const controlPlaneTimeoutCurrent = [
  fill(progress(1), "http://127.0.0.1:10248/healthz", "4m0s"),
  fill(progress(2), "501.697456ms"),
  fill(progress(4), "4m0s"),
  ...components.map(([c, u]) => fill(progress(5), c as string, u as string)),
  ...components.map(([c]) => fill(progress(7), c as string, "4m0.001976302s")),
  fake.renderGoTemplate(sectionOf(current, "controlPlaneFailTempl"), { Socket: SOCKET }),
  "",
  `error: error execution phase wait-control-plane: failed while waiting for the control plane to start: [${components
    .map(
      ([c, u]) =>
        `${fill(sectionOf(current, "error strings").split("\n")[1] ?? "", c as string, u as string)}: connection refused`,
    )
    .join(", ")}]`,
  HINT,
].join("\n");

const controlPlaneTimeoutLegacy = [
  fill(
    sectionOf("kubeadm-init-failure.kubeadm-source-legacy.txt", "printed before waiting"),
    '"/etc/kubernetes/manifests"',
    "4m0s",
  ),
  "[kubelet-check] Initial timeout of 40s passed.",
  fake.renderGoTemplate(sectionOf("kubeadm-init-failure.kubeadm-source-legacy.txt", "kubeletFailTempl"), {
    Error: "timed out waiting for the condition",
    IsDocker: false,
    Socket: SOCKET,
  }),
  "error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster",
  HINT,
].join("\n");

/** checks.go ImagePullCheck's klog warning (1.33 wording: no space after "kubeadm."). */
const sandboxWarning =
  'W0520 03:05:34.890872   11137 checks.go:846] detected that the sandbox image "registry.k8s.io/pause:3.6" of the container runtime is inconsistent with that used by kubeadm.It is recommended to use "registry.k8s.io/pause:3.10" as the CRI sandbox image.';

interface Case {
  output: string;
  /** Other ids this output legitimately also yields. */
  also?: DiagnosisId[];
  params?: Record<string, string | number>;
  fix?: string;
}

const CASES: Record<string, Case & { id: DiagnosisId }> = {
  leftovers: {
    id: "preflight.leftovers",
    output: legacyPreflight(
      ...["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"].map((c) =>
        E(
          `FileAvailable--etc-kubernetes-manifests-${c}.yaml`,
          `/etc/kubernetes/manifests/${c}.yaml already exists`,
        ),
      ),
      E("DirAvailable--var-lib-etcd", "/var/lib/etcd is not empty"),
    ),
    params: {
      paths:
        "/etc/kubernetes/manifests/kube-apiserver.yaml, /etc/kubernetes/manifests/kube-controller-manager.yaml, /etc/kubernetes/manifests/kube-scheduler.yaml, /etc/kubernetes/manifests/etcd.yaml, /var/lib/etcd",
    },
  },
  ports: {
    id: "preflight.port-in-use",
    output: modernPreflight(E("Port-6443", "Port 6443 is in use"), E("Port-10250", "Port 10250 is in use")),
    params: { ports: "6443, 10250" },
    fix: "kubeadm.fix.preflight.port-in-use",
  },
  swap: {
    id: "preflight.swap",
    output: legacyPreflight(E("Swap", "running with swap on is not supported. Please disable swap")),
  },
  cgroupV1: {
    // kubeadm 1.35+ on a cgroup v1 host (message as printed by public 1.35 transcripts, where the
    // ignored check was shown as a WARNING; not ignored it is an ERROR of the same check)
    id: "preflight.cgroup-v1",
    output: modernPreflight(
      E(
        "SystemVerification",
        "cgroups v1 support is deprecated and will be removed in a future release. Please migrate to cgroups v2. To explicitly enable cgroups v1 support for kubelet v1.35 or newer, you must set the kubelet configuration option 'FailCgroupV1' to 'false'. You must also explicitly skip this validation. For more information, see https://git.k8s.io/enhancements/keps/sig-node/5573-remove-cgroup-v1",
      ),
    ),
  },
  cpu: {
    id: "preflight.cpu",
    output: modernPreflight(E("NumCPU", "the number of available CPUs 1 is less than the required 2")),
    params: { have: "1", need: "2" },
  },
  memory: {
    id: "preflight.memory",
    output: modernPreflight(E("Mem", "the system RAM (955 MB) is less than the minimum 1700 MB")),
    params: { have: "955", need: "1700" },
  },
  bridge: {
    id: "preflight.bridge-netfilter",
    output: legacyPreflight(
      E(
        "FileContent--proc-sys-net-bridge-bridge-nf-call-iptables",
        "/proc/sys/net/bridge/bridge-nf-call-iptables does not exist",
      ),
    ),
    params: { files: "/proc/sys/net/bridge/bridge-nf-call-iptables" },
  },
  forward: {
    id: "preflight.ip-forward",
    output: modernPreflight(
      E(
        "FileContent--proc-sys-net-ipv4-ip_forward",
        "/proc/sys/net/ipv4/ip_forward contents are not set to 1",
      ),
    ),
    params: { files: "/proc/sys/net/ipv4/ip_forward" },
  },
  criDisabled: {
    id: "preflight.cri",
    output: legacyPreflight(
      E(
        "CRI",
        'container runtime is not running: output: time="2023-02-10T16:02:09Z" level=fatal msg="validate service connection: CRI v1 runtime API is not implemented for endpoint \\"unix:///var/run/containerd/containerd.sock\\": rpc error: code = Unimplemented desc = unknown service runtime.v1.RuntimeService"',
      ),
      ", error: exit status 1",
    ),
    params: { socket: SOCKET },
    fix: "kubeadm.fix.preflight.cri.disabled",
  },
  criDown: {
    id: "preflight.cri",
    output: [
      "[preflight] Running pre-flight checks",
      "error execution phase preflight: [preflight] Some fatal errors occurred:",
      'failed to create new CRI runtime service: validate service connection: validate CRI v1 runtime API for endpoint "unix:///run/containerd/containerd.sock": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory"[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`',
      HINT,
    ].join("\n"),
    params: { socket: "unix:///run/containerd/containerd.sock" },
    fix: "kubeadm.fix.preflight.cri",
  },
  imagePull: {
    id: "preflight.image-pull",
    output: legacyPreflight(
      E(
        "ImagePull",
        'failed to pull image registry.k8s.io/kube-apiserver:v1.33.2: failed to pull and unpack image "registry.k8s.io/kube-apiserver:v1.33.2": failed to resolve reference "registry.k8s.io/kube-apiserver:v1.33.2": failed to do request: Head "https://registry.k8s.io/v2/kube-apiserver/manifests/v1.33.2": dial tcp 34.96.108.209:443: i/o timeout',
      ),
      E("ImagePull", "failed to pull image registry.k8s.io/pause:3.10: output: Error response from daemon"),
      ", error: exit status 1",
    ),
    params: { images: "registry.k8s.io/kube-apiserver:v1.33.2, registry.k8s.io/pause:3.10" },
  },
  skew: {
    id: "preflight.version-skew",
    output: legacyPreflight(
      E(
        "KubeletVersion",
        'the kubelet version is higher than the control plane version. This is not a supported version skew and may lead to a malfunctional cluster. Kubelet version: "1.33.3" Control plane version: "1.32.0"',
      ),
    ),
  },
  mcp: {
    id: "preflight.version-skew",
    output: [
      "this version of kubeadm only supports deploying clusters with the control plane version >= 1.32.0. Current version: v1.31.1",
      HINT,
    ].join("\n"),
    params: {
      detail:
        "this version of kubeadm only supports deploying clusters with the control plane version >= 1.32.0. Current version: v1.31.1",
    },
  },
  root: {
    id: "preflight.not-root",
    output: legacyPreflight(E("IsPrivilegedUser", "user is not running as root")),
  },
  tool: {
    id: "preflight.missing-tool",
    output: legacyPreflight(E("FileExisting-conntrack", "conntrack not found in system path")),
    params: { tools: "conntrack" },
  },
  other: {
    id: "preflight.other",
    output: modernPreflight(E("SystemVerification", "missing required cgroups: memory")),
    params: { check: "SystemVerification", message: "missing required cgroups: memory" },
  },
  joined: {
    id: "join.already-joined",
    output: joinPreflight(
      "error execution phase preflight: [preflight] Some fatal errors occurred:",
      E("FileAvailable--etc-kubernetes-kubelet.conf", "/etc/kubernetes/kubelet.conf already exists"),
      E("Port-10250", "Port 10250 is in use"),
      E("FileAvailable--etc-kubernetes-pki-ca.crt", "/etc/kubernetes/pki/ca.crt already exists"),
      IGNORE_HINT,
    ),
    also: ["preflight.port-in-use"],
    params: { paths: "/etc/kubernetes/kubelet.conf, /etc/kubernetes/pki/ca.crt" },
  },
  jws: {
    id: "join.token-invalid",
    output: joinPreflight(
      `error execution phase preflight: couldn't validate the identity of the API Server: could not find a JWS signature in the cluster-info ConfigMap for token ID "7l7l2c"`,
    ),
    params: { tokenId: "7l7l2c" },
  },
  expired: {
    id: "join.token-invalid",
    output: joinPreflight(
      'error execution phase preflight: couldn\'t validate the identity of the API Server: token id "abcdef" is invalid for this cluster or it has expired. Use "kubeadm token create" on the control-plane node to create a new valid token',
    ),
    params: { tokenId: "abcdef" },
  },
  pinned: {
    id: "join.ca-hash-mismatch",
    output: joinPreflight(
      `error execution phase preflight: couldn't validate the identity of the API Server: cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${HASH}" are pinned`,
    ),
    params: { actual: HASH },
  },
  refused: {
    id: "api.unreachable",
    output: joinPreflight(
      'error execution phase preflight: couldn\'t validate the identity of the API Server: failed to request the cluster-info ConfigMap: Get "https://10.0.2.15:6443/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s": dial tcp 10.0.2.15:6443: connect: connection refused',
    ),
    params: { endpoint: "10.0.2.15:6443", reason: "connection refused" },
  },
  noRoute: {
    id: "api.unreachable",
    output: joinPreflight(
      'error execution phase preflight: couldn\'t validate the identity of the API Server: Get "https://cluster-endpoint:6443/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s": dial tcp 172.31.30.128:6443: connect: no route to host',
    ),
    params: { endpoint: "cluster-endpoint:6443", reason: "no route to host" },
  },
  ioTimeout: {
    id: "api.unreachable",
    output: joinPreflight(
      'error execution phase preflight: couldn\'t validate the identity of the API Server: failed to request the cluster-info ConfigMap: Get "https://10.0.0.1:6443/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s": dial tcp 10.0.0.1:6443: i/o timeout',
    ),
    params: { endpoint: "10.0.0.1:6443", reason: "i/o timeout" },
  },
  kubeletCurrent: {
    id: "wait.kubelet-unhealthy",
    output: kubeletUnhealthyCurrent,
    params: { socket: SOCKET },
  },
  kubeletLegacy: { id: "wait.kubelet-unhealthy", output: kubeletUnhealthyLegacy },
  cpCurrent: {
    id: "wait.control-plane-timeout",
    output: controlPlaneTimeoutCurrent,
    params: { components: "kube-apiserver, kube-controller-manager, kube-scheduler", socket: SOCKET },
  },
  cpLegacy: {
    id: "wait.control-plane-timeout",
    output: controlPlaneTimeoutLegacy,
    params: { components: "", socket: SOCKET },
  },
  sandbox: {
    id: "wait.sandbox-image",
    output: [sandboxWarning, controlPlaneTimeoutCurrent].join("\n"),
    also: ["wait.control-plane-timeout"],
    params: { runtimeImage: "registry.k8s.io/pause:3.6", kubeadmImage: "registry.k8s.io/pause:3.10" },
  },
  unknown: {
    id: "unknown",
    output: [
      "I0322 11:26:27.055179    1180 initconfiguration.go:117] detected and using CRI socket",
      "error execution phase certs/apiserver-kubelet-client: [certs] certificate apiserver-kubelet-client not signed by CA certificate ca: crypto/rsa: verification error",
      HINT,
    ].join("\n"),
    params: { phase: "certs/apiserver-kubelet-client", exitCode: 1 },
  },
};

describeTranscripts("diagnose", () => {
  const lineSet = (output: string) => new Set(output.replace(/\r\n?/g, "\n").split("\n"));

  for (const [name, c] of Object.entries(CASES)) {
    it(`${c.id} (${name}): found, with exact evidence lines and a fix`, () => {
      const found = diagnose(c.output, 1);
      const d = found.find((x) => x.id === c.id);
      expect(d, JSON.stringify(found.map((x) => x.id))).toBeDefined();
      if (!d) return;
      expect(d.evidence.length).toBeGreaterThan(0);
      const lines = lineSet(c.output);
      if (c.id !== "unknown") for (const e of d.evidence) expect(lines.has(e), e).toBe(true);
      expect(d.explain.key).toBe(`kubeadm.diag.${c.id}`);
      expect(d.fix.key).toBe(c.fix ?? `kubeadm.fix.${c.id}`);
      if (c.params) expect(d.explain.params).toMatchObject(c.params);
      expect(found.map((x) => x.id).sort()).toEqual([c.id, ...(c.also ?? [])].sort());
    });
  }

  it("every id has a positive case, and none fires on another case's output (negatives)", () => {
    const ids = new Set(Object.values(CASES).map((c) => c.id));
    expect([...ids].sort()).toEqual([...DIAGNOSIS_IDS].sort());
    for (const id of DIAGNOSIS_IDS) {
      for (const [name, c] of Object.entries(CASES)) {
        if (c.id === id || c.also?.includes(id)) continue;
        expect(
          diagnose(c.output, 1).map((d) => d.id),
          `${id} on ${name}`,
        ).not.toContain(id);
      }
    }
  });

  it("finds nothing in successful runs, and nothing at all for exit code 0", () => {
    for (const f of [
      "kubeadm-init-success-upload-certs.website-ha.txt",
      "kubeadm-init-success.website-create-cluster.txt",
      "kubeadm-join-success-worker.kubeadm-source.txt",
      "kubeadm-join-success.website.txt",
      "kubeadm-reset.kubeadm-source.txt",
      "kubeadm-token-create.website.txt",
    ]) {
      expect(
        diagnose(body(f), 1).map((d) => d.id),
        f,
      ).toEqual(["unknown"]);
    }
    for (const c of Object.values(CASES)) expect(diagnose(c.output, 0)).toEqual([]);
  });

  it("does not mistake near misses", () => {
    const ids = (out: string) => diagnose(out, 1).map((d) => d.id);
    // a swap warning is not the swap error
    expect(
      ids(
        legacyPreflight(
          "\t[WARNING Swap]: swap is supported for cgroup v2 only",
          E("Mem", "the system RAM (955 MB) is less than the minimum 1700 MB"),
        ),
      ),
    ).toEqual(["preflight.memory"]);
    // healthy checks are not timeouts
    expect(
      ids(
        [
          fill(progress(2), "1.0s"),
          fill(progress(6), "kube-apiserver", "3.5s"),
          "error execution phase upload-config: boom",
        ].join("\n"),
      ),
    ).toEqual(["unknown"]);
    // the TLS-bootstrap timeout of a join is not the control-plane timeout
    expect(
      ids(
        [
          "[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap...",
          "[kubelet-check] Initial timeout of 40s passed.",
          "error execution phase kubelet-start: timed out waiting for the condition",
        ].join("\n"),
      ),
    ).toEqual(["unknown"]);
    // a registry timeout is not an unreachable API server
    expect(ids(CASES.imagePull?.output ?? "")).not.toContain("api.unreachable");
    // the control-plane health checks' connection refused belong to the timeout, not to api.unreachable
    expect(ids(controlPlaneTimeoutCurrent)).toEqual(["wait.control-plane-timeout"]);
  });

  it("names ports held by leftovers with the reset fix", () => {
    const out = legacyPreflight(
      E("Port-6443", "Port 6443 is in use"),
      E(
        "FileAvailable--etc-kubernetes-manifests-etcd.yaml",
        "/etc/kubernetes/manifests/etcd.yaml already exists",
      ),
    );
    const d = diagnose(out, 1);
    expect(d.map((x) => x.id)).toEqual(["preflight.leftovers", "preflight.port-in-use"]);
    expect(d[1]?.fix.key).toBe("kubeadm.fix.preflight.port-in-use.reset");
  });

  it("one port or several: the sentence counts the ports, not commas", () => {
    const text = (...ports: string[]) => {
      const d = diagnose(legacyPreflight(...ports.map((p) => E(`Port-${p}`, `Port ${p} is in use`))), 1);
      const m = d.find((x) => x.id === "preflight.port-in-use")?.explain;
      return m ? render("en", m as never) : "";
    };
    expect(text("6443")).toBe("Port 6443 is already in use on this host.");
    expect(text("6443", "10250")).toBe("Ports 6443, 10250 are already in use on this host.");
  });

  it("parses preflight errors with their continuation lines, in both layouts", () => {
    const errs = parsePreflightErrors(CASES.criDisabled?.output ?? "");
    expect(errs).toHaveLength(1);
    expect(errs[0]?.check).toBe("CRI");
    expect(errs[0]?.lines).toHaveLength(2);
    expect(parsePreflightErrors(CASES.ports?.output ?? "").map((e) => e.check)).toEqual([
      "Port-6443",
      "Port-10250",
    ]);
    expect(failedPhase(CASES.ports?.output ?? "")).toBe("preflight");
    expect(failedPhase(controlPlaneTimeoutLegacy)).toBe("wait-control-plane");
  });

  it("redacts secrets in evidence", () => {
    const out = `[bootstrap-token] Using token: ${WEB_TOKEN}\nerror execution phase addon/coredns: unable to create a new DNS service: the server could not find ${WEB_TOKEN}`;
    const d = diagnose(out, 1);
    expect(d[0]?.id).toBe("unknown");
    expect(d[0]?.evidence.join("\n")).not.toContain("d09sbcov8ph2amjw");
  });
});

describe("lastMeaningfulLines", () => {
  it("skips blanks, klog info/warnings, stack traces and hints", () => {
    const out = [
      "[preflight] Running pre-flight checks",
      "W0730 19:01:56.158637 2266197 common.go:101] your configuration file uses a deprecated API spec",
      "",
      "error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster",
      "k8s.io/kubernetes/cmd/kubeadm/app/cmd/phases/workflow.(*Runner).Run.func1",
      "\tcmd/kubeadm/app/cmd/phases/workflow/runner.go:235",
      "k8s.io/kubernetes/cmd/kubeadm/app/cmd/phases/workflow.(*Runner).visitAll",
      "\t/workspace/src/k8s.io/kubernetes/_output/dockerized/go/src/k8s.io/kubernetes/cmd/kubeadm/app/cmd/phases/workflow/runner.go:421",
      "runtime.goexit",
      "\t/usr/local/go/src/runtime/asm_amd64.s:1571",
      IGNORE_HINT,
      HINT,
      "   ",
    ].join("\n");
    expect(lastMeaningfulLines(out, 5)).toEqual([
      "[preflight] Running pre-flight checks",
      "error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster",
    ]);
    expect(lastMeaningfulLines(out, 1)).toEqual([
      "error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster",
    ]);
    // --v=5 prints the bare error and a stack (kubernetes/kubeone#2755 shape)
    expect(
      failedPhase(
        "error execution phase preflight\nk8s.io/kubernetes/cmd/kubeadm/app/cmd/phases/workflow.(*Runner).Run.func1\n\tcmd/kubeadm/app/cmd/phases/workflow/runner.go:235",
      ),
    ).toBe("preflight");
    expect(lastMeaningfulLines("", 3)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe("message catalogue", () => {
  const messages: Record<string, Entry> = KUBEADM_MESSAGES;
  const sample = {
    paths: "/etc/kubernetes/kubelet.conf",
    ports: "6443, 10250",
    have: 1,
    need: 2,
    files: "/proc/sys/net/ipv4/ip_forward",
    socket: SOCKET,
    images: "registry.k8s.io/pause:3.10",
    detail: "x",
    tools: "conntrack",
    check: "SystemVerification",
    message: "m",
    tokenId: "abcdef",
    actual: HASH,
    endpoint: "10.0.0.1:6443",
    reason: "connection refused",
    components: "kube-apiserver",
    runtimeImage: "a",
    kubeadmImage: "b",
    phase: "certs",
    exitCode: 1,
    value: "v",
    suggestion: "[::1]:6443",
  };

  it("has en and zh text for every diagnosis, fix variant and join problem", () => {
    const keys = [
      ...DIAGNOSIS_IDS.flatMap((id) => [`kubeadm.diag.${id}`, `kubeadm.fix.${id}`]),
      "kubeadm.fix.preflight.port-in-use.reset",
      "kubeadm.fix.preflight.cri.disabled",
      ...(
        [
          "empty",
          "multipleCommands",
          "notJoin",
          "missingEndpoint",
          "badEndpoint",
          "endpointNoPort",
          "endpointIpv6Brackets",
          "endpointBadIpv4",
          "extraArgument",
          "missingToken",
          "badToken",
          "missingCaHash",
          "badCaHash",
          "badCertificateKey",
          "certificateKeyWithoutControlPlane",
          "unknownFlag",
          "missingValue",
          "badBoolean",
          "placeholder",
          "valueWithheld",
        ] satisfies JoinProblemCode[]
      ).map((c) => `kubeadm.join.${c}`),
    ];
    for (const k of keys) {
      const e = messages[k];
      expect(e, k).toBeDefined();
      for (const text of [e?.en(sample), e?.zh(sample)]) {
        expect(text, k).toBeTruthy();
        expect(text, k).not.toContain("undefined");
      }
    }
    for (const k of Object.keys(messages)) expect(k.startsWith("kubeadm.")).toBe(true);
  });

  it("every key a diagnosis can return exists", () => {
    for (const c of Object.values(CASES)) {
      for (const d of diagnose(c.output, 1)) {
        expect(messages).toHaveProperty([d.explain.key]);
        expect(messages).toHaveProperty([d.fix.key]);
      }
    }
  });
});
