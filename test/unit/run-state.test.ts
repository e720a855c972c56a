import { describe, expect, it } from "vitest";
import { kubeconfigTargets, parsePasswd } from "../../src/host/passwd.js";
import { answersFromSpec } from "../../src/spec/answers-dump.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import { parseAnswers } from "../../src/spec/profile.js";
import { resolveSpec } from "../../src/spec/resolve.js";
import {
  decideRun,
  newState,
  type RunState,
  recordStep,
  specFingerprint,
} from "../../src/state/run-state.js";

const spec = resolveSpec(
  [{ source: "default", values: { ...BUILTIN_DEFAULTS, "controlPlane.advertiseAddress": "192.0.2.10" } }],
  "aliyun",
  "init",
).spec;
const STEPS = ["preflight", "prepare.swap", "images", "config", "kubeadm-init", "kubeconfig"];
const now = new Date("2026-11-23T10:00:00Z");
function stateWith(steps: Record<string, "done" | "failed" | "interrupted">, s = spec): RunState {
  let st = newState("init", s, now);
  for (const [id, status] of Object.entries(steps)) st = recordStep(st, id, status, now);
  return st;
}
const none = { files: [] };
const leftovers = { files: ["/etc/kubernetes/manifests/kube-apiserver.yaml", "/etc/kubernetes/admin.conf"] };
const fp = specFingerprint(spec);

describe("decideRun", () => {
  it("fresh host: fresh run", () => {
    expect(decideRun("init", undefined, none, fp, STEPS, "kubeadm-init")).toEqual({ kind: "fresh" });
  });
  it("cluster files without our state: existing, never clobbered", () => {
    expect(decideRun("init", undefined, leftovers, fp, STEPS, "kubeadm-init")).toEqual({
      kind: "existing",
      files: leftovers.files,
    });
  });
  it("a finished run is done", () => {
    const st = { ...stateWith({ preflight: "done" }), finished: true };
    expect(decideRun("init", st, leftovers, fp, STEPS, "kubeadm-init").kind).toBe("done");
  });
  it("failed before kubeadm: resumes at the failed step, skipping finished ones", () => {
    const st = stateWith({ preflight: "done", "prepare.swap": "done", images: "failed" });
    expect(decideRun("init", st, none, fp, STEPS, "kubeadm-init")).toEqual({
      kind: "resume",
      from: "images",
      skip: ["preflight", "prepare.swap"],
      cleanup: false,
      specChanged: false,
    });
  });
  it("kubeadm failed and left files: resume there with a cleanup first", () => {
    const st = stateWith({
      preflight: "done",
      "prepare.swap": "done",
      images: "done",
      config: "done",
      "kubeadm-init": "failed",
    });
    const d = decideRun("init", st, leftovers, fp, STEPS, "kubeadm-init");
    expect(d).toMatchObject({ kind: "resume", from: "kubeadm-init", cleanup: true });
  });
  it("kubeadm failed but left nothing: no cleanup", () => {
    const st = stateWith({ preflight: "done", "kubeadm-init": "interrupted" });
    expect(decideRun("init", st, none, fp, STEPS, "kubeadm-init")).toMatchObject({ cleanup: false });
  });
  it("other answers before kubeadm ran: start again from the first step", () => {
    const st = stateWith({ preflight: "done", images: "failed" });
    const d = decideRun("init", st, none, "0000000000000000", STEPS, "kubeadm-init");
    expect(d).toEqual({ kind: "resume", from: "preflight", skip: [], cleanup: false, specChanged: true });
  });
  it("other answers after kubeadm ran: refused", () => {
    const st = stateWith({ "kubeadm-init": "done", kubeconfig: "failed" });
    expect(decideRun("init", st, leftovers, "0000000000000000", STEPS, "kubeadm-init")).toEqual({
      kind: "spec-changed",
      command: "init",
    });
  });
  it("after kubeadm: resumes at the first unfinished step", () => {
    const st = stateWith({
      preflight: "done",
      images: "done",
      config: "done",
      "kubeadm-init": "done",
      kubeconfig: "failed",
    });
    expect(decideRun("init", st, leftovers, fp, STEPS, "kubeadm-init")).toMatchObject({
      kind: "resume",
      from: "prepare.swap",
      cleanup: false,
    });
  });
  it("the fingerprint ignores secrets but not settings", () => {
    const withToken = {
      ...spec,
      bootstrapToken: { ...spec.bootstrapToken, token: "abcdef.0123456789abcdef" },
    };
    expect(specFingerprint(withToken)).toBe(fp);
    const other = { ...spec, networking: { ...spec.networking, podSubnet: "10.100.0.0/16" } };
    expect(specFingerprint(other)).not.toBe(fp);
  });
});

describe("passwd and kubeconfig targets", () => {
  const passwd = parsePasswd(
    "root:x:0:0:root:/root:/bin/bash\n# comment\nbroken line\ndev:x:1000:1001:Dev:/home/dev/:/bin/bash\n",
  );
  it("parses entries and skips junk", () => {
    expect(passwd).toEqual([
      { name: "root", uid: 0, gid: 0, home: "/root" },
      { name: "dev", uid: 1000, gid: 1001, home: "/home/dev/" },
    ]);
  });
  it("root always, the sudo user too", () => {
    expect(kubeconfigTargets(passwd, "dev")).toEqual([
      { user: "root", path: "/root/.kube/config", uid: 0, gid: 0 },
      { user: "dev", path: "/home/dev/.kube/config", uid: 1000, gid: 1001 },
    ]);
    expect(kubeconfigTargets(passwd, undefined)).toHaveLength(1);
    expect(kubeconfigTargets(passwd, "nobody-here")).toHaveLength(1);
    expect(kubeconfigTargets([], "root")).toEqual([
      { user: "root", path: "/root/.kube/config", uid: 0, gid: 0 },
    ]);
  });
});

describe("answersFromSpec", () => {
  it("writes an answers file that loads back to the same values", () => {
    const text = answersFromSpec(spec, ["saved"]);
    expect(text.startsWith("# saved\n")).toBe(true);
    const back = parseAnswers(text);
    expect(back.values).toBeDefined();
    expect(back.values?.["networking.podSubnet"]).toBe(spec.networking.podSubnet);
    expect(back.values?.["controlPlane.advertiseAddress"]).toBe("192.0.2.10");
    expect(back.profile).toBe("aliyun");
  });
});
