import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runWithProgress } from "../../src/tasks/progress.js";

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += String(chunk);
    cb();
  }
}

describe("runWithProgress, line renderer (pipes, CI)", () => {
  it("a step with subtasks that fails afterwards: one named failure line, no untitled '[FAILED' line", async () => {
    const stream = new Sink();
    const run = runWithProgress(
      [
        {
          title: "Pre-pull 2 images",
          subtasks: ["a:1", "b:1"].map((title) => ({ title, run: async () => undefined })),
          concurrent: true,
          run: async () => {
            throw new Error('interrupted during "Pre-pull 2 images"');
          },
        },
      ],
      { stream, mode: "simple" },
    );
    await expect(run).rejects.toThrow("interrupted");
    const failed = stream.text.split("\n").filter((l) => l.includes("FAILED"));
    expect(failed).toEqual([expect.stringMatching(/^✖ Pre-pull 2 images \[FAILED: interrupted during/)]);
    expect(stream.text).toMatch(/^✔ a:1$/m);
  });
});
