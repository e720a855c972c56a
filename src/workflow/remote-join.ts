/**
 * One SSH host's join, PURE: its kubeadm JoinConfiguration from the join command and the host's own
 * settings (node name, advertise address, CRI socket), and the spec its workflow runs with.
 */
import { joinDocuments } from "../kubeadm/documents.js";
import { formatJoinCommand, type JoinCommand } from "../kubeadm/join-command.js";
import { renderDocuments } from "../kubeadm/render.js";
import type { ClusterSpec } from "../spec/types.js";
import type { InventoryHost } from "../ssh/inventory.js";

export interface JoinCommands {
  worker?: JoinCommand | undefined;
  controlPlane?: JoinCommand | undefined;
}

export const joinFor = (joins: JoinCommands, h: Pick<InventoryHost, "role">): JoinCommand | undefined =>
  h.role === "control-plane" ? joins.controlPlane : joins.worker;

/**
 * The spec a host's workflow runs with: the cluster's, with the host's node name and (control
 * plane) advertise address; a joining control plane serves the shared endpoint's load balancer too.
 */
export function hostSpec(spec: ClusterSpec, j: JoinCommand, h: InventoryHost): ClusterSpec {
  const cp = h.role === "control-plane";
  return {
    ...spec,
    // kubeadm's default control-plane taint, as the flag form had: init's choice was for its own node.
    node: { ...spec.node, name: h.nodeName, scheduleOnControlPlane: false },
    controlPlane: {
      ...spec.controlPlane,
      advertiseAddress: cp ? h.advertiseAddress : undefined,
      endpoint: spec.controlPlane.endpoint ?? (cp && spec.controlPlane.loadBalancer ? j.endpoint : undefined),
    },
    join: {
      apiServerEndpoint: j.endpoint,
      token: j.token,
      caCertHashes: j.caCertHashes,
      controlPlane: j.controlPlane,
      certificateKey: j.certificateKey,
    },
  };
}

/** The kubeadm join command for one host, shell-quoted (formatJoinCommand), with its overrides. PURE. */
export function hostJoinCommand(j: JoinCommand, h: InventoryHost, spec: ClusterSpec): string {
  const flags = [
    ...j.unknownFlags.filter((f) => !/^--(node-name|apiserver-advertise-address|cri-socket)=/.test(f)),
  ];
  if (h.nodeName) flags.push(`--node-name=${h.nodeName}`);
  if (h.role === "control-plane" && h.advertiseAddress)
    flags.push(`--apiserver-advertise-address=${h.advertiseAddress}`);
  flags.push(`--cri-socket=${spec.node.criSocket}`);
  return formatJoinCommand({ ...j, unknownFlags: flags }, { kadm: false });
}

/** Join-command flags a host's own settings replace. */
const HOST_OVERRIDES = new Set(["node-name", "apiserver-advertise-address", "cri-socket"]);
/** Flags kubeadm takes next to --config (ValidateMixedArguments: these and every "skip-*"). */
const WITH_CONFIG = new Set(["v", "ignore-preflight-errors", "dry-run", "rootfs", "log-file"]);

export type HostJoinConfig =
  /** `text`: the JoinConfiguration (holds the token and key); `args`: flags for `kubeadm join --config F`. */
  | { ok: true; text: string; args: string[] }
  /** A join-command flag that has no place in a JoinConfiguration and cannot go next to --config. */
  | { ok: false; flag: string };

/**
 * One host's `kubeadm join --config` input. The token and certificate key go in the file, never on
 * an argv; the join command's other flags become JoinConfiguration fields (kubeadm refuses most
 * flags next to --config) or stay flags where kubeadm allows them. The host's node name, advertise
 * address and the CRI socket replace the command's. PURE.
 */
export function hostJoinConfig(j: JoinCommand, h: InventoryHost, spec: ClusterSpec): HostJoinConfig {
  const args: string[] = [];
  let bindPort: number | undefined;
  let discoveryToken: string | undefined;
  let tlsBootstrapToken: string | undefined;
  let unsafeSkip = false;
  let patches: string | undefined;
  for (const f of j.unknownFlags) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(f);
    const name = m?.[1] ?? f;
    const value = m?.[2];
    if (HOST_OVERRIDES.has(name)) continue;
    if (WITH_CONFIG.has(name) || name.startsWith("skip-")) args.push(f);
    else if (name === "apiserver-bind-port" && value !== undefined && /^\d+$/.test(value))
      bindPort = Number(value);
    else if (name === "discovery-token" && value !== undefined) discoveryToken = value;
    else if (name === "tls-bootstrap-token" && value !== undefined) tlsBootstrapToken = value;
    else if (name === "discovery-token-unsafe-skip-ca-verification") unsafeSkip = true;
    else if (name === "patches" && value !== undefined) patches = value;
    else return { ok: false, flag: `--${name}` };
  }
  const cp = j.controlPlane;
  const advertise = cp ? h.advertiseAddress : undefined;
  const [doc] = joinDocuments({
    ...spec,
    // kubeadm's default control-plane taint, as the flag form had: init's choice was for its own node.
    node: { ...spec.node, name: h.nodeName, scheduleOnControlPlane: false },
    controlPlane: {
      ...spec.controlPlane,
      advertiseAddress: advertise,
      bindPort: bindPort ?? spec.controlPlane.bindPort,
    },
    join: {
      apiServerEndpoint: j.endpoint,
      token: discoveryToken ?? j.token,
      caCertHashes: j.caCertHashes,
      controlPlane: cp,
      certificateKey: j.certificateKey,
    },
  });
  if (!doc) throw new Error("no JoinConfiguration");
  const discovery = doc.discovery as { bootstrapToken: Record<string, unknown>; tlsBootstrapToken?: string };
  // --token fills both; a separate --discovery-token leaves --token as the TLS bootstrap token (join.go).
  if (tlsBootstrapToken ?? discoveryToken) discovery.tlsBootstrapToken = tlsBootstrapToken ?? j.token;
  if (unsafeSkip) discovery.bootstrapToken.unsafeSkipCAVerification = true;
  if (patches) doc.patches = { directory: patches };
  const control = doc.controlPlane as Record<string, unknown> | undefined;
  if (control && bindPort !== undefined && !advertise) control.localAPIEndpoint = { bindPort };
  return {
    ok: true,
    text: renderDocuments(
      [doc],
      [
        "kubeadm JoinConfiguration written by kadm-wizard add-node; holds a bootstrap token, removed after the join",
      ],
    ),
    args,
  };
}
