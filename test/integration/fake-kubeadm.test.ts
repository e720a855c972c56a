/**
 * The fake kubeadm (test/fakes/kubeadm/fake-kubeadm.mjs), run as a real executable the way the
 * init/join/token commands will run kubeadm, with its output fed through the pure output layer.
 * Each test gets its own host root in a temp directory.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import yaml from "js-yaml";
import { afterEach, describe, expect, it } from "vitest";
import { diagnose } from "../../src/kubeadm/diagnose.js";
import { kubeadmImages } from "../../src/kubeadm/images.js";
import { parseInitJoinCommands, parseJoinCommand } from "../../src/kubeadm/join-command.js";
import { phasesIn } from "../../src/kubeadm/phases.js";
import { FAKE_CA_HASH } from "../fakes/kubeadm/fake-kubeadm.mjs";
import { itUnless, requireSharedTestdata } from "../support/requires.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const FAKE = join(repoRoot, "test", "fakes", "kubeadm", "fake-kubeadm.mjs");
const TESTDATA = join(repoRoot, "..", "shared", "testdata", "transcripts");

// `test`: an `it` skipped, with the reason in its title, without ../shared/testdata/transcripts.
const test = itUnless(requireSharedTestdata("transcripts"));
const TOKEN = "abcdef.0123456789abcdef";
const KEY = "0f192561ef8eed55a153cb308bd00351a10d54b09bfe5f056a2c797b0adb129f";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});
function newRoot(): string {
  const r = mkdtempSync(join(tmpdir(), "kadm-fake-kubeadm-"));
  roots.push(r);
  return r;
}

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  all: string;
}
async function kubeadm(root: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const r = await execa(FAKE, args, {
    reject: false,
    cwd: root,
    stdin: "ignore",
    stripFinalNewline: false,
    env: { KADM_FAKE_ROOT: join(root, "host"), KADM_FAKE_TESTDATA: TESTDATA, LC_ALL: "C", ...env },
  });
  const stdout = String(r.stdout);
  const stderr = String(r.stderr);
  return { exitCode: r.exitCode ?? -1, stdout, stderr, all: `${stdout}\n${stderr}` };
}

function writeConfig(root: string, opts: { cpe?: string; repo?: string; version?: string } = {}): string {
  const path = join(root, "kubeadm.yaml");
  const init = {
    apiVersion: "kubeadm.k8s.io/v1beta4",
    kind: "InitConfiguration",
    bootstrapTokens: [{ token: TOKEN, ttl: "24h0m0s" }],
    certificateKey: KEY,
    localAPIEndpoint: { advertiseAddress: "192.168.1.10", bindPort: 6443 },
    nodeRegistration: { name: "cp-1", criSocket: "unix:///run/containerd/containerd.sock" },
  };
  const cluster = {
    apiVersion: "kubeadm.k8s.io/v1beta4",
    kind: "ClusterConfiguration",
    kubernetesVersion: opts.version ?? "v1.33.2",
    imageRepository: opts.repo ?? "registry.k8s.io",
    ...(opts.cpe ? { controlPlaneEndpoint: opts.cpe } : {}),
    networking: { podSubnet: "10.244.0.0/16", serviceSubnet: "10.96.0.0/12" },
  };
  const kubelet = {
    apiVersion: "kubelet.config.k8s.io/v1beta1",
    kind: "KubeletConfiguration",
    cgroupDriver: "systemd",
  };
  writeFileSync(path, [init, cluster, kubelet].map((d) => yaml.dump(d)).join("---\n"));
  return path;
}

const host = (root: string, p: string) => join(root, "host", p);
const ids = (r: Run) => diagnose(r.all, r.exitCode).map((d) => d.id);

describe("fake kubeadm", () => {
  it("is an executable script that reports its version", async () => {
    const r = await kubeadm(newRoot(), ["version", "-o", "short"]);
    expect(r).toMatchObject({ exitCode: 0, stdout: "v1.33.2\n" });
    const v = await kubeadm(newRoot(), ["version", "-o", "short"], { KADM_FAKE_VERSION: "v1.34.1" });
    expect(v.stdout).toBe("v1.34.1\n");
  });

  it("lists the project's images for the config's version and repository", async () => {
    const root = newRoot();
    const cfg = writeConfig(root, { repo: "registry.aliyuncs.com/google_containers" });
    const r = await kubeadm(root, ["config", "images", "list", "--config", cfg]);
    expect(r.exitCode).toBe(0);
    const expected = kubeadmImages({
      kubernetesVersion: "v1.33.2",
      imageRepository: "registry.aliyuncs.com/google_containers",
      externalEtcd: false,
    });
    expect(r.stdout.trim().split("\n")).toEqual(expected);
    expect(expected).toHaveLength(7);
  });

  test("init: prints the phases, writes the files and a join command our parser reads", async () => {
    const root = newRoot();
    const cfg = writeConfig(root);
    const r = await kubeadm(root, ["init", "--config", cfg]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(phasesIn(r.stdout)).toEqual([
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
    expect(r.stdout).toContain("[init] Using Kubernetes version: v1.33.2");
    expect(r.stdout).toContain(`[bootstrap-token] Using token: ${TOKEN}`);
    expect(r.stdout).toContain("Your Kubernetes control-plane has initialized successfully!");

    for (const f of [
      "admin.conf",
      "super-admin.conf",
      "kubelet.conf",
      "controller-manager.conf",
      "scheduler.conf",
    ]) {
      const kc = yaml.load(readFileSync(host(root, `etc/kubernetes/${f}`), "utf8")) as {
        kind: string;
        clusters: { cluster: { server: string } }[];
      };
      expect(kc.kind).toBe("Config");
      expect(kc.clusters[0]?.cluster.server).toBe("https://192.168.1.10:6443");
    }
    for (const m of ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"]) {
      const pod = yaml.load(readFileSync(host(root, `etc/kubernetes/manifests/${m}.yaml`), "utf8")) as {
        spec: { containers: { image: string }[] };
      };
      expect(pod.spec.containers[0]?.image).toMatch(/^registry\.k8s\.io\//);
    }
    expect(readFileSync(host(root, "etc/kubernetes/pki/ca.crt"), "utf8")).toMatch(
      /^-----BEGIN CERTIFICATE-----\n/,
    );

    const join = parseInitJoinCommands(r.stdout);
    expect(join.controlPlane).toBeUndefined();
    expect(join.worker?.ok).toBe(true);
    if (!join.worker?.ok) return;
    expect(join.worker.join).toMatchObject({
      endpoint: "192.168.1.10:6443",
      token: TOKEN,
      controlPlane: false,
    });
    // stable CA hash across runs and roots
    const again = newRoot();
    const r2 = await kubeadm(again, ["init", "--config", writeConfig(again)]);
    const join2 = parseInitJoinCommands(r2.stdout);
    expect(join2.worker?.ok && join2.worker.join.caCertHashes).toEqual(join.worker.join.caCertHashes);
  });

  test("init --upload-certs with a controlPlaneEndpoint prints the control-plane join with the certificate key", async () => {
    const root = newRoot();
    const r = await kubeadm(root, [
      "init",
      "--config",
      writeConfig(root, { cpe: "lb.example.com:6443" }),
      "--upload-certs",
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`[upload-certs] Using certificate key:\n${KEY}\n`);
    const join = parseInitJoinCommands(r.stdout);
    expect(join.controlPlane?.ok && join.controlPlane.join).toMatchObject({
      endpoint: "lb.example.com:6443",
      token: TOKEN,
      controlPlane: true,
      certificateKey: KEY,
    });
    expect(join.worker?.ok && join.worker.join.endpoint).toBe("lb.example.com:6443");
    // 1.33 indents continuation lines with a TAB
    expect(r.stdout).toMatch(
      / \\\n\t--discovery-token-ca-cert-hash sha256:[0-9a-f]{64} \\\n\t--control-plane --certificate-key /,
    );
    const kc = yaml.load(readFileSync(host(root, "etc/kubernetes/admin.conf"), "utf8")) as {
      clusters: { cluster: { server: string } }[];
    };
    expect(kc.clusters[0]?.cluster.server).toBe("https://lb.example.com:6443");
  });

  test("init refuses a second run on leftovers until reset, in both error layouts", async () => {
    const root = newRoot();
    const cfg = writeConfig(root);
    expect((await kubeadm(root, ["init", "--config", cfg])).exitCode).toBe(0);

    const again = await kubeadm(root, ["init", "--config", cfg]);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(
      /^error execution phase preflight: \[preflight\] Some fatal errors occurred:\n/,
    );
    expect(again.stderr).toContain(
      "\t[ERROR FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]: /etc/kubernetes/manifests/kube-apiserver.yaml already exists\n",
    );
    expect(ids(again)).toEqual(["preflight.leftovers", "preflight.port-in-use"]);
    const d = diagnose(again.all, again.exitCode);
    expect(d[1]?.fix.key).toBe("kubeadm.fix.preflight.port-in-use.reset");

    const v134 = await kubeadm(root, ["init", "--config", cfg], { KADM_FAKE_VERSION: "v1.34.1" });
    expect(v134.exitCode).toBe(1);
    expect(v134.stderr).toContain("error: error execution phase preflight: preflight checks failed\n");
    expect(ids(v134)).toEqual(["preflight.leftovers", "preflight.port-in-use"]);

    const reset = await kubeadm(root, ["reset", "-f"]);
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(reset.stdout).toContain(
      "[reset] Deleting contents of directories: [/etc/kubernetes/manifests /var/lib/kubelet /etc/kubernetes/pki]",
    );
    expect(reset.stdout).toContain("The reset process does not clean CNI configuration.");
    expect(phasesIn(reset.stdout)).toEqual(["preflight", "reset"]);
    for (const f of [
      "etc/kubernetes/manifests/kube-apiserver.yaml",
      "etc/kubernetes/pki/ca.crt",
      "etc/kubernetes/admin.conf",
      "etc/kubernetes/super-admin.conf",
      "etc/kubernetes/kubelet.conf",
      "var/lib/etcd/member/snap/db",
    ]) {
      expect(existsSync(host(root, f)), f).toBe(false);
    }
    expect((await kubeadm(root, ["init", "--config", cfg])).exitCode).toBe(0);
  });

  test("injects preflight failures", async () => {
    const root = newRoot();
    const cfg = writeConfig(root);
    const left = await kubeadm(root, ["init", "--config", cfg], { KADM_FAKE_FAIL: "preflight-leftovers" });
    expect(left.exitCode).toBe(1);
    expect(ids(left)).toEqual(["preflight.leftovers"]);
    const port = await kubeadm(root, ["init", "--config", cfg], { KADM_FAKE_FAIL: "preflight-port" });
    expect(ids(port)).toEqual(["preflight.port-in-use"]);
    expect(port.stderr).toContain("\t[ERROR Port-6443]: Port 6443 is in use\n");
    // --ignore-preflight-errors turns it into a warning
    const ignored = await kubeadm(root, ["init", "--config", cfg, "--ignore-preflight-errors=Port-6443"], {
      KADM_FAKE_FAIL: "preflight-port",
    });
    expect(ignored.exitCode).toBe(0);
    expect(ignored.stderr).toContain("\t[WARNING Port-6443]: Port 6443 is in use");
  });

  test("injects wait-control-plane and kubelet failures, leaving the files behind", async () => {
    const root = newRoot();
    const cfg = writeConfig(root);
    const cp = await kubeadm(root, ["init", "--config", cfg], { KADM_FAKE_FAIL: "wait-control-plane" });
    expect(cp.exitCode).toBe(1);
    expect(cp.stdout).toContain(
      "\t- 'crictl --runtime-endpoint unix:///run/containerd/containerd.sock ps -a | grep kube | grep -v pause'",
    );
    expect(ids(cp)).toEqual(["wait.control-plane-timeout"]);
    expect(diagnose(cp.all, 1)[0]?.explain.params).toMatchObject({
      components: "kube-apiserver, kube-controller-manager, kube-scheduler",
      socket: "unix:///run/containerd/containerd.sock",
    });
    expect(existsSync(host(root, "etc/kubernetes/manifests/etcd.yaml"))).toBe(true);

    const fresh = newRoot();
    const kubelet = await kubeadm(fresh, ["init", "--config", writeConfig(fresh)], {
      KADM_FAKE_FAIL: "wait-kubelet",
    });
    expect(kubelet.exitCode).toBe(1);
    expect(ids(kubelet)).toEqual(["wait.kubelet-unhealthy"]);
  });

  it("rejects configs kubeadm would reject", async () => {
    const root = newRoot();
    const bad = join(root, "bad.yaml");
    writeFileSync(bad, "apiVersion: kubeadm.k8s.io/v1beta2\nkind: ClusterConfiguration\n");
    const old = await kubeadm(root, ["init", "--config", bad]);
    expect(old.exitCode).toBe(1);
    expect(old.stderr).toContain('your configuration file uses an old API spec: "kubeadm.k8s.io/v1beta2"');

    writeFileSync(bad, "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfig\n");
    expect((await kubeadm(root, ["init", "--config", bad])).stderr).toContain(
      'unknown configuration APIs: []schema.GroupVersionKind{schema.GroupVersionKind{Group:"kubeadm.k8s.io", Version:"v1beta4", Kind:"InitConfig"}}',
    );
    const lenient = await kubeadm(root, ["init", "--config", bad], { KADM_FAKE_LENIENT: "1" });
    expect(lenient.stderr).toContain(
      "[config] WARNING: Ignored configuration document with GroupVersionKind",
    );
    expect(lenient.stderr).toContain(
      "no InitConfiguration or ClusterConfiguration kind was found in the configuration file",
    );

    writeFileSync(bad, "kind: ClusterConfiguration\n");
    expect((await kubeadm(root, ["init", "--config", bad])).stderr).toContain(
      "kind and apiVersion is mandatory information that must be specified",
    );
    const mixed = await kubeadm(root, [
      "init",
      "--config",
      writeConfig(root),
      "--pod-network-cidr",
      "10.244.0.0/16",
    ]);
    expect(mixed.stderr).toContain("can not mix '--config' with arguments [pod-network-cidr]");

    const skew = await kubeadm(root, ["init", "--config", writeConfig(root, { version: "v1.31.1" })]);
    expect(skew.exitCode).toBe(1);
    expect(ids(skew)).toEqual(["preflight.version-skew"]);
  });

  test("token create --print-join-command prints one parseable line", async () => {
    const root = newRoot();
    const none = await kubeadm(root, ["token", "create", "--print-join-command"]);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain(
      "failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory",
    );

    await kubeadm(root, ["init", "--config", writeConfig(root)]);
    const r = await kubeadm(root, ["token", "create", "--print-join-command"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split("\n")).toHaveLength(2); // one line + final newline
    expect(r.stdout.endsWith(" \n")).toBe(true); // token.go keeps the space after the hash
    const parsed = parseJoinCommand(r.stdout);
    expect(parsed.ok && parsed.join).toMatchObject({ endpoint: "192.168.1.10:6443", controlPlane: false });
    const cp = await kubeadm(root, ["token", "create", "--print-join-command", "--certificate-key", KEY]);
    const parsedCp = parseJoinCommand(cp.stdout);
    expect(parsedCp.ok && parsedCp.join).toMatchObject({ controlPlane: true, certificateKey: KEY });
  });

  test("with --config, secrets come from the file and kubeadm's mixed-flag rule holds (upload-certs, join, token create)", async () => {
    const root = newRoot();
    await kubeadm(root, ["init", "--config", writeConfig(root)]);
    const log = join(root, "configs.log");
    const file = (name: string, docs: unknown[]) => {
      const p = join(root, name);
      writeFileSync(p, docs.map((d) => yaml.dump(d)).join("---\n"), { mode: 0o600 });
      return p;
    };
    const api = "kubeadm.k8s.io/v1beta4";
    const up = file("up.yaml", [{ apiVersion: api, kind: "InitConfiguration", certificateKey: KEY }]);
    const r = await kubeadm(root, ["init", "phase", "upload-certs", "--upload-certs", "--config", up], {
      KADM_FAKE_CONFIG_LOG: log,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`[upload-certs] Using certificate key:\n${KEY}\n`);
    const quiet = await kubeadm(root, [
      "init",
      "phase",
      "upload-certs",
      "--upload-certs",
      "--skip-certificate-key-print",
      "--config",
      up,
    ]);
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stdout).not.toContain(KEY);
    const seen = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(seen).toMatchObject([{ command: "init phase upload-certs", path: up, mode: "0600" }]);
    expect(seen[0].text).toContain(KEY);
    const mixedUp = await kubeadm(root, [
      "init",
      "phase",
      "upload-certs",
      "--upload-certs",
      "--config",
      up,
      "--certificate-key",
      KEY,
    ]);
    expect(mixedUp.stderr).toContain("can not mix '--config' with arguments [certificate-key]");
    const mixedToken = await kubeadm(root, [
      "token",
      "create",
      "--config",
      up,
      "--print-join-command",
      "--ttl",
      "1h",
    ]);
    expect(mixedToken.stderr).toContain("can not mix '--config' with arguments [ttl]");

    const jc = file("join.yaml", [
      {
        apiVersion: api,
        kind: "JoinConfiguration",
        discovery: {
          bootstrapToken: {
            apiServerEndpoint: "192.168.1.10:6443",
            token: TOKEN,
            caCertHashes: [FAKE_CA_HASH],
          },
        },
      },
    ]);
    const mixedJoin = await kubeadm(newRoot(), [
      "join",
      "--config",
      jc,
      "--cri-socket",
      "unix:///run/containerd/containerd.sock",
      "--v=5",
    ]);
    expect(mixedJoin.stderr).toContain("can not mix '--config' with arguments [cri-socket]");
    const joined = await kubeadm(newRoot(), [
      "join",
      "--config",
      jc,
      "--v=5",
      "--ignore-preflight-errors=all",
      "--skip-phases=addon",
    ]);
    expect(joined.exitCode, joined.stderr).toBe(0);
  });

  test("join: worker success, then already-joined; injected discovery failures", async () => {
    const cpRoot = newRoot();
    const init = await kubeadm(cpRoot, ["init", "--config", writeConfig(cpRoot)]);
    const worker = parseInitJoinCommands(init.stdout).worker;
    if (!worker?.ok) throw new Error("no worker join command");
    const j = worker.join;
    const args = [
      "join",
      j.endpoint,
      "--token",
      j.token,
      "--discovery-token-ca-cert-hash",
      j.caCertHashes[0] ?? "",
    ];

    const node = newRoot();
    const ok = await kubeadm(node, args);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("This node has joined the cluster:");
    expect(phasesIn(ok.stdout)).toEqual(["preflight", "kubelet-start"]);
    const kubeletConf = yaml.load(readFileSync(host(node, "etc/kubernetes/kubelet.conf"), "utf8")) as {
      clusters: { cluster: { server: string } }[];
    };
    expect(kubeletConf.clusters[0]?.cluster.server).toBe("https://192.168.1.10:6443");

    const twice = await kubeadm(node, args);
    expect(twice.exitCode).toBe(1);
    expect(ids(twice)).toEqual(["join.already-joined", "preflight.port-in-use"]);

    const expired = await kubeadm(newRoot(), args, { KADM_FAKE_FAIL: "join-token-expired" });
    expect(expired.exitCode).toBe(1);
    expect(ids(expired)).toEqual(["join.token-invalid"]);
    expect(diagnose(expired.all, 1)[0]?.explain.params).toEqual({ tokenId: "abcdef" });

    const pin = await kubeadm(newRoot(), args, { KADM_FAKE_FAIL: "join-ca-hash" });
    expect(ids(pin)).toEqual(["join.ca-hash-mismatch"]);
    const wrongHash = await kubeadm(newRoot(), [...args.slice(0, -1), `sha256:${"0".repeat(64)}`]);
    expect(ids(wrongHash)).toEqual(["join.ca-hash-mismatch"]);

    const down = await kubeadm(newRoot(), args, { KADM_FAKE_FAIL: "join-unreachable" });
    expect(ids(down)).toEqual(["api.unreachable"]);
    expect(diagnose(down.all, 1)[0]?.explain.params).toEqual({
      endpoint: "192.168.1.10:6443",
      reason: "connection refused",
    });
  });

  test("join --control-plane writes a control plane; validation errors exit 3", async () => {
    const root = newRoot();
    const hash = (await kubeadm(root, ["init", "--config", writeConfig(root)])).stdout.match(
      /sha256:[0-9a-f]{64}/,
    )?.[0];
    const node = newRoot();
    const r = await kubeadm(node, [
      "join",
      "192.168.1.10:6443",
      `--token=${TOKEN}`,
      `--discovery-token-ca-cert-hash=${hash}`,
      "--control-plane",
      "--certificate-key",
      KEY,
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      "This node has joined the cluster and a new control plane instance was created:",
    );
    expect(r.stdout).toContain("* A new etcd member was added to the local/stacked etcd cluster.");
    for (const f of ["admin.conf", "kubelet.conf", "manifests/kube-apiserver.yaml", "manifests/etcd.yaml"]) {
      expect(existsSync(host(node, `etc/kubernetes/${f}`)), f).toBe(true);
    }

    const invalid = await kubeadm(newRoot(), ["join", "10.0.0.1", "--token", "abc"]);
    expect(invalid.exitCode).toBe(3);
    expect(invalid.stderr).toContain("using token-based discovery without caCertHashes can be unsafe");
    expect(invalid.stderr).toContain(
      'discovery.bootstrapToken.token: Invalid value: "abc": the bootstrap token is invalid',
    );
  });

  it("fails like kubeadm on unknown commands and flags", async () => {
    const root = newRoot();
    const cmd = await kubeadm(root, ["frobnicate"]);
    expect(cmd).toMatchObject({ exitCode: 1 });
    expect(cmd.stderr).toBe(
      'unknown command "frobnicate" for "kubeadm"\nTo see the stack trace of this error execute with --v=5 or higher\n',
    );
    const flag = await kubeadm(root, ["init", "--frobnicate"]);
    expect(flag.exitCode).toBe(1);
    expect(flag.stderr).toContain("unknown flag: --frobnicate");
    expect(ids(flag)).toEqual(["unknown"]);
  });
});
