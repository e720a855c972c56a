import type { KubeClient } from "../../kube/client.js";
import { type Finding, finding } from "../finding.js";

export interface BootstrapToken {
  /** The public part; the secret part is never read into findings. */
  id: string;
  /** RFC 3339; undefined: never expires. */
  expiration: string | undefined;
  usages: string[];
}

function decode(v: unknown): string | undefined {
  return typeof v === "string" ? Buffer.from(v, "base64").toString("utf8") : undefined;
}

/** A bootstrap-token Secret's data (base64) -> id, expiry, usages. */
export function parseBootstrapToken(data: Record<string, unknown> | undefined): BootstrapToken | undefined {
  const id = decode(data?.["token-id"]);
  if (!id) return undefined;
  const usages = Object.keys(data ?? {})
    .filter((k) => k.startsWith("usage-bootstrap-") && decode(data?.[k]) === "true")
    .map((k) => k.slice("usage-bootstrap-".length));
  return { id, expiration: decode(data?.expiration), usages };
}

/** Tokens that can still authenticate a `kubeadm join`. */
export function usableTokens(tokens: readonly BootstrapToken[], now: Date): BootstrapToken[] {
  return tokens.filter(
    (t) =>
      t.usages.includes("authentication") &&
      (t.expiration === undefined || Date.parse(t.expiration) > now.getTime()),
  );
}

/**
 * No usable join token left: the 24h token from init has expired (kube-controller-manager's token
 * cleaner then deletes it). Not a fault of the cluster, so info: only joining new nodes needs one.
 */
export async function checkTokens(client: KubeClient, now: Date): Promise<Finding[]> {
  const secrets = await client.list("v1", "Secret", {
    namespace: "kube-system",
    fieldSelector: "type=bootstrap.kubernetes.io/token",
  });
  const tokens = secrets.items
    .map((s) => parseBootstrapToken(s.data as Record<string, unknown> | undefined))
    .filter((t): t is BootstrapToken => t !== undefined);
  if (usableTokens(tokens, now).length > 0) return [];
  const evidence =
    tokens.length === 0
      ? ["kube-system: no Secret of type bootstrap.kubernetes.io/token"]
      : tokens.map(
          (t) => `token ${t.id}: expiration ${t.expiration ?? "-"}, usages ${t.usages.join(",") || "-"}`,
        );
  return [
    finding(
      "token.expired",
      "info",
      "bootstrap tokens (kube-system)",
      { key: "doctor.token.title", params: { count: tokens.length } },
      evidence,
      { key: "doctor.token.fix" },
    ),
  ];
}
