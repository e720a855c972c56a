import { lstat, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// A fixed "random" temp name, so the test can plant a link exactly where writeAtomic will write.
vi.mock("node:crypto", async (orig) => {
  const real = await orig<typeof import("node:crypto")>();
  return { ...real, randomBytes: (n: number) => Buffer.alloc(n, 0xab) };
});

const { localFiles } = await import("../../src/host/files.js");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kadm-files-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("Files.writeAtomic (--out)", () => {
  it("writes the file with its mode and leaves no temp file", async () => {
    const out = join(dir, "kubeadm.yaml");
    await localFiles.writeAtomic(out, "kind: InitConfiguration\n", 0o600);
    expect(await readFile(out, "utf8")).toBe("kind: InitConfiguration\n");
    expect((await lstat(out)).mode & 0o777).toBe(0o600);
  });

  it("refuses a link planted at its temp name instead of writing through it", async () => {
    const victim = join(dir, "victim");
    await writeFile(victim, "original\n");
    const tmp = join(dir, `.${"ab".repeat(6)}.kadm-wizard.tmp`);
    await symlink(victim, tmp);
    await expect(localFiles.writeAtomic(join(dir, "out.yaml"), "secret\n", 0o600)).rejects.toThrow();
    expect(await readFile(victim, "utf8")).toBe("original\n");
  });
});
