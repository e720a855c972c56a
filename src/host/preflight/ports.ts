import { parseListenSockets } from "./proc-net-tcp.js";
import { passed, problem, unreadableFix } from "./result.js";
import type { CheckResult, PreflightEnv, PreflightExpect, PreflightRole } from "./types.js";

/** API server, kubelet, controller-manager, scheduler, etcd client and peer. */
export function requiredPorts(role: PreflightRole): number[] {
  return role === "control-plane" ? [6443, 10250, 10257, 10259, 2379, 2380] : [10250];
}

const SOURCES = ["/proc/net/tcp", "/proc/net/tcp6"];

export async function checkPorts(env: PreflightEnv, expect: PreflightExpect): Promise<CheckResult> {
  const id = "host.port-in-use";
  const ports = requiredPorts(expect.role);
  const raws = await Promise.all(SOURCES.map((p) => env.fs.read(p)));
  if (raws.every((r) => r === undefined)) {
    return problem(
      id,
      "warn",
      { key: "preflight.ports.unknown" },
      "/proc/net/tcp, /proc/net/tcp6: missing",
      unreadableFix(...SOURCES),
    );
  }
  const busy = SOURCES.flatMap((path, i) =>
    parseListenSockets(raws[i] ?? "")
      .filter((s) => ports.includes(s.port))
      .map((s) => ({ ...s, path })),
  );
  if (busy.length === 0) {
    const evidence = `no LISTEN socket on ${ports.join(", ")} in ${SOURCES.filter((_, i) => raws[i] !== undefined).join(", ")}`;
    return passed(id, { key: "preflight.ports.ok", params: { ports: ports.join(", ") } }, evidence);
  }
  const evidence = busy.map((s) => `${s.path}: ${s.raw} (${s.address}) LISTEN`).join("; ");
  const busyPorts = [...new Set(busy.map((s) => s.port))];
  const commands = busyPorts.map((p) => `ss -ltnp 'sport = :${p}'`).join("\n");
  // 6443 held while kubeadm's manifest exists, or 10250 while a joined kubelet's kubeconfig exists: a previous run.
  const [apiserverManifest, kubeletConf] = await Promise.all([
    env.fs.exists("/etc/kubernetes/manifests/kube-apiserver.yaml"),
    env.fs.exists("/etc/kubernetes/kubelet.conf"),
  ]);
  const previousRun =
    (busyPorts.includes(6443) && apiserverManifest) || (busyPorts.includes(10250) && kubeletConf);
  const title = { key: "preflight.ports.busy" as const, params: { ports: busyPorts.join(", ") } };
  if (previousRun) {
    const marker = apiserverManifest
      ? "/etc/kubernetes/manifests/kube-apiserver.yaml"
      : "/etc/kubernetes/kubelet.conf";
    return problem(id, "fail", title, `${evidence}; ${marker}: exists`, {
      key: "preflight.ports.fixReset",
      params: { commands },
    });
  }
  return problem(id, "fail", title, evidence, { key: "preflight.ports.fix", params: { commands } });
}
