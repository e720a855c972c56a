import { randomBytes, randomInt } from "node:crypto";
import type { ClusterSpec } from "../spec/types.js";

const TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export interface RandomSource {
  /** Uniform integer in [0, max). */
  int(max: number): number;
  bytes(n: number): Buffer;
}

export const cryptoRandom: RandomSource = { int: (max) => randomInt(max), bytes: (n) => randomBytes(n) };

/** A bootstrap token in kubeadm's format [a-z0-9]{6}.[a-z0-9]{16}, uniformly random. */
export function generateBootstrapToken(rng: RandomSource = cryptoRandom): string {
  const pick = (n: number) =>
    Array.from({ length: n }, () => TOKEN_ALPHABET[rng.int(TOKEN_ALPHABET.length)]).join("");
  return `${pick(6)}.${pick(16)}`;
}

/** The key kubeadm encrypts uploaded control-plane certificates with: 32 random bytes, hex. */
export function generateCertificateKey(rng: RandomSource = cryptoRandom): string {
  return rng.bytes(32).toString("hex");
}

/**
 * Fills in the secrets the user did not give: a fresh token every run, and a certificate key
 * when the cluster is set up for more control planes (a shared endpoint).
 */
export function withSecrets(spec: ClusterSpec, rng: RandomSource = cryptoRandom): ClusterSpec {
  const needsCertKey = spec.controlPlane.endpoint !== undefined;
  return {
    ...spec,
    bootstrapToken: {
      ...spec.bootstrapToken,
      token: spec.bootstrapToken.token ?? generateBootstrapToken(rng),
    },
    certificateKey: spec.certificateKey ?? (needsCertKey ? generateCertificateKey(rng) : undefined),
  };
}

/**
 * A secret stands alone: not a label of a longer dotted or hyphenated name. "<64 hex>.example" is a
 * (too long) host name, "worker.examplecompany12.internal" a domain; neither is a key or a token.
 * A sentence's full stop after a secret ("... key abc...def.") still counts as standing alone.
 */
const ALONE_BEFORE = "(?<![A-Za-z0-9_.-])";
const ALONE_AFTER = "(?![A-Za-z0-9_-]|[.][A-Za-z0-9])";
const TOKEN_SECRET = new RegExp(`${ALONE_BEFORE}([a-z0-9]{6})\\.[a-z0-9]{16}${ALONE_AFTER}`, "g");
const HEX_KEY = new RegExp(`${ALONE_BEFORE}[a-f0-9]{64}${ALONE_AFTER}`, "g");

/** Replaces token secrets and certificate keys in text that may reach logs. */
export function redactSecrets(text: string): string {
  return text.replace(TOKEN_SECRET, "$1.****************").replace(HEX_KEY, (m, offset: number, s: string) =>
    // A CA hash is public: sha256:<64 hex> (its ":" is not a name character, so check it here).
    s.slice(Math.max(0, offset - 7), offset) === "sha256:" ? m : "<redacted>",
  );
}
