/**
 * External etcd, checked before `kubeadm init` uses it: the CA, client certificate and key must exist
 * on this host, be PEM, belong together, chain to the CA and be valid now. kubeadm would otherwise
 * fail minutes later in wait-control-plane with an API server that cannot reach etcd.
 */
import { createPrivateKey, X509Certificate } from "node:crypto";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import type { ExternalEtcd } from "../spec/types.js";
import { readUserText } from "./files.js";
import type { HostFs } from "./host-fs.js";
import { readFailureReason } from "./user-input.js";

export type EtcdCertProblem = { message: string };

/** A CA bundle of a few hundred certificates is far below this. */
const MAX_PEM_BYTES = 1024 * 1024;

export async function checkExternalEtcd(
  fs: HostFs,
  etcd: ExternalEtcd,
  lang: Lang,
  now: Date = new Date(),
): Promise<{ problems: EtcdCertProblem[]; validUntil?: string }> {
  const problems: EtcdCertProblem[] = [];
  // Named by the user: read like any user file (a FIFO is refused, not waited on), under --root.
  type Part = "ca" | "cert" | "key";
  const name = (part: Part) => t(lang, `etcdcheck.what.${part}`);
  const read = async (part: Part, path: string) => {
    const what = name(part);
    try {
      return await readUserText(fs.resolve(path), MAX_PEM_BYTES);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({
        message:
          code === "ENOENT" || code === "ENOTDIR"
            ? t(lang, "etcdcheck.missing", { what, path })
            : t(lang, "file.unreadable", { file: path, reason: readFailureReason(lang, e) }),
      });
      return undefined;
    }
  };
  const [caText, certText, keyText] = [
    await read("ca", etcd.caFile),
    await read("cert", etcd.certFile),
    await read("key", etcd.keyFile),
  ];
  const cert = (part: Part, path: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    try {
      return new X509Certificate(text);
    } catch (e) {
      problems.push({
        message: t(lang, "etcdcheck.unreadable", {
          what: name(part),
          path,
          kind: t(lang, "etcdcheck.kind.certificate"),
          reason: (e as Error).message,
        }),
      });
      return undefined;
    }
  };
  const ca = cert("ca", etcd.caFile, caText);
  const client = cert("cert", etcd.certFile, certText);
  let keyOk = keyText !== undefined;
  let key: ReturnType<typeof createPrivateKey> | undefined;
  if (keyText !== undefined) {
    try {
      key = createPrivateKey(keyText);
    } catch (e) {
      keyOk = false;
      problems.push({
        message: t(lang, "etcdcheck.unreadable", {
          what: name("key"),
          path: etcd.keyFile,
          kind: t(lang, "etcdcheck.kind.privateKey"),
          reason: (e as Error).message,
        }),
      });
    }
  }
  for (const [c, path] of [
    [ca, etcd.caFile],
    [client, etcd.certFile],
  ] as const) {
    if (c && (now < new Date(c.validFrom) || now > new Date(c.validTo))) {
      problems.push({ message: t(lang, "etcdcheck.expired", { path, from: c.validFrom, to: c.validTo }) });
    }
  }
  if (client && key && keyOk && !client.checkPrivateKey(key)) {
    problems.push({ message: t(lang, "etcdcheck.keyMismatch", { key: etcd.keyFile, cert: etcd.certFile }) });
  }
  if (client && ca && !client.verify(ca.publicKey)) {
    problems.push({ message: t(lang, "etcdcheck.notSignedByCa", { cert: etcd.certFile, ca: etcd.caFile }) });
  }
  return { problems, ...(client ? { validUntil: client.validTo } : {}) };
}
