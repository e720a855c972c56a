/**
 * The built binary with its output going into pipes the way people use it: a reader that stops
 * early (`| head -1`) must end the run quietly with exit 0, not with Node's "Error: write EPIPE" stack;
 * a pipe on stdout must not stop the wizard (questions are drawn on stderr, the YAML goes down the
 * pipe). The second part needs a terminal on stdin and stderr, so it runs in tmux.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  acceptConfigDefaults,
  answer,
  answerAddress,
  BIN,
  REPO,
  requireBuild,
  TTY_SKIP_REASON,
  ttyFile,
  ttySuite,
} from "./harness.js";

beforeAll(() => requireBuild());

const ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8", HOME: tmpdir() };

/**
 * Runs the binary with stdout into a pipe that is closed after `keepLines` lines (0: before anything
 * is read); returns the exit code and everything written to stderr.
 */
function runIntoClosedPipe(
  args: string[],
  keepLines: number,
): Promise<{ code: number | null; stderr: string; got: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO,
      env: ENV,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let got = "";
    let stderr = "";
    child.stderr.on("data", (b) => (stderr += String(b)));
    const close = () => child.stdout.destroy();
    if (keepLines === 0) close();
    else
      child.stdout.on("data", (b) => {
        got += String(b);
        if (got.split("\n").length > keepLines) close();
      });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr, got }));
  });
}

describe("a reader that goes away early (| head -1)", () => {
  it.each([
    ["images list", ["images", "list", "--k8s-version", "v1.33.2"], 1],
    ["images list, pipe closed before the first write", ["images", "list", "--k8s-version", "v1.33.2"], 0],
    [
      "config (YAML)",
      ["config", "--yes", "--k8s-version", "v1.33.2", "--advertise-address", "192.168.10.11"],
      1,
    ],
    ["completion bash", ["completion", "bash"], 1],
    ["--help (the launcher's fast path)", ["--help"], 0],
  ] as const)("%s: no EPIPE stack, exit 0 (5 runs)", async (_name, args, keep) => {
    for (let i = 0; i < 5; i++) {
      const r = await runIntoClosedPipe([...args], keep);
      expect(r.stderr).not.toMatch(/EPIPE|Unhandled 'error' event|^\s+at /m);
      expect(r.code).toBe(0);
    }
  });

  it("images list | head -1 in a shell: one image, an empty stderr, exit 0 (5 runs)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kadm-pipe-"));
    const err = join(dir, "stderr");
    const script = `'${process.execPath}' '${BIN}' images list --k8s-version v1.33.2 2>'${err}' | head -1; echo "rc=\${PIPESTATUS[0]}"`;
    try {
      for (let i = 0; i < 5; i++) {
        const text = await new Promise<string>((resolve) => {
          const sh = spawn("/bin/bash", ["-c", script], { cwd: REPO, env: ENV });
          let t = "";
          sh.stdout.on("data", (b) => (t += String(b)));
          sh.on("close", () => resolve(t));
        });
        expect(text).toBe("registry.aliyuncs.com/google_containers/kube-apiserver:v1.33.2\nrc=0\n");
        expect(readFileSync(err, "utf8")).toBe("");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const tty = ttyFile("pipes");

describe.skipIf(TTY_SKIP_REASON !== undefined)(
  ttySuite("stdout into a pipe, stdin and stderr on the terminal"),
  () => {
    it("config | cat > file: the wizard is on screen, the YAML goes down the pipe", async () => {
      const t = await tty.open({ env: { PATH: tty.path } });
      const out = join(tty.dir, "piped.yaml");
      await t.run(`kadm-wizard config --k8s-version v1.33.2 --profile aliyun | cat > ${out}`);
      await answerAddress(t, "Advertise address of this node", "192.168.10.11");
      await acceptConfigDefaults(t);
      await answer(t, "Generate this configuration?", "Enter");
      const { code, out: screen } = await t.finish(15_000);
      expect(screen).not.toContain("run in a terminal without --yes");
      expect(code).toBe(0);
      const yaml = readFileSync(out, "utf8");
      expect(yaml).toContain("kind: InitConfiguration");
      expect(yaml.match(/advertiseAddress: .*/g), screen).toEqual(["advertiseAddress: 192.168.10.11"]);
      // the questions went to the terminal, not into the file
      expect(yaml).not.toContain("?");
    });
  },
);
