import type { Msg } from "../../i18n/messages.js";
import { parseCriSocket } from "./cri.js";
import { passed, problem } from "./result.js";
import type { CheckResult, PreflightEnv, PreflightExpect } from "./types.js";

export async function checkRuntimeSocket(env: PreflightEnv, expect: PreflightExpect): Promise<CheckResult> {
  const socket = expect.criSocket;
  const cri = parseCriSocket(socket);
  if (cri.path === undefined) {
    return problem(
      "host.runtime-socket",
      "fail",
      { key: "preflight.runtimeSocket.invalid", params: { socket } },
      `criSocket: ${socket}`,
      { key: "preflight.runtimeSocket.fixInvalid" },
    );
  }
  // Existence tells "runtime never started / not installed" apart from "stale socket, daemon down".
  const [exists, answers] = await Promise.all([
    env.fs.exists(cri.path),
    env.probeSocket(env.fs.resolve(cri.path)),
  ]);
  const evidence = `${cri.path}: ${exists ? "exists" : "missing"}, connect ${answers ? "ok" : "failed"}`;
  if (answers)
    return passed("host.runtime-socket", { key: "preflight.runtimeSocket.ok", params: { socket } }, evidence);
  const fix: Msg = cri.service
    ? { key: "preflight.runtimeSocket.fix", params: { service: cri.service } }
    : { key: "preflight.runtimeSocket.fixUnknown", params: { socket } };
  return problem(
    "host.runtime-socket",
    "fail",
    { key: "preflight.runtimeSocket.down", params: { socket } },
    evidence,
    fix,
  );
}
