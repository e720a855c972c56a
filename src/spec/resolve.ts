import { pinMinor } from "../validate/known-versions.js";
import { parseKubeVersion } from "../validate/version.js";
import { FIELD_BY_PATH, type FieldPath, type SpecValues } from "./fields.js";
import type { ClusterSpec } from "./types.js";

/** Layers from lowest to highest precedence. */
export type LayerSource = "default" | "profile" | "kubeadm-config" | "answers" | "flags" | "prompts";

const USER_SOURCES: ReadonlySet<LayerSource | undefined> = new Set<LayerSource>([
  "kubeadm-config",
  "answers",
  "flags",
  "prompts",
]);

/** The user decided this value (a file, a flag, an answer), as opposed to a built-in or profile default. */
export function isUserSource(src: LayerSource | undefined): boolean {
  return USER_SOURCES.has(src);
}

export interface Layer {
  source: LayerSource;
  values: SpecValues;
}

export interface Resolved {
  spec: ClusterSpec;
  /** Which layer supplied each field that has a value. */
  provenance: Partial<Record<FieldPath, LayerSource>>;
  merged: SpecValues;
}

/** Later layers win; mappings merge per key so `--image-mirror quay.io=X` keeps the profile's docker.io entry. */
export function mergeLayers(layers: Layer[]): {
  merged: SpecValues;
  provenance: Partial<Record<FieldPath, LayerSource>>;
} {
  const merged: Record<string, unknown> = {};
  const provenance: Partial<Record<FieldPath, LayerSource>> = {};
  for (const layer of layers) {
    for (const [path, value] of Object.entries(layer.values)) {
      if (value === undefined) continue;
      const kind = FIELD_BY_PATH.get(path)?.kind;
      const prev = merged[path];
      const isMap = kind === "stringMap" || kind === "stringListMap";
      merged[path] =
        isMap && prev && typeof prev === "object" ? { ...(prev as object), ...(value as object) } : value;
      provenance[path as FieldPath] = layer.source;
    }
  }
  return { merged: merged as SpecValues, provenance };
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? [...new Set(v.map(String))] : []);

/** Host[:port] of an image repository: "harbor.local:8443/k8s" -> "harbor.local:8443". */
export function registryHost(imageRepository: string): string {
  return imageRepository.split("/")[0] ?? imageRepository;
}

function expand(template: string, registry: string): string {
  return template.replaceAll("{registry}", registry);
}

/** A bare socket path becomes the unix:// URL kubeadm expects (it warns on bare paths). */
export function normaliseCriSocket(s: string): string {
  return s.startsWith("/") ? `unix://${s}` : s;
}

/**
 * A full version as it is; a bare minor ("1.33", "v1.33") becomes the newest patch of it that
 * kadm-wizard knows (v1.33.13). Anything else is left for validation to refuse.
 */
export function normaliseKubeVersion(raw: string): string {
  const pin = pinMinor(raw);
  return parseKubeVersion(raw)?.text ?? (pin?.kind === "pinned" ? pin.version : raw);
}

/** Builds the nested spec from merged values. Pure; validation happens separately. */
export function buildSpec(merged: SpecValues, profile: string, mode: "init" | "join"): ClusterSpec {
  const g = (p: FieldPath) => merged[p];
  const rawVersion = str(g("kubernetesVersion")) ?? "";
  const imageRepository = str(g("imageRepository")) ?? "";
  const registry = registryHost(imageRepository);
  const imageMirrors = Object.fromEntries(
    Object.entries((g("cni.imageMirrors") as Record<string, string> | undefined) ?? {}).map(([k, v]) => [
      k,
      expand(v, registry),
    ]),
  );
  const registryMirrors = Object.fromEntries(
    Object.entries((g("registryMirrors") as Record<string, string[]> | undefined) ?? {}).map(([k, v]) => [
      k,
      v.map((u) => expand(u, registry)),
    ]),
  );
  const etcdEndpoints = list(g("etcd.external.endpoints"));
  const etcdFiles = [g("etcd.external.caFile"), g("etcd.external.certFile"), g("etcd.external.keyFile")].map(
    str,
  );
  const hasExternalEtcd = etcdEndpoints.length > 0 || etcdFiles.some((f) => f !== undefined);

  return {
    profile,
    kubernetesVersion: normaliseKubeVersion(rawVersion),
    imageRepository,
    networking: {
      podSubnet: str(g("networking.podSubnet")) ?? "",
      serviceSubnet: str(g("networking.serviceSubnet")) ?? "",
      dnsDomain: str(g("networking.dnsDomain")) ?? "",
    },
    controlPlane: {
      advertiseAddress: str(g("controlPlane.advertiseAddress")),
      bindPort: Number(g("controlPlane.bindPort")),
      endpoint: str(g("controlPlane.endpoint")),
      certSANs: list(g("controlPlane.certSANs")),
      // An endpoint without a mode is the user's own load balancer, as in the classic guides.
      loadBalancer: (str(g("controlPlane.loadBalancer")) ??
        (str(g("controlPlane.endpoint"))
          ? "external"
          : undefined)) as ClusterSpec["controlPlane"]["loadBalancer"],
      vipInterface: str(g("controlPlane.vipInterface")),
      lbBackends: list(g("controlPlane.lbBackends")),
    },
    node: {
      name: str(g("node.name")),
      criSocket: normaliseCriSocket(str(g("node.criSocket")) ?? ""),
      cgroupDriver: (str(g("node.cgroupDriver")) ?? "systemd") as ClusterSpec["node"]["cgroupDriver"],
      scheduleOnControlPlane: g("node.scheduleOnControlPlane") === true,
      allowCgroupV1: g("node.allowCgroupV1") === true,
    },
    kubeProxy: { mode: (str(g("kubeProxy.mode")) ?? "iptables") as ClusterSpec["kubeProxy"]["mode"] },
    cni: {
      plugin: (str(g("cni.plugin")) ?? "flannel") as ClusterSpec["cni"]["plugin"],
      version: str(g("cni.version")),
      interface: str(g("cni.interface")),
      imageMirrors,
      manifestSources: Array.isArray(g("cni.manifestSources"))
        ? (g("cni.manifestSources") as unknown[]).map(String).filter((u) => u !== "")
        : [],
    },
    etcd: {
      external: hasExternalEtcd
        ? {
            endpoints: etcdEndpoints,
            caFile: etcdFiles[0] ?? "",
            certFile: etcdFiles[1] ?? "",
            keyFile: etcdFiles[2] ?? "",
          }
        : undefined,
    },
    bootstrapToken: { token: str(g("bootstrapToken.token")), ttl: str(g("bootstrapToken.ttl")) ?? "24h0m0s" },
    certificateKey: str(g("certificateKey")),
    registryMirrors,
    packageRepository: {
      apt: str(g("packageRepository.apt")),
      yum: str(g("packageRepository.yum")),
      dockerCe: str(g("packageRepository.dockerCe")),
    },
    join:
      mode === "join"
        ? {
            apiServerEndpoint: str(g("join.apiServerEndpoint")) ?? "",
            token: str(g("join.token")) ?? "",
            caCertHashes: list(g("join.caCertHashes")),
            controlPlane: g("join.controlPlane") === true,
            certificateKey: str(g("join.certificateKey")),
          }
        : undefined,
  };
}

export function resolveSpec(layers: Layer[], profile: string, mode: "init" | "join"): Resolved {
  const { merged, provenance } = mergeLayers(layers);
  return { spec: buildSpec(merged, profile, mode), provenance, merged };
}

/** Fields the user must give (no usable default) for this mode, given the profile's own requirements. */
export function missingRequired(
  resolved: Resolved,
  mode: "init" | "join",
  profileRequired: readonly FieldPath[],
  profileOnly = false,
): FieldPath[] {
  const userSet = (p: FieldPath) => isUserSource(resolved.provenance[p]);
  const missing: FieldPath[] = profileRequired.filter((p) => !userSet(p));
  if (profileOnly) return missing;
  const has = (p: FieldPath) => resolved.provenance[p] !== undefined && resolved.merged[p] !== "";
  const need: FieldPath[] =
    mode === "init"
      ? ["controlPlane.advertiseAddress"]
      : ["join.apiServerEndpoint", "join.token", "join.caCertHashes"];
  for (const p of need) {
    const v = resolved.merged[p];
    if (!has(p) || (Array.isArray(v) && v.length === 0)) missing.push(p);
  }
  if (mode === "join" && resolved.merged["join.controlPlane"] === true && !has("join.certificateKey")) {
    missing.push("join.certificateKey");
  }
  return [...new Set(missing)];
}
