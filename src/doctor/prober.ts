import { request } from "node:https";
import type { HealthAnswer, HealthProber } from "./env.js";

/**
 * GET over HTTPS without verifying the certificate: kube-controller-manager and kube-scheduler
 * serve /healthz with a self-signed certificate, and kubeadm allows it anonymously
 * (--authorization-always-allow-paths). Only the status and the first line of the body are kept.
 */
export function httpsProber(timeoutMs = 5_000): HealthProber {
  return (url) =>
    new Promise<HealthAnswer>((resolve) => {
      const req = request(url, { method: "GET", rejectUnauthorized: false, timeout: timeoutMs }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          if (body.length < 4096) body += c;
        });
        res.on("end", () => resolve({ status: res.statusCode, text: body.split("\n")[0]?.trim() ?? "" }));
        res.on("error", (e) => resolve({ status: res.statusCode, text: e.message }));
      });
      req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on("error", (e) => resolve({ text: e.message }));
      req.end();
    });
}
