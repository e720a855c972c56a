/**
 * What `kubeadm join` checks first, done before this host is touched: the cluster-info ConfigMap
 * (readable anonymously on kubeadm clusters) must be signed for the bootstrap token (a detached HS256
 * JWS keyed by the token secret, RFC 7515 appendix F, as k8s bootstrap's ComputeDetachedSignature) and
 * carry a CA whose public-key hash is pinned. With the token, the cluster's kubeadm-config then says
 * which version and image repository the node must use. Checks are pure; fetching goes through the
 * KubeClient port.
 */
import { createHash, createHmac, timingSafeEqual, X509Certificate } from "node:crypto";
import { loadBoundedOrThrow } from "../util/yaml-safe.js";
import type { KubeClient, KubeObject } from "./client.js";

/** sha256 of the certificate's SubjectPublicKeyInfo, as `--discovery-token-ca-cert-hash` pins it. */
export function caCertHash(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
  return `sha256:${createHash("sha256").update(spki).digest("hex")}`;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

/** Detached JWS `header..signature` over `content`, HS256 with the token secret. */
export function detachedJws(content: string, tokenId: string, tokenSecret: string): string {
  const header = b64url(JSON.stringify({ alg: "HS256", kid: tokenId }));
  const sig = createHmac("sha256", tokenSecret)
    .update(`${header}.${b64url(content)}`)
    .digest();
  return `${header}..${b64url(sig)}`;
}

export function verifyDetachedJws(jws: string, content: string, tokenSecret: string): boolean {
  const m = /^([A-Za-z0-9_-]+)\.\.([A-Za-z0-9_-]+)$/.exec(jws.trim());
  if (!m) return false;
  const expected = createHmac("sha256", tokenSecret)
    .update(`${m[1]}.${b64url(content)}`)
    .digest();
  const got = Buffer.from(m[2] as string, "base64url");
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export type ClusterInfoProblem =
  | { code: "noKubeconfig" }
  /** No signature for this token id: the token does not exist (expired, deleted, mistyped id). */
  | { code: "tokenUnknown"; tokenId: string }
  /** A signature exists but the secret does not match. */
  | { code: "tokenSecret"; tokenId: string }
  | { code: "noCa" }
  | { code: "caMismatch"; actual: string };

export interface ClusterInfo {
  server: string;
  caPem: string;
  caHash: string;
}

/** Checks a cluster-info ConfigMap's data against the token and the pinned CA hashes. Pure. */
export function checkClusterInfo(
  data: Record<string, string> | undefined,
  token: string,
  pins: readonly string[],
): { ok: true; info: ClusterInfo } | { ok: false; problem: ClusterInfoProblem } {
  const [tokenId, tokenSecret] = token.split(".") as [string, string];
  const kubeconfig = data?.kubeconfig;
  if (!kubeconfig) return { ok: false, problem: { code: "noKubeconfig" } };
  const jws = data?.[`jws-kubeconfig-${tokenId}`];
  if (!jws) return { ok: false, problem: { code: "tokenUnknown", tokenId } };
  if (!verifyDetachedJws(jws, kubeconfig, tokenSecret))
    return { ok: false, problem: { code: "tokenSecret", tokenId } };
  let cfg:
    | { clusters?: { cluster?: { server?: string; "certificate-authority-data"?: string } }[] }
    | undefined;
  try {
    cfg = loadBoundedOrThrow(kubeconfig) as typeof cfg;
  } catch {
    return { ok: false, problem: { code: "noKubeconfig" } };
  }
  const cluster = cfg?.clusters?.[0]?.cluster;
  const caData = cluster?.["certificate-authority-data"];
  if (!caData) return { ok: false, problem: { code: "noCa" } };
  const caPem = Buffer.from(caData, "base64").toString("utf8");
  let caHash: string;
  try {
    caHash = caCertHash(caPem);
  } catch {
    return { ok: false, problem: { code: "noCa" } };
  }
  if (!pins.map((p) => p.toLowerCase()).includes(caHash))
    return { ok: false, problem: { code: "caMismatch", actual: caHash } };
  return { ok: true, info: { server: cluster?.server ?? "", caPem, caHash } };
}

export interface ClusterSettings {
  kubernetesVersion?: string | undefined;
  imageRepository?: string | undefined;
  podSubnet?: string | undefined;
}

/** The ClusterConfiguration inside kubeadm-config (`data.ClusterConfiguration`, YAML). Pure. */
export function clusterSettings(configMap: KubeObject): ClusterSettings {
  const text = (configMap as { data?: Record<string, string> }).data?.ClusterConfiguration;
  if (!text) return {};
  const c = loadBoundedOrThrow(text) as {
    kubernetesVersion?: string;
    imageRepository?: string;
    networking?: { podSubnet?: string };
  } | null;
  return {
    kubernetesVersion: c?.kubernetesVersion,
    imageRepository: c?.imageRepository,
    podSubnet: c?.networking?.podSubnet,
  };
}

export type MakeClient = (parts: {
  server: string;
  caPem?: string;
  token?: string;
  insecure?: boolean;
}) => Promise<KubeClient>;

/** Token discovery as kubeadm does it, then the cluster's settings with the token. */
export async function discoverCluster(
  makeClient: MakeClient,
  endpoint: string,
  token: string,
  pins: readonly string[],
): Promise<
  { ok: true; info: ClusterInfo; settings: ClusterSettings } | { ok: false; problem: ClusterInfoProblem }
> {
  const server = `https://${endpoint}`;
  // Insecure on purpose: the CA it returns is only trusted after its hash matched a pin.
  const anon = await makeClient({ server, insecure: true });
  const cm = await anon.get<KubeObject & { data?: Record<string, string> }>({
    apiVersion: "v1",
    kind: "ConfigMap",
    namespace: "kube-public",
    name: "cluster-info",
  });
  const checked = checkClusterInfo(cm.data, token, pins);
  if (!checked.ok) return checked;
  const authed = await makeClient({ server, caPem: checked.info.caPem, token });
  const cfg = await authed.get({
    apiVersion: "v1",
    kind: "ConfigMap",
    namespace: "kube-system",
    name: "kubeadm-config",
  });
  return { ok: true, info: checked.info, settings: clusterSettings(cfg) };
}
