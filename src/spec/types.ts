/** Version-neutral description of the cluster: the single source of truth for every generated document. */
export type CniPlugin = "flannel" | "calico" | "none";
/** A plugin kadm-wizard installs (cni apply, init). */
export type InstallableCni = Exclude<CniPlugin, "none">;
export type ProxyMode = "iptables" | "ipvs" | "nftables";
export type CgroupDriver = "systemd" | "cgroupfs";
export type LoadBalancerMode = "external" | "kube-vip" | "haproxy";

export interface ExternalEtcd {
  endpoints: string[];
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface JoinSpec {
  /** API server the node joins through, host:port. */
  apiServerEndpoint: string;
  token: string;
  caCertHashes: string[];
  controlPlane: boolean;
  certificateKey: string | undefined;
}

export interface ClusterSpec {
  /** Profile the spec started from (name or file path). */
  profile: string;
  /** Normalised, always with a leading "v", e.g. "v1.33.2". */
  kubernetesVersion: string;
  imageRepository: string;
  networking: {
    /** One CIDR, or an IPv4 and an IPv6 CIDR separated by a comma (dual-stack). */
    podSubnet: string;
    serviceSubnet: string;
    dnsDomain: string;
  };
  controlPlane: {
    advertiseAddress: string | undefined;
    bindPort: number;
    /** host[:port] of a load balancer or DNS name shared by all control-plane nodes. */
    endpoint: string | undefined;
    certSANs: string[];
    /**
     * How the shared endpoint is served (HA): the user's own LB, kube-vip (a VIP by ARP on
     * `vipInterface`), or a haproxy static pod on each control-plane node. Undefined: no endpoint.
     */
    loadBalancer: LoadBalancerMode | undefined;
    vipInterface: string | undefined;
    /** Control-plane API servers behind haproxy / an external LB, IP[:PORT]; default: this node. */
    lbBackends: string[];
  };
  node: {
    name: string | undefined;
    criSocket: string;
    cgroupDriver: CgroupDriver;
    scheduleOnControlPlane: boolean;
    /**
     * Run on a cgroup v1 host knowingly: KubeletConfiguration failCgroupV1: false (1.31+) and, where
     * kubeadm refuses cgroup v1 (1.35+), SystemVerification in nodeRegistration.ignorePreflightErrors.
     */
    allowCgroupV1: boolean;
  };
  kubeProxy: { mode: ProxyMode };
  cni: {
    plugin: CniPlugin;
    version: string | undefined;
    /** Node interface for the pod network (calico IP_AUTODETECTION_METHOD, flannel --iface). */
    interface?: string | undefined;
    /** Upstream registry host -> replacement prefix, applied to CNI images (docker.io -> docker.m.daocloud.io). */
    imageMirrors: Record<string, string>;
    /**
     * Where `cni apply` downloads the pinned manifest, tried in order (official first, mirrors next):
     * URL templates with {repo} {tag} {path} {file} {url} (see cni/source.ts). Every download is
     * checked against the sha256 pinned in cni/catalog.ts, so a mirror cannot change what is applied.
     */
    manifestSources: string[];
  };
  etcd: { external: ExternalEtcd | undefined };
  bootstrapToken: { token: string | undefined; ttl: string };
  certificateKey: string | undefined;
  /** Upstream registry host -> mirror endpoints, written to containerd's certs.d by the host layer. */
  registryMirrors: Record<string, string[]>;
  /**
   * Per-minor package repository base URLs ("{minor}" expands to e.g. "v1.33") and docker-ce's
   * mirror (containerd.io where the distribution's containerd is too old).
   */
  packageRepository: { apt: string | undefined; yum: string | undefined; dockerCe: string | undefined };
  join: JoinSpec | undefined;
}
