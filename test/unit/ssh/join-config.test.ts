/**
 * The pure halves of keeping secrets off argv: one host's JoinConfiguration (add-node) and the
 * upload-certs documents (token --control-plane), both decoded with kubeadm's strict schema.
 */
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { uploadCertsDocuments } from "../../../src/kubeadm/documents.js";
import type { JoinCommand } from "../../../src/kubeadm/join-command.js";
import { BUILTIN_DEFAULTS } from "../../../src/spec/defaults.js";
import { resolveSpec } from "../../../src/spec/resolve.js";
import type { InventoryHost } from "../../../src/ssh/inventory.js";
import { hostJoinConfig } from "../../../src/workflow/remote-join.js";
import { decodeMultiDoc, strictDecode } from "../../fakes/kubeadm-schema.js";

const TOKEN = "abcdef.0123456789abcdef";
const KEY = "0f192561ef8eed55a153cb308bd00351a10d54b09bfe5f056a2c797b0adb129f";
const HASH = `sha256:${"a".repeat(64)}`;

const spec = (version: string) =>
  resolveSpec(
    [
      { source: "default", values: BUILTIN_DEFAULTS },
      {
        source: "flags",
        values: {
          kubernetesVersion: version,
          "bootstrapToken.token": "k8swiz.0123456789abcdef",
          "node.name": "master-1",
          "controlPlane.advertiseAddress": "192.168.10.11",
          "node.scheduleOnControlPlane": true,
        },
      },
    ],
    "t",
    "init",
  ).spec;

const host = (o: Partial<InventoryHost> = {}): InventoryHost => ({
  id: "h",
  host: "h",
  port: 22,
  user: "root",
  role: "worker",
  askPassword: false,
  root: "/",
  env: {},
  ...o,
});
const cmd = (o: Partial<JoinCommand> = {}): JoinCommand => ({
  endpoint: "10.0.0.10:6443",
  token: TOKEN,
  caCertHashes: [HASH],
  controlPlane: false,
  unknownFlags: [],
  ...o,
});

function doc(r: ReturnType<typeof hostJoinConfig>) {
  if (!r.ok) throw new Error(`refused ${r.flag}`);
  expect(decodeMultiDoc(r.text)).toEqual([]);
  return { d: yaml.load(r.text) as Record<string, Record<string, unknown>>, args: r.args };
}

describe("a host's JoinConfiguration", () => {
  it("a worker: the host's name, the cluster's CRI socket, none of init's own node settings", () => {
    const { d, args } = doc(hostJoinConfig(cmd(), host({ nodeName: "w-1" }), spec("v1.33.2")));
    expect(d).toEqual({
      apiVersion: "kubeadm.k8s.io/v1beta4",
      kind: "JoinConfiguration",
      discovery: {
        bootstrapToken: { apiServerEndpoint: "10.0.0.10:6443", token: TOKEN, caCertHashes: [HASH] },
      },
      nodeRegistration: {
        name: "w-1",
        criSocket: "unix:///var/run/containerd/containerd.sock",
        imagePullPolicy: "IfNotPresent",
        imagePullSerial: true,
      },
    });
    expect(args).toEqual([]);
    // no nodeName: kubeadm takes the host's hostname, never init's node name
    expect(doc(hostJoinConfig(cmd(), host(), spec("v1.33.2"))).d.nodeRegistration?.name).toBeUndefined();
  });

  it("a control plane on 1.30 (v1beta3): key, advertise address, kubeadm's default taint", () => {
    const { d } = doc(
      hostJoinConfig(
        cmd({ controlPlane: true, certificateKey: KEY }),
        host({ role: "control-plane", advertiseAddress: "10.0.0.12" }),
        spec("v1.30.4"),
      ),
    );
    expect(d.apiVersion).toBe("kubeadm.k8s.io/v1beta3");
    expect(d.controlPlane).toEqual({
      localAPIEndpoint: { advertiseAddress: "10.0.0.12", bindPort: 6443 },
      certificateKey: KEY,
    });
    expect(d.nodeRegistration?.taints).toBeUndefined();
    expect(d.nodeRegistration?.kubeletExtraArgs).toEqual({ "node-ip": "10.0.0.12" });
  });

  it("join-command flags: fields of the file, flags kubeadm allows next to --config, the rest refused", () => {
    const { d, args } = doc(
      hostJoinConfig(
        cmd({
          controlPlane: true,
          certificateKey: KEY,
          caCertHashes: [],
          unknownFlags: [
            "--node-name=init-node",
            "--cri-socket=unix:///run/other.sock",
            "--v=5",
            "--ignore-preflight-errors=all",
            "--skip-phases=preflight",
            "--apiserver-bind-port=7443",
            "--discovery-token=zzzzzz.0123456789abcdef",
            "--discovery-token-unsafe-skip-ca-verification",
            "--patches=/etc/kubeadm/patches",
          ],
        }),
        host({ role: "control-plane", nodeName: "cp-2" }),
        spec("v1.33.2"),
      ),
    );
    expect(args).toEqual(["--v=5", "--ignore-preflight-errors=all", "--skip-phases=preflight"]);
    expect(d.discovery).toEqual({
      bootstrapToken: {
        apiServerEndpoint: "10.0.0.10:6443",
        token: "zzzzzz.0123456789abcdef",
        caCertHashes: [],
        unsafeSkipCAVerification: true,
      },
      tlsBootstrapToken: TOKEN,
    });
    expect(d.nodeRegistration?.name).toBe("cp-2");
    expect(d.nodeRegistration?.criSocket).toBe("unix:///var/run/containerd/containerd.sock");
    expect(d.controlPlane).toEqual({ localAPIEndpoint: { bindPort: 7443 }, certificateKey: KEY });
    expect(d.patches).toEqual({ directory: "/etc/kubeadm/patches" });
    for (const f of ["--config=/x.yaml", "--discovery-file=/c.yaml", "--one-output"]) {
      expect(hostJoinConfig(cmd({ unknownFlags: [f] }), host(), spec("v1.33.2"))).toEqual({
        ok: false,
        flag: f.replace(/=.*/, ""),
      });
    }
  });
});

describe("upload-certs documents", () => {
  it("the key in InitConfiguration, a ClusterConfiguration pinned to kubeadm's version", () => {
    const docs = uploadCertsDocuments({
      certificateKey: KEY,
      kubeadmVersion: "v1.30.4",
      cluster: {
        certificatesDir: "/etc/kubernetes/pki",
        etcdExternal: { endpoints: ["https://10.0.0.5:2379"] },
      },
    });
    expect(docs).toEqual([
      { apiVersion: "kubeadm.k8s.io/v1beta3", kind: "InitConfiguration", certificateKey: KEY },
      {
        apiVersion: "kubeadm.k8s.io/v1beta3",
        kind: "ClusterConfiguration",
        kubernetesVersion: "v1.30.4",
        certificatesDir: "/etc/kubernetes/pki",
        etcd: { external: { endpoints: ["https://10.0.0.5:2379"] } },
      },
    ]);
    for (const d of docs) expect(strictDecode(d)).toEqual([]);
    expect(uploadCertsDocuments({ certificateKey: KEY, kubeadmVersion: undefined })).toEqual([
      { apiVersion: "kubeadm.k8s.io/v1beta4", kind: "InitConfiguration", certificateKey: KEY },
    ]);
  });
});
