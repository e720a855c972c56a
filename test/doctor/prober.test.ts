/**
 * tunnelProber: doctor's /healthz GET to another node's 127.0.0.1, TLS and HTTP run here over a
 * stream opened there (an SSH channel). Here the stream is a plain TCP connection to a local HTTPS
 * server with a self-signed certificate, as the components serve.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tunnelProber } from "../../src/doctor/prober.js";
import { hasOpenssl, makePki } from "../fakes/pki.js";
import { requireTool, skipTitle } from "../support/requires.js";

const REASON = hasOpenssl() ? undefined : requireTool("openssl");
let dir: string;
let server: Server;
let port = 0;
const opened: string[] = [];

const open = (host: string, p: number) =>
  new Promise<Socket>((resolve, reject) => {
    opened.push(`${host}:${p}`);
    const s = connect({ host: "127.0.0.1", port: p });
    s.once("connect", () => resolve(s));
    s.once("error", reject);
  });

describe.skipIf(REASON !== undefined)(skipTitle("tunnelProber", REASON), () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kadm-prober-"));
    const pki = makePki(dir);
    server = createServer({ cert: pki.serverCert, key: pki.serverKey }, (req, res) => {
      if (req.url === "/healthz") res.end("ok");
      else {
        res.statusCode = 500;
        res.end("[-]poststarthook/x failed\nmore");
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it("GETs over the opened stream, certificate not verified; status and first body line", async () => {
    const probe = tunnelProber(open);
    expect(await probe(`https://127.0.0.1:${port}/healthz`)).toEqual({ status: 200, text: "ok" });
    expect(await probe(`https://127.0.0.1:${port}/livez`)).toEqual({
      status: 500,
      text: "[-]poststarthook/x failed",
    });
    expect(opened).toEqual([`127.0.0.1:${port}`, `127.0.0.1:${port}`]);
  });

  it("a stream that cannot be opened is the answer's text", async () => {
    const probe = tunnelProber(() => Promise.reject(new Error("Channel open failure: Connection refused")));
    expect(await probe("https://127.0.0.1:10257/healthz")).toEqual({
      text: "Channel open failure: Connection refused",
    });
  });
});
