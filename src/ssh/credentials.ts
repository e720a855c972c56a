/**
 * Turns inventory hosts into SSH targets: key files read (through the Files port), passwords taken
 * from the named environment variable or asked once per user@host. Everything is resolved before
 * the first connection, so a missing secret stops the run with nothing done. Secrets stay in memory.
 */

import { homedir } from "node:os";
import { join } from "node:path";
import type { Context } from "../context.js";
import { invalidInput, type Problem } from "../errors.js";
import { readFailureReason } from "../host/user-input.js";
import { t } from "../i18n/messages.js";
import type { InventoryHost } from "./inventory.js";
import type { SshTarget } from "./transport.js";

const DEFAULT_KEYS = ["id_ed25519", "id_ecdsa", "id_rsa"];

export function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  if (path === "~" || path.startsWith("~/")) return join(env.HOME ?? homedir(), path.slice(1));
  return path;
}

export function defaultKnownHosts(env: NodeJS.ProcessEnv): string {
  return join(env.HOME ?? homedir(), ".ssh", "known_hosts");
}

/** Where an encrypted key's passphrase comes from when nobody can be asked. */
export const PASSPHRASE_ENV = "KADM_SSH_KEY_PASSPHRASE";

/**
 * Whether a private key needs a passphrase, and whether `passphrase` opens it (ssh2's own parser,
 * so the answer is what the connection will find). "bad": not a key ssh2 can read at all.
 */
export async function keyStatus(
  key: string,
  passphrase?: string,
): Promise<"ok" | "needs-passphrase" | "wrong-passphrase" | "bad"> {
  // ssh2 is CommonJS: under Node's ESM loader its exports sit on `default` (bundlers flatten them).
  const mod = (await import("ssh2")) as unknown as {
    default?: typeof import("ssh2");
  } & typeof import("ssh2");
  const utils = mod.utils ?? mod.default?.utils;
  if (!utils) throw new Error("ssh2 has no utils.parseKey");
  const parsed = utils.parseKey(key, passphrase);
  if (!(parsed instanceof Error)) return "ok";
  if (/no passphrase given/i.test(parsed.message)) return "needs-passphrase";
  if (passphrase !== undefined && /passphrase|decrypt|bad decrypt|integrity/i.test(parsed.message))
    return "wrong-passphrase";
  return "bad";
}

// Through the Prompter port (Ctrl-C there is PromptCancelled: the CLI exits 130 with nothing done).
function askPassphrase(ctx: Context, path: string): Promise<string> {
  return ctx.prompter().password({ message: t(ctx.lang, "ssh.passphrasePrompt", { path }) });
}

function askPassword(ctx: Context, target: string): Promise<string> {
  return ctx.prompter().password({ message: t(ctx.lang, "ssh.passwordPrompt", { target }) });
}

/** Resolves every host's credentials; all problems in one exit-2 error. */
export async function resolveTargets(ctx: Context, hosts: InventoryHost[]): Promise<Map<string, SshTarget>> {
  const problems: Problem[] = [];
  const out = new Map<string, SshTarget>();
  const keyCache = new Map<string, string>();
  const asked = new Map<string, string>();
  const readKey = async (path: string): Promise<string> => {
    const cached = keyCache.get(path);
    if (cached !== undefined) return cached;
    const text = await ctx.files.readText(path);
    keyCache.set(path, text);
    return text;
  };
  const passphrases = new Map<string, string>();
  /** The passphrase for an encrypted key file, once per file: env var, else asked; a problem otherwise. */
  const unlock = async (path: string, key: string, host: string): Promise<string | undefined | false> => {
    if ((await keyStatus(key)) !== "needs-passphrase") return undefined;
    const known = passphrases.get(path);
    if (known !== undefined) return known;
    const fromEnv = ctx.env[PASSPHRASE_ENV];
    const pass = fromEnv ? fromEnv : ctx.canPrompt ? await askPassphrase(ctx, path) : undefined;
    if (pass === undefined) {
      problems.push({
        message: t(ctx.lang, "ssh.keyEncrypted", { host, path }),
        hint: t(ctx.lang, "ssh.keyEncryptedHint", { name: PASSPHRASE_ENV }),
      });
      return false;
    }
    if ((await keyStatus(key, pass)) !== "ok") {
      problems.push({
        message: t(ctx.lang, "ssh.keyPassphraseWrong", { host, path }),
        hint: t(ctx.lang, "ssh.keyEncryptedHint", { name: PASSPHRASE_ENV }),
      });
      return false;
    }
    passphrases.set(path, pass);
    return pass;
  };
  let defaultKey: string | undefined | null = null;
  let defaultKeyPath = "";
  for (const h of hosts) {
    const target: SshTarget = { host: h.host, port: h.port, user: h.user };
    if (h.identityFile) {
      const path = expandHome(h.identityFile, ctx.env);
      try {
        target.privateKey = await readKey(path);
        const pass = await unlock(path, target.privateKey, h.id);
        if (pass === false) continue;
        if (pass !== undefined) target.passphrase = pass;
      } catch (e) {
        problems.push({
          message: t(ctx.lang, "ssh.keyUnreadable", {
            host: h.id,
            path,
            reason: readFailureReason(ctx.lang, e),
          }),
          hint: t(ctx.lang, "ssh.keyUnreadableHint"),
        });
        continue;
      }
    }
    if (h.passwordEnv) {
      const v = ctx.env[h.passwordEnv];
      if (v === undefined || v === "") {
        problems.push({
          message: t(ctx.lang, "ssh.passwordEnvMissing", { host: h.id, name: h.passwordEnv }),
          hint: t(ctx.lang, "ssh.passwordEnvHint", { name: h.passwordEnv }),
        });
        continue;
      }
      target.password = v;
    } else if (h.askPassword) {
      if (!ctx.canPrompt) {
        problems.push({
          message: t(ctx.lang, "ssh.cannotAsk", { host: h.id }),
          hint: t(ctx.lang, "ssh.cannotAskHint"),
        });
        continue;
      }
      const who = `${h.user}@${h.id}`;
      const pw = asked.get(who) ?? (await askPassword(ctx, who));
      asked.set(who, pw);
      target.password = pw;
    }
    if (ctx.env.SSH_AUTH_SOCK) target.agent = ctx.env.SSH_AUTH_SOCK;
    if (!target.privateKey && !target.password) {
      if (defaultKey === null) {
        defaultKey = undefined;
        for (const name of DEFAULT_KEYS) {
          const path = join(ctx.env.HOME ?? homedir(), ".ssh", name);
          try {
            defaultKey = await readKey(path);
            defaultKeyPath = path;
            break;
          } catch {}
        }
      }
      if (defaultKey) {
        const pass = await unlock(defaultKeyPath, defaultKey, h.id);
        if (pass === false) continue;
        target.privateKey = defaultKey;
        if (pass !== undefined) target.passphrase = pass;
      } else if (!target.agent) {
        problems.push({
          message: t(ctx.lang, "ssh.noCredentials", { host: h.id }),
          hint: t(ctx.lang, "ssh.noCredentialsHint"),
        });
        continue;
      }
    }
    out.set(h.id, target);
  }
  if (problems.length > 0) {
    const [first, ...more] = problems;
    throw invalidInput(first?.message ?? "", first?.hint, more);
  }
  return out;
}
