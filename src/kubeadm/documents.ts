import type { ClusterSpec } from "../spec/types.js";
import { parseIp } from "../validate/ip.js";
import {
  FAIL_CGROUP_V1_FROM_MINOR,
  type KubeadmApiVersion,
  kubeadmApiVersion,
  parseKubeVersion,
} from "../validate/version.js";
import { dnsImageRepositoryOverride } from "./images.js";

export type KubeDocument = { apiVersion: string; kind: string } & Record<string, unknown>;

export const DEFAULT_TOKEN_GROUPS = ["system:bootstrappers:kubeadm:default-node-token"];
export const DEFAULT_TOKEN_USAGES = ["signing", "authentication"];

/** v1beta3 takes extra args as a map, v1beta4 as an ordered list of {name, value} (repeatable flags). */
function extraArgs(api: KubeadmApiVersion, args: Record<string, string>): unknown {
  if (api === "kubeadm.k8s.io/v1beta3") return args;
  return Object.entries(args).map(([name, value]) => ({ name, value }));
}

function minorOf(spec: ClusterSpec): number {
  const v = parseKubeVersion(spec.kubernetesVersion);
  if (!v) throw new Error(`unvalidated Kubernetes version ${spec.kubernetesVersion}`);
  return v.minor;
}

function apiVersionOf(spec: ClusterSpec): KubeadmApiVersion {
  const v = parseKubeVersion(spec.kubernetesVersion);
  if (!v) throw new Error(`unvalidated Kubernetes version ${spec.kubernetesVersion}`);
  return kubeadmApiVersion(v);
}

/**
 * nodeRegistration shared by init and join. kubelet's --node-ip is pinned to the advertise address:
 * on multi-NIC hosts the kubelet otherwise registers the default-route address and logs/exec break.
 */
function nodeRegistration(
  spec: ClusterSpec,
  api: KubeadmApiVersion,
  advertise: string | undefined,
  controlPlane: boolean,
) {
  const kubeletArgs: Record<string, string> = {};
  if (advertise !== undefined && parseIp(advertise)) kubeletArgs["node-ip"] = advertise;
  // In the config rather than --ignore-preflight-errors, so the file `config` prints (and the one
  // saved) is complete for plain `kubeadm init/join --config`. Only where kubeadm refuses cgroup v1:
  // skipping SystemVerification also skips its kernel checks.
  const skipSystemVerification = spec.node.allowCgroupV1 && minorOf(spec) >= FAIL_CGROUP_V1_FROM_MINOR;
  return {
    ...(spec.node.name ? { name: spec.node.name } : {}),
    criSocket: spec.node.criSocket,
    imagePullPolicy: "IfNotPresent",
    ...(api === "kubeadm.k8s.io/v1beta4" ? { imagePullSerial: true } : {}),
    // An explicit empty list removes kubeadm's default control-plane NoSchedule taint.
    ...(controlPlane && spec.node.scheduleOnControlPlane ? { taints: [] } : {}),
    ...(Object.keys(kubeletArgs).length > 0 ? { kubeletExtraArgs: extraArgs(api, kubeletArgs) } : {}),
    ...(skipSystemVerification ? { ignorePreflightErrors: ["SystemVerification"] } : {}),
  };
}

export function initConfiguration(spec: ClusterSpec): KubeDocument {
  const api = apiVersionOf(spec);
  const token = spec.bootstrapToken.token;
  if (!token) throw new Error("bootstrap token must be filled in before rendering");
  return {
    apiVersion: api,
    kind: "InitConfiguration",
    bootstrapTokens: [
      {
        token,
        description: "kadm-wizard: join token for worker and control-plane nodes",
        ttl: spec.bootstrapToken.ttl,
        usages: DEFAULT_TOKEN_USAGES,
        groups: DEFAULT_TOKEN_GROUPS,
      },
    ],
    ...(spec.certificateKey ? { certificateKey: spec.certificateKey } : {}),
    ...(spec.controlPlane.advertiseAddress
      ? {
          localAPIEndpoint: {
            advertiseAddress: spec.controlPlane.advertiseAddress,
            bindPort: spec.controlPlane.bindPort,
          },
        }
      : { localAPIEndpoint: { bindPort: spec.controlPlane.bindPort } }),
    nodeRegistration: nodeRegistration(spec, api, spec.controlPlane.advertiseAddress, true),
    ...(api === "kubeadm.k8s.io/v1beta4"
      ? {
          // Images are pre-pulled, so the defaults are ample; stated so users can find and raise them.
          timeouts: { controlPlaneComponentHealthCheck: "4m0s", kubeletHealthCheck: "4m0s" },
        }
      : {}),
  };
}

export function clusterConfiguration(spec: ClusterSpec): KubeDocument {
  const api = apiVersionOf(spec);
  const ext = spec.etcd.external;
  const apiServer: Record<string, unknown> = {};
  if (spec.controlPlane.certSANs.length > 0) apiServer.certSANs = spec.controlPlane.certSANs;
  if (api === "kubeadm.k8s.io/v1beta3") apiServer.timeoutForControlPlane = "4m0s";
  const dnsRepo = dnsImageRepositoryOverride(spec.kubernetesVersion, spec.imageRepository);
  return {
    apiVersion: api,
    kind: "ClusterConfiguration",
    clusterName: "kubernetes",
    kubernetesVersion: spec.kubernetesVersion,
    imageRepository: spec.imageRepository,
    ...(spec.controlPlane.endpoint ? { controlPlaneEndpoint: spec.controlPlane.endpoint } : {}),
    networking: {
      dnsDomain: spec.networking.dnsDomain,
      serviceSubnet: spec.networking.serviceSubnet,
      podSubnet: spec.networking.podSubnet,
    },
    ...(Object.keys(apiServer).length > 0 ? { apiServer } : {}),
    ...(dnsRepo ? { dns: { imageRepository: dnsRepo } } : {}),
    etcd: ext
      ? {
          external: {
            endpoints: ext.endpoints,
            ...(ext.caFile ? { caFile: ext.caFile } : {}),
            ...(ext.certFile ? { certFile: ext.certFile } : {}),
            ...(ext.keyFile ? { keyFile: ext.keyFile } : {}),
          },
        }
      : { local: { dataDir: "/var/lib/etcd" } },
    certificatesDir: "/etc/kubernetes/pki",
  };
}

export function kubeletConfiguration(spec: ClusterSpec): KubeDocument {
  return {
    apiVersion: "kubelet.config.k8s.io/v1beta1",
    kind: "KubeletConfiguration",
    // Must match containerd's SystemdCgroup setting, or pods restart in a loop.
    cgroupDriver: spec.node.cgroupDriver,
    // Only when asked for (validation refuses it before 1.31, where the kubelet has no such field).
    ...(spec.node.allowCgroupV1 ? { failCgroupV1: false } : {}),
  };
}

export function kubeProxyConfiguration(spec: ClusterSpec): KubeDocument {
  return {
    apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
    kind: "KubeProxyConfiguration",
    mode: spec.kubeProxy.mode,
  };
}

export function joinConfiguration(spec: ClusterSpec): KubeDocument {
  const api = apiVersionOf(spec);
  const j = spec.join;
  if (!j) throw new Error("join spec missing");
  const cp = j.controlPlane;
  return {
    apiVersion: api,
    kind: "JoinConfiguration",
    discovery: {
      bootstrapToken: {
        apiServerEndpoint: j.apiServerEndpoint,
        token: j.token,
        caCertHashes: j.caCertHashes,
      },
    },
    nodeRegistration: nodeRegistration(spec, api, spec.controlPlane.advertiseAddress, cp),
    ...(cp
      ? {
          controlPlane: {
            ...(spec.controlPlane.advertiseAddress
              ? {
                  localAPIEndpoint: {
                    advertiseAddress: spec.controlPlane.advertiseAddress,
                    bindPort: spec.controlPlane.bindPort,
                  },
                }
              : {}),
            certificateKey: j.certificateKey,
          },
        }
      : {}),
  };
}

/** The documents `kubeadm init --config` reads, in the order kubeadm prints them itself. */
export function initDocuments(spec: ClusterSpec): KubeDocument[] {
  return [
    initConfiguration(spec),
    clusterConfiguration(spec),
    kubeletConfiguration(spec),
    kubeProxyConfiguration(spec),
  ];
}

/** kubeadm join only reads JoinConfiguration; other kinds would be ignored with a warning. */
export function joinDocuments(spec: ClusterSpec): KubeDocument[] {
  return [joinConfiguration(spec)];
}

/** What the cluster's saved ClusterConfiguration says about the certificates upload-certs copies. */
export interface UploadCertsCluster {
  certificatesDir?: string;
  /** etcd.external: its CA, cert and key are uploaded too (joining control planes need them). */
  etcdExternal?: Record<string, unknown>;
}

/**
 * What `kubeadm init phase upload-certs --upload-certs --config` reads, so the certificate key is
 * not on its argv: InitConfiguration.certificateKey (kubeadm's initData.CertificateKey is the
 * config's) and a ClusterConfiguration pinned to kubeadm's own version (without one kubeadm looks
 * up "stable-1" on dl.k8s.io first). `kubeadmVersion` undefined: kubeadm did not say; v1beta4 and
 * kubeadm's defaults. PURE.
 */
export function uploadCertsDocuments(o: {
  certificateKey: string;
  kubeadmVersion: string | undefined;
  cluster?: UploadCertsCluster | undefined;
}): KubeDocument[] {
  const v = o.kubeadmVersion ? parseKubeVersion(o.kubeadmVersion) : undefined;
  const api = v ? kubeadmApiVersion(v) : "kubeadm.k8s.io/v1beta4";
  const init: KubeDocument = { apiVersion: api, kind: "InitConfiguration", certificateKey: o.certificateKey };
  if (!v) return [init];
  const c = o.cluster ?? {};
  return [
    init,
    {
      apiVersion: api,
      kind: "ClusterConfiguration",
      kubernetesVersion: v.text,
      ...(c.certificatesDir ? { certificatesDir: c.certificatesDir } : {}),
      ...(c.etcdExternal ? { etcd: { external: c.etcdExternal } } : {}),
    },
  ];
}
