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

describe("pull lines", () => {
  it("a failed image is drawn as failed, never with a success tick; its siblings and the step go on", async () => {
    const stream = new Sink();
    const run = runWithProgress(
      [
        {
          title: "Pre-pull 2 images",
          subtasks: [
            { title: "good:1", run: async () => "good:1 pulled" },
            {
              title: "bad:1",
              run: async () => {
                throw new Error("bad:1: not found on the registry");
              },
            },
          ],
          concurrent: true,
          run: async () => {
            throw new Error("1 image could not be pulled");
          },
        },
      ],
      { stream, mode: "simple" },
    );
    await expect(run).rejects.toThrow("1 image could not be pulled");
    expect(stream.text).toMatch(/^✔ good:1 pulled$/m);
    expect(stream.text).toMatch(/^✖ bad:1.*not found on the registry/m);
    expect(stream.text).not.toMatch(/^✔ bad:1/m);
  });

  it("exitOnError false (images pull): every top-level task runs, failures drawn as failed, no throw", async () => {
    const stream = new Sink();
    const ran: string[] = [];
    await runWithProgress(
      ["a:1", "b:1", "c:1"].map((title) => ({
        title,
        run: async () => {
          ran.push(title);
          if (title === "b:1") throw new Error("b:1: connection refused");
          return `${title} pulled`;
        },
      })),
      { stream, mode: "simple", concurrent: true, exitOnError: false },
    );
    expect(ran.sort()).toEqual(["a:1", "b:1", "c:1"]);
    expect(stream.text).toMatch(/^✖ b:1/m);
    expect(stream.text).toMatch(/^✔ c:1 pulled$/m);
  });
});
