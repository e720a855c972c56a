import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Context } from "../../../src/context.js";
import { KadmError } from "../../../src/errors.js";
import { localFiles } from "../../../src/host/files.js";
import { keyStatus, resolveTargets } from "../../../src/ssh/credentials.js";
import type { InventoryHost } from "../../../src/ssh/inventory.js";
import { requireTool, skipTitle } from "../../support/requires.js";

const NO_KEYGEN = requireTool("ssh-keygen");

describe.skipIf(NO_KEYGEN)(skipTitle("encrypted SSH keys", NO_KEYGEN), () => {
  let dir: string;
  let encrypted: string;
  let plain: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kadm-keys-"));
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "s3cret pass", "-f", join(dir, "enc")]);
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "plain")]);
    encrypted = join(dir, "enc");
    plain = join(dir, "plain");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("tells a plain key, an encrypted one, a wrong and a right passphrase apart (ssh2's parser)", async () => {
    expect(await keyStatus(readFileSync(plain, "utf8"))).toBe("ok");
    const enc = readFileSync(encrypted, "utf8");
    expect(await keyStatus(enc)).toBe("needs-passphrase");
    expect(await keyStatus(enc, "wrong")).toBe("wrong-passphrase");
    expect(await keyStatus(enc, "s3cret pass")).toBe("ok");
  });

  it("works under Node's own ESM loader too (the built dist/, where ssh2's CommonJS exports differ)", () => {
    const dist = join(__dirname, "..", "..", "..", "dist", "ssh", "credentials.js");
    const out = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const m = await import(${JSON.stringify(dist)}); console.log(await m.keyStatus(process.env.KEY))`,
      ],
      { encoding: "utf8", env: { ...process.env, KEY: readFileSync(encrypted, "utf8") } },
    );
    expect(out.trim()).toBe("needs-passphrase");
  });

  const host = (identityFile: string): InventoryHost =>
    ({
      id: "10.231.1.2",
      host: "10.231.1.2",
      port: 22,
      user: "root",
      role: "worker",
      identityFile,
      env: {},
    }) as unknown as InventoryHost;
  const ctx = (env: NodeJS.ProcessEnv) =>
    ({ env, files: localFiles, lang: "en", canPrompt: false, stderr: process.stderr }) as unknown as Context;

  it("takes the passphrase from KADM_SSH_KEY_PASSPHRASE; without one (and no terminal) exit 2 naming the key", async () => {
    const ok = await resolveTargets(ctx({ KADM_SSH_KEY_PASSPHRASE: "s3cret pass", HOME: dir }), [
      host(encrypted),
    ]);
    expect(ok.get("10.231.1.2")?.passphrase).toBe("s3cret pass");

    const missing = await resolveTargets(ctx({ HOME: dir }), [host(encrypted)]).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(KadmError);
    expect((missing as KadmError).exitCode).toBe(2);
    expect((missing as KadmError).message).toContain(`the key ${encrypted} is encrypted`);

    const wrong = await resolveTargets(ctx({ KADM_SSH_KEY_PASSPHRASE: "nope", HOME: dir }), [
      host(encrypted),
    ]).catch((e: unknown) => e);
    expect((wrong as KadmError).message).toContain("the passphrase does not open the key");
    expect((wrong as KadmError).message).not.toContain("nope");
  });

  it("an encrypted default key (~/.ssh/id_ed25519) is unlocked the same way", async () => {
    const home = mkdtempSync(join(tmpdir(), "kadm-home-"));
    try {
      mkdirSync(join(home, ".ssh"));
      copyFileSync(encrypted, join(home, ".ssh", "id_ed25519"));
      const noFile = { ...host(""), identityFile: undefined } as unknown as InventoryHost;
      const ok = await resolveTargets(ctx({ HOME: home, KADM_SSH_KEY_PASSPHRASE: "s3cret pass" }), [noFile]);
      expect(ok.get("10.231.1.2")?.passphrase).toBe("s3cret pass");
      const missing = await resolveTargets(ctx({ HOME: home }), [noFile]).catch((e: unknown) => e);
      expect((missing as KadmError).message).toContain("id_ed25519 is encrypted");
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
