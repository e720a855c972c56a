import { plural } from "../../i18n/plural.js";
import { isKubeError, type KubeClient, type KubeObject } from "../../kube/client.js";
import { type Cidr, lastAddress, parseCidr } from "../../validate/ip.js";
import { type Finding, finding } from "../finding.js";
import type { CniName } from "./scan.js";

export interface CniCidr {
  plugin: "flannel" | "calico";
  cidr: string;
  /** Where it was read, e.g. "ConfigMap kube-flannel/kube-flannel-cfg net-conf.json Network". */
  origin: string;
}

function within(inner: Cidr, outer: Cidr): boolean {
  return (
    inner.family === outer.family && inner.base >= outer.base && lastAddress(inner) <= lastAddress(outer)
  );
}

/**
 * CNI ranges that do not lie inside kubeadm's podSubnet. Flannel hands out the node CIDRs the
 * controller manager allocated from podSubnet, so its Network must contain them; a calico pool
 * outside podSubnet breaks kube-proxy's cluster CIDR. Pure.
 */
export function cidrMismatches(podSubnet: string, cni: readonly CniCidr[]): CniCidr[] {
  const pod = podSubnet
    .split(",")
    .map((s) => parseCidr(s))
    .flatMap((p) => (p.ok ? [p.cidr] : []));
  if (pod.length === 0) return [];
  return cni.filter((c) => {
    const p = parseCidr(c.cidr);
    if (!p.ok) return true;
    const sameFamily = pod.filter((x) => x.family === p.cidr.family);
    // A single-stack podSubnet says nothing about the other family's pool.
    return sameFamily.length > 0 && !sameFamily.some((x) => within(p.cidr, x));
  });
}

/** flannel's net-conf.json: {"Network": "10.244.0.0/16", "IPv6Network": ..., "Backend": {...}}. */
export function flannelNetworks(netConf: string | undefined): string[] {
  if (!netConf) return [];
  try {
    const doc = JSON.parse(netConf) as { Network?: unknown; IPv6Network?: unknown };
    return [doc.Network, doc.IPv6Network].filter((v): v is string => typeof v === "string" && v !== "");
  } catch {
    return [];
  }
}

async function optional<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    // The kind or object does not exist in this cluster (no calico CRDs, flannel not installed).
    if (isKubeError(e, "not-found")) return undefined;
    throw e;
  }
}

async function flannelCidrs(client: KubeClient): Promise<CniCidr[]> {
  for (const namespace of ["kube-flannel", "kube-system"]) {
    const cm = await optional(
      client.get({ apiVersion: "v1", kind: "ConfigMap", namespace, name: "kube-flannel-cfg" }),
    );
    const data = (cm?.data ?? {}) as Record<string, string>;
    const nets = flannelNetworks(data["net-conf.json"]);
    if (cm) {
      return nets.map((cidr) => ({
        plugin: "flannel" as const,
        cidr,
        origin: `ConfigMap ${namespace}/kube-flannel-cfg net-conf.json`,
      }));
    }
  }
  return [];
}

async function calicoCidrs(client: KubeClient): Promise<CniCidr[]> {
  const pools = await optional(client.list("crd.projectcalico.org/v1", "IPPool"));
  const fromPools = (pools?.items ?? [])
    .map((p) => ({ p, spec: (p.spec ?? {}) as { cidr?: string; disabled?: boolean } }))
    .filter(({ spec }) => spec.cidr && spec.disabled !== true)
    .map(({ p, spec }) => ({
      plugin: "calico" as const,
      cidr: spec.cidr as string,
      origin: `IPPool ${p.metadata.name}`,
    }));
  if (fromPools.length > 0) return fromPools;
  const install = await optional(
    client.get({ apiVersion: "operator.tigera.io/v1", kind: "Installation", name: "default" }),
  );
  const ipPools = ((install?.spec as { calicoNetwork?: { ipPools?: { cidr?: string }[] } } | undefined)
    ?.calicoNetwork?.ipPools ?? []) as { cidr?: string }[];
  const fromInstall = ipPools
    .filter((p) => p.cidr)
    .map((p) => ({
      plugin: "calico" as const,
      cidr: p.cidr as string,
      origin: "Installation default spec.calicoNetwork.ipPools",
    }));
  if (fromInstall.length > 0) return fromInstall;
  // Before calico-node has created its pool: what the manifest told it to create.
  const ds = await optional(
    client.get<KubeObject>({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      namespace: "kube-system",
      name: "calico-node",
    }),
  );
  const containers = ((
    ds?.spec as
      | { template?: { spec?: { containers?: { env?: { name?: string; value?: string }[] }[] } } }
      | undefined
  )?.template?.spec?.containers ?? []) as { env?: { name?: string; value?: string }[] }[];
  const env = containers
    .flatMap((c) => c.env ?? [])
    .find((e) => e.name === "CALICO_IPV4POOL_CIDR" && e.value);
  return env?.value
    ? [
        {
          plugin: "calico",
          cidr: env.value,
          origin: "DaemonSet kube-system/calico-node env CALICO_IPV4POOL_CIDR",
        },
      ]
    : [];
}

/**
 * Pod CIDR of the CNI against kubeadm-config's podSubnet; and flannel on a cluster initialised
 * without podSubnet (no node gets a pod CIDR: "pod cidr not assigned").
 */
export async function checkCniCidr(
  client: KubeClient,
  podSubnet: string,
  installed: ReadonlySet<CniName>,
  nodesWithoutPodCidr: number,
): Promise<Finding[]> {
  const [flannel, calico] = await Promise.all([flannelCidrs(client), calicoCidrs(client)]);
  const out: Finding[] = [];
  const hasFlannel = installed.has("flannel") || flannel.length > 0;
  if (hasFlannel && podSubnet === "" && nodesWithoutPodCidr > 0) {
    out.push(
      finding(
        "flannel.no-pod-cidr",
        "error",
        "ConfigMap kube-system/kubeadm-config",
        { key: "doctor.flannel.noPodSubnet.title", params: { nodes: nodesWithoutPodCidr } },
        [
          "ConfigMap kube-system/kubeadm-config ClusterConfiguration: networking.podSubnet unset",
          `${plural(nodesWithoutPodCidr, "node")} without spec.podCIDR`,
        ],
        { key: "doctor.flannel.noPodCidr.fix" },
      ),
    );
  }
  for (const m of cidrMismatches(podSubnet, [...flannel, ...calico])) {
    out.push(
      finding(
        "cni.pod-cidr-mismatch",
        "error",
        m.origin,
        { key: "doctor.cni.cidr.title", params: { plugin: m.plugin, cidr: m.cidr, podSubnet } },
        [`${m.origin}: ${m.cidr}`, `ConfigMap kube-system/kubeadm-config networking.podSubnet: ${podSubnet}`],
        {
          key: m.plugin === "flannel" ? "doctor.cni.cidr.fixFlannel" : "doctor.cni.cidr.fixCalico",
          params: { podSubnet },
        },
      ),
    );
  }
  return out;
}
