/**
 * One export read by many hosts: replayStream hands every reader all bytes from the first one, at
 * its own pace, also a reader that comes after the writer finished; a failed writer fails every
 * reader; pipeInto feeds a reader into a real command and stops that command when its input fails.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { execaRunner, pipeInto } from "../../src/host/runner.js";
import { replayStream } from "../../src/util/replay-stream.js";

const node = process.execPath;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
/** Prints the sha256 and length of stdin. */
const digest = [
  node,
  "-e",
  "const h = require('crypto').createHash('sha256'); let n = 0; process.stdin.on('data', (d) => { n += d.length; h.update(d); }); process.stdin.on('end', () => console.log(h.digest('hex'), n));",
];

async function drain(r: Readable, pauseMs = 0): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of r) {
    parts.push(c as Buffer);
    if (pauseMs) await new Promise((res) => setTimeout(res, pauseMs));
  }
  return Buffer.concat(parts);
}

const write = (s: ReturnType<typeof replayStream>, b: Buffer) =>
  new Promise<void>((res, rej) => s.sink.write(b, (e) => (e ? rej(e) : res())));

describe("replayStream", () => {
  it("every reader gets every byte in order: one from the start, one slow, one after the end", async () => {
    const s = replayStream();
    const parts = Array.from({ length: 40 }, (_, i) => Buffer.alloc(64 * 1024 + i, i));
    const whole = Buffer.concat(parts);
    const early = drain(s.reader());
    const slow = drain(s.reader(), 2);
    for (const [i, p] of parts.entries()) {
      await write(s, p);
      if (i === 20) await new Promise((res) => setTimeout(res, 5));
    }
    // A reader that joins half-way still starts at the first byte.
    const middle = drain(s.reader());
    s.finish();
    const late = drain(s.reader());
    for (const got of await Promise.all([early, slow, middle, late])) {
      expect(got.length).toBe(whole.length);
      expect(sha(got)).toBe(sha(whole));
    }
    expect(s.bytes).toBe(whole.length);
  });

  it("a failed writer fails every reader, also those that had not read yet", async () => {
    const s = replayStream();
    const a = drain(s.reader());
    await write(s, Buffer.alloc(1000, 1));
    s.finish(new Error("ctr: content digest not found"));
    await expect(a).rejects.toThrow("content digest not found");
    await expect(drain(s.reader())).rejects.toThrow("content digest not found");
  });

  it("a reader given up on leaves the others reading", async () => {
    const s = replayStream();
    const gone = s.reader();
    gone.destroy();
    const kept = drain(s.reader());
    await write(s, Buffer.alloc(5000, 7));
    s.finish();
    expect((await kept).length).toBe(5000);
  });
});

describe("pipeInto", () => {
  it("streams a replayed export into two commands at once, bytes counted per command", async () => {
    const s = replayStream();
    const whole = Buffer.alloc(6 << 20, "kadm");
    const runs = [0, 1].map(() => pipeInto(s.reader(), { runner: execaRunner(), argv: digest }));
    for (let i = 0; i < 6; i++) await write(s, whole.subarray(i << 20, (i + 1) << 20));
    s.finish();
    for (const r of await Promise.all(runs)) {
      expect(r.to.exitCode).toBe(0);
      expect(r.to.stdout.trim()).toBe(`${sha(whole)} ${whole.length}`);
      expect(r.bytes).toBe(whole.length);
      expect(r.inputError).toBeUndefined();
    }
  });

  it("stops the command when its input fails (no import waiting forever for the rest)", async () => {
    const s = replayStream();
    const run = pipeInto(s.reader(), {
      runner: execaRunner(),
      argv: [node, "-e", "process.stdin.resume(); setTimeout(() => {}, 60000)"],
    });
    await write(s, Buffer.alloc(1000));
    s.finish(new Error("export broke"));
    const r = await run;
    expect(r.inputError?.message).toBe("export broke");
    expect(r.to.exitCode).not.toBe(0);
  });

  it("dry run: the command is recorded, the input not read", async () => {
    const to = execaRunner({ dryRun: true });
    const s = replayStream();
    const r = await pipeInto(s.reader(), { runner: to, argv: ["ctr", "images", "import", "-"] });
    expect(r.to.skipped).toBe(true);
    expect(to.recorded).toEqual(["ctr images import -"]);
    expect(r.bytes).toBe(0);
  });
});
