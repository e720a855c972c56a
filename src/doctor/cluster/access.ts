import type { KubeError } from "../../kube/client.js";
import { type Finding, finding } from "../finding.js";

/**
 * The API server could not be asked at all: that is itself the finding (API down, a stale
 * kubeconfig after `kubeadm reset`, an expired client certificate), with the client's message.
 */
export function accessFinding(err: KubeError, source: string): Finding {
  const evidence = [err.message];
  const object = `API server ${err.server ?? "?"}`;
  if (err.reason === "unreachable") {
    return finding(
      "api.unreachable",
      "error",
      object,
      { key: "doctor.api.unreachable.title", params: { server: err.server ?? "?" } },
      evidence,
      { key: "doctor.api.unreachable.fix" },
    );
  }
  if (err.reason === "tls" && /expired/i.test(err.message)) {
    return finding(
      "cert.expired",
      "error",
      object,
      { key: "doctor.api.certExpired.title", params: { server: err.server ?? "?" } },
      evidence,
      { key: "doctor.cert.fix" },
    );
  }
  if (err.reason === "tls" || err.reason === "unauthorized") {
    return finding(
      "kubeconfig.stale",
      "error",
      `kubeconfig ${source}`,
      { key: "doctor.api.stale.title", params: { source } },
      evidence,
      { key: "doctor.api.stale.fix", params: { source } },
    );
  }
  return finding(
    "doctor.check-failed",
    "warning",
    object,
    { key: "doctor.checkFailed.title", params: { check: "cluster" } },
    evidence,
    { key: "doctor.checkFailed.fix" },
  );
}
