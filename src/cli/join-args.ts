/**
 * `kadm-wizard join kubeadm join 10.0.0.1:6443 --token ... --discovery-token-ca-cert-hash ...`: the
 * pasted kubeadm command carries flags our parser does not know. Split argv into our own options and
 * the pasted text (parsed later by kubeadm/join-command.ts). Pure.
 */
import type { OptionDef } from "./options.js";

/** Our options that may appear anywhere, even after the pasted command (kubeadm has no such flags, or
 *  -- like --dry-run -- ours must win so a paste never runs for real by accident). */
const ALWAYS_OURS = new Set([
  "yes",
  "dry-run",
  "lang",
  "verbose",
  "no-color",
  "root",
  "kubeadm",
  "profile",
  "answers",
  "skip-prep",
  "install-packages",
  "output",
  "quiet",
  "help",
  // short forms (single dash): -y, -h
  "y",
  "h",
]);

const PASTE_START = /^(?:sudo|(?:.*\/)?kubeadm|join)$/;
// HOST:PORT, [IPv6]:PORT, and a bare IPv6 such as ::1:6443: the paste starts there, and the join
// parser then says the brackets are missing (instead of our parser refusing kubeadm's flags).
const ENDPOINT = /^(?:(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d+|[0-9a-fA-F]*:[0-9a-fA-F.]*:[0-9a-fA-F:.]*)$/;

function optionName(arg: string): string | undefined {
  if (!arg.startsWith("-") || arg === "-" || arg === "--") return undefined;
  const body = arg.replace(/^--?/, "");
  return body.includes("=") ? body.slice(0, body.indexOf("=")) : body;
}

export function splitPastedJoin(
  argv: readonly string[],
  ours: readonly OptionDef[],
): { ours: string[]; pasted: string[] } {
  const byName = new Map<string, OptionDef>();
  for (const o of ours) {
    byName.set(o.name, o);
    if (o.short) byName.set(o.short, o);
  }
  const takesValue = (arg: string) => {
    const name = optionName(arg);
    const def = name ? byName.get(name) : undefined;
    return def?.type === "string" && !arg.includes("=");
  };
  // Where the paste starts: the first bare word that is a program, "join" or an endpoint.
  let start = -1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith("-")) {
      if (takesValue(a)) i++;
      continue;
    }
    if (PASTE_START.test(a) || ENDPOINT.test(a)) {
      start = i;
      break;
    }
  }
  if (start < 0) return { ours: [...argv], pasted: [] };
  const out = { ours: argv.slice(0, start), pasted: [] as string[] };
  for (let i = start; i < argv.length; i++) {
    const a = argv[i] as string;
    const name = optionName(a);
    if (name !== undefined && ALWAYS_OURS.has(name) && byName.has(name)) {
      out.ours.push(a);
      if (takesValue(a) && i + 1 < argv.length) out.ours.push(argv[++i] as string);
      continue;
    }
    out.pasted.push(a);
  }
  return out;
}
