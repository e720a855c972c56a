/**
 * pipeCommands: one command's stdout streamed into another's stdin across two runners, bytes
 * counted, back-pressure kept (nothing held whole in memory), a failing side stopping the other,
 * and a dry run recording only the target.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { execaRunner, pipeCommands } from "../../src/host/runner.js";

const node = process.execPath;
/** Writes `n` MiB of a repeating pattern to stdout. */
const produce = (n: number) => [
  node,
  "-e",
  `const b = Buffer.alloc(1 << 20, 'kadm'); let i = 0; const w = () => { while (i < ${n}) { i++; if (!process.stdout.write(b)) return process.stdout.once('drain', w); } }; w();`,
];
/** Prints the sha256 and length of stdin. */
const digest = [
  node,
  "-e",
  "const h = require('crypto').createHash('sha256'); let n = 0; process.stdin.on('data', (d) => { n += d.length; h.update(d); }); process.stdin.on('end', () => console.log(h.digest('hex'), n));",
];

describe("pipeCommands", () => {
  it("streams every byte from one command into the other and counts them", async () => {
    const counts: number[] = [];
    const r = await pipeCommands(
      { runner: execaRunner(), argv: produce(8) },
      { runner: execaRunner(), argv: digest },
      { onBytes: (b) => counts.push(b) },
    );
    expect(r.from.exitCode).toBe(0);
    expect(r.to.exitCode).toBe(0);
    expect(r.bytes).toBe(8 << 20);
    const want = createHash("sha256")
      .update(Buffer.alloc(8 << 20, "kadm"))
      .digest("hex");
    expect(r.to.stdout.trim()).toBe(`${want} ${8 << 20}`);
    // The source's bytes are not collected (they went to the target).
    expect(r.from.stdout).toBe("");
    expect(counts.at(-1)).toBe(8 << 20);
    expect(counts.length).toBeGreaterThan(1);
  });

  it("stops the source when the target fails (no endless write into nothing)", async () => {
    const started = performance.now();
    const r = await pipeCommands(
      { runner: execaRunner(), argv: produce(100_000) },
      {
        runner: execaRunner(),
        argv: [node, "-e", "console.error('ctr: no space left on device'); process.exit(1)"],
      },
    );
    expect(r.to.exitCode).toBe(1);
    expect(r.from.exitCode).not.toBe(0);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it("stops the target when the source fails", async () => {
    const r = await pipeCommands(
      { runner: execaRunner(), argv: [node, "-e", "console.error('ctr: image not found'); process.exit(1)"] },
      { runner: execaRunner(), argv: [node, "-e", "setTimeout(() => {}, 60000); process.stdin.resume()"] },
    );
    expect(r.from.exitCode).toBe(1);
    expect(r.from.stderr).toContain("image not found");
    expect(r.to.exitCode).not.toBe(0);
  });

  it("dry run: the target is recorded, the source never runs", async () => {
    const to = execaRunner({ dryRun: true });
    const r = await pipeCommands(
      { runner: execaRunner(), argv: ["ctr", "images", "export", "-", "x"] },
      { runner: to, argv: ["ctr", "images", "import", "-"] },
    );
    expect(r.to.skipped).toBe(true);
    expect(to.recorded).toEqual(["ctr images import -"]);
    expect(r.bytes).toBe(0);
  });
});
