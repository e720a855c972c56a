/**
 * Every settable spec field, once. Flags, profile/answers validation, layering and the wizard are
 * all driven from this table, so a new field is added in one place.
 */
export type FieldKind = "string" | "int" | "bool" | "stringList" | "stringMap" | "stringListMap";

export interface FieldDef {
  path: string;
  kind: FieldKind;
  /** Long flag name without dashes; absent for fields settable only from files. */
  flag?: string;
  /** Allowed values for enum-like strings. */
  values?: readonly string[];
}

export const FIELDS = [
  { path: "kubernetesVersion", kind: "string", flag: "k8s-version" },
  { path: "imageRepository", kind: "string", flag: "image-repository" },
  { path: "networking.podSubnet", kind: "string", flag: "pod-subnet" },
  { path: "networking.serviceSubnet", kind: "string", flag: "service-subnet" },
  { path: "networking.dnsDomain", kind: "string", flag: "dns-domain" },
  { path: "controlPlane.advertiseAddress", kind: "string", flag: "advertise-address" },
  { path: "controlPlane.bindPort", kind: "int", flag: "bind-port" },
  { path: "controlPlane.endpoint", kind: "string", flag: "control-plane-endpoint" },
  { path: "controlPlane.certSANs", kind: "stringList", flag: "cert-sans" },
  {
    path: "controlPlane.loadBalancer",
    kind: "string",
    flag: "lb",
    values: ["external", "kube-vip", "haproxy"],
  },
  { path: "controlPlane.vipInterface", kind: "string", flag: "vip-interface" },
  { path: "controlPlane.lbBackends", kind: "stringList", flag: "lb-backends" },
  { path: "node.name", kind: "string", flag: "node-name" },
  { path: "node.criSocket", kind: "string", flag: "cri-socket" },
  { path: "node.cgroupDriver", kind: "string", flag: "cgroup-driver", values: ["systemd", "cgroupfs"] },
  // Opt-in to run the kubelet on a cgroup v1 host from 1.35 (kubelet failCgroupV1: false).
  { path: "node.allowCgroupV1", kind: "bool", flag: "allow-cgroup-v1" },
  { path: "node.scheduleOnControlPlane", kind: "bool", flag: "schedule-on-control-plane" },
  { path: "kubeProxy.mode", kind: "string", flag: "proxy-mode", values: ["iptables", "ipvs", "nftables"] },
  { path: "cni.plugin", kind: "string", flag: "cni", values: ["flannel", "calico", "none"] },
  { path: "cni.version", kind: "string", flag: "cni-version" },
  { path: "cni.interface", kind: "string", flag: "cni-interface" },
  { path: "cni.imageMirrors", kind: "stringMap", flag: "image-mirror" },
  { path: "cni.manifestSources", kind: "stringList" },
  { path: "etcd.external.endpoints", kind: "stringList", flag: "etcd-endpoints" },
  { path: "etcd.external.caFile", kind: "string", flag: "etcd-cafile" },
  { path: "etcd.external.certFile", kind: "string", flag: "etcd-certfile" },
  { path: "etcd.external.keyFile", kind: "string", flag: "etcd-keyfile" },
  { path: "bootstrapToken.token", kind: "string", flag: "token" },
  { path: "bootstrapToken.ttl", kind: "string", flag: "token-ttl" },
  { path: "certificateKey", kind: "string", flag: "certificate-key" },
  { path: "registryMirrors", kind: "stringListMap" },
  { path: "packageRepository.apt", kind: "string" },
  { path: "packageRepository.yum", kind: "string" },
  { path: "packageRepository.dockerCe", kind: "string" },
  { path: "join.apiServerEndpoint", kind: "string", flag: "endpoint" },
  { path: "join.token", kind: "string" },
  { path: "join.caCertHashes", kind: "stringList", flag: "ca-cert-hash" },
  { path: "join.controlPlane", kind: "bool", flag: "control-plane" },
  { path: "join.certificateKey", kind: "string" },
] as const satisfies readonly FieldDef[];

export type FieldPath = (typeof FIELDS)[number]["path"];

export const FIELD_BY_PATH: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((f) => [f.path, f]));

/** A partial spec as flat `path -> value`, one per layer (defaults, profile, answers, flags, prompts). */
export type SpecValues = Partial<Record<FieldPath, unknown>>;
