import type { Msg } from "../../i18n/messages.js";
import { findBinary, SEARCH_DIRS } from "../../node/binaries.js";
import { type PackageFamily, packageFamily, readOsRelease } from "./os-release.js";
import { passed, problem } from "./result.js";
import type { CheckResult, PreflightEnv } from "./types.js";

/** Looked up by the one binary rule (node/binaries.ts): under the root, never this machine's $PATH. */
export { SEARCH_DIRS };

/** As kubeadm's InPathChecks: mandatory ones fail, the rest only warn. */
const TOOLS: { name: string; required: boolean; deb: string; rpm: string }[] = [
  { name: "iptables", required: true, deb: "iptables", rpm: "iptables" },
  { name: "ip", required: true, deb: "iproute2", rpm: "iproute" },
  { name: "mount", required: true, deb: "mount", rpm: "util-linux" },
  { name: "nsenter", required: true, deb: "util-linux", rpm: "util-linux" },
  { name: "conntrack", required: false, deb: "conntrack", rpm: "conntrack-tools" },
  { name: "ebtables", required: false, deb: "ebtables", rpm: "ebtables" },
  { name: "ethtool", required: false, deb: "ethtool", rpm: "ethtool" },
  { name: "socat", required: false, deb: "socat", rpm: "socat" },
];

function installCommand(family: PackageFamily, tools: typeof TOOLS): string {
  if (family === "unknown") return tools.map((t) => t.name).join(" ");
  const pkgs = [...new Set(tools.map((t) => t[family]))].join(" ");
  return family === "deb" ? `apt-get install -y ${pkgs}` : `dnf install -y ${pkgs}`;
}

export async function checkBinaries(env: PreflightEnv): Promise<CheckResult> {
  const [paths, os] = await Promise.all([
    Promise.all(TOOLS.map(async (t) => (await findBinary(env, t.name))?.hostPath)),
    readOsRelease(env.fs),
  ]);
  const missing = TOOLS.filter((_, i) => paths[i] === undefined);
  const evidence = TOOLS.map((t, i) => `${t.name}: ${paths[i] ?? "not found"}`).join("; ");
  if (missing.length === 0) return passed("host.binaries", { key: "preflight.binaries.ok" }, evidence);

  const family = packageFamily(os);
  const fix: Msg = {
    key: family === "unknown" ? "preflight.binaries.fixUnknown" : "preflight.binaries.fix",
    params: { command: installCommand(family, missing) },
  };
  const required = missing.filter((t) => t.required);
  const list = (required.length > 0 ? required : missing).map((t) => t.name).join(", ");
  return required.length > 0
    ? problem("host.binaries", "fail", { key: "preflight.binaries.missing", params: { list } }, evidence, fix)
    : problem(
        "host.binaries",
        "warn",
        { key: "preflight.binaries.missingOptional", params: { list } },
        evidence,
        fix,
      );
}
