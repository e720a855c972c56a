/**
 * The certificate a component actually serves: a TLS handshake from the component's own node.
 * Locally node:tls; on another node `openssl s_client` through its runner (the handshake must
 * start there: 127.0.0.1 is that node's loopback).
 */
import { X509Certificate } from "node:crypto";
import { connect } from "node:tls";
import type { Node } from "../node/node.js";
import { type CertFacts, certFacts, pemFacts } from "./x509.js";

export interface ClientPair {
  /** Host paths of a client certificate and key (etcd asks for one). */
  cert: string;
  key: string;
}

export type Served = { ok: true; facts: CertFacts } | { ok: false; error: string };

function handshake(
  host: string,
  port: number,
  client: { cert: string; key: string } | undefined,
  timeoutMs: number,
): Promise<Served> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Served) => {
      if (settled) return;
      settled = true;
      sock.destroy();
      resolve(r);
    };
    // Not verified on purpose: we read what is served, we do not trust it.
    const sock = connect({ host, port, rejectUnauthorized: false, ...(client ?? {}) });
    sock.setTimeout(timeoutMs, () => done({ ok: false, error: "timeout" }));
    sock.once("secureConnect", () => {
      const peer = sock.getPeerCertificate(false);
      if (!peer?.raw) return done({ ok: false, error: "no certificate" });
      done({ ok: true, facts: certFacts(new X509Certificate(peer.raw)) });
    });
    sock.once("error", (e: NodeJS.ErrnoException) => done({ ok: false, error: e.code ?? e.message }));
  });
}

export async function servedCertificate(
  node: Node,
  at: { host: string; port: number },
  client?: ClientPair,
  timeoutMs = 5_000,
): Promise<Served> {
  if (node.local) {
    let pair: { cert: string; key: string } | undefined;
    if (client) {
      const [cert, key] = [await node.fs.read(client.cert), await node.fs.read(client.key)];
      if (cert !== undefined && key !== undefined) pair = { cert, key };
    }
    return handshake(at.host, at.port, pair, timeoutMs);
  }
  const target = at.host.includes(":") ? `[${at.host}]:${at.port}` : `${at.host}:${at.port}`;
  const argv = ["openssl", "s_client", "-connect", target, "-showcerts"];
  if (client) argv.push("-cert", node.fs.resolve(client.cert), "-key", node.fs.resolve(client.key));
  const r = await node.runner.run(argv, { input: "", timeoutMs });
  const facts = pemFacts(r.stdout);
  if (facts) return { ok: true, facts };
  return { ok: false, error: r.stderr.trim().split("\n").at(-1) || `exit code ${r.exitCode}` };
}
