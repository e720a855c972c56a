import { createConnection } from "node:net";
import { classifyNetError, type NetCause } from "../diagnose/transport.js";

/** True when something accepts connections on the unix socket within the timeout. */
export function probeSocket(path: string, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ path });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once("connect", () => done(true));
    sock.once("error", () => done(false));
  });
}

export type TcpProbe =
  | { ok: true }
  | { ok: false; reason: "refused" | "timeout" | "unreachable" | "dns" | "other"; code: string };

/** The one network classifier's causes, as the join pre-check words them (join.tcp.*). */
const TCP_REASON: Partial<Record<NetCause, Exclude<TcpProbe, { ok: true }>["reason"]>> = {
  refused: "refused",
  timeout: "timeout",
  "no-route": "unreachable",
  dns: "dns",
};

/** Can a TCP connection to host:port be opened? The join pre-check for a firewalled 6443. */
export function probeTcp(host: string, port: number, timeoutMs = 3_000): Promise<TcpProbe> {
  return new Promise((resolve) => {
    const sock = createConnection({ host, port });
    const done = (r: TcpProbe) => {
      sock.destroy();
      resolve(r);
    };
    sock.setTimeout(timeoutMs, () => done({ ok: false, reason: "timeout", code: "ETIMEDOUT" }));
    sock.once("connect", () => done({ ok: true }));
    sock.once("error", (e: NodeJS.ErrnoException) => {
      done({ ok: false, reason: TCP_REASON[classifyNetError(e).cause] ?? "other", code: e.code ?? "" });
    });
  });
}
