import { request as httpRequest } from "node:http";
import { request } from "node:https";
import type { Duplex } from "node:stream";
import { connect as tlsConnect } from "node:tls";
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

/**
 * The same GET from another node: the TCP stream is opened there (an SSH channel to that node's
 * own 127.0.0.1:10257), TLS and HTTP run here over it.
 */
export function tunnelProber(
  open: (host: string, port: number, timeoutMs: number) => Promise<Duplex>,
  timeoutMs = 5_000,
): HealthProber {
  return async (url) => {
    const u = new URL(url);
    let stream: Duplex;
    try {
      stream = await open(u.hostname.replace(/^\[|\]$/g, ""), Number(u.port || 443), timeoutMs);
    } catch (e) {
      return { text: (e as Error).message };
    }
    return new Promise<HealthAnswer>((resolve) => {
      const req = httpRequest(
        url.replace(/^https:/, "http:"),
        {
          method: "GET",
          timeout: timeoutMs,
          headers: { connection: "close" },
          createConnection: () => tlsConnect({ socket: stream, rejectUnauthorized: false }),
        },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => {
            if (body.length < 4096) body += c;
          });
          res.on("end", () => resolve({ status: res.statusCode, text: body.split("\n")[0]?.trim() ?? "" }));
          res.on("error", (e) => resolve({ status: res.statusCode, text: e.message }));
        },
      );
      req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on("error", (e) => resolve({ text: e.message }));
      req.on("close", () => stream.destroy());
      req.end();
    });
  };
}
