/**
 * The Node port: everything a step does to one machine goes through it, so a step is written once
 * and runs on this host (`localNode`) or on another over SSH (the ssh adapter) alike.
 */
import type { HostFs } from "../host/host-fs.js";
import { probeSocket, probeTcp, type TcpProbe } from "../host/probe-socket.js";
import type { Runner } from "../host/runner.js";

/** Connection probes run from the node itself (the containerd socket, a TCP port it must reach). */
export interface NodeProbe {
  /** True when something accepts connections on the unix socket (a host path, not yet rooted). */
  socket(hostPath: string, timeoutMs?: number): Promise<boolean>;
  /** Can this node open a TCP connection to host:port? */
  tcp(host: string, port: number, timeoutMs?: number): Promise<TcpProbe>;
}

export interface Node {
  /** How the node is named in progress lines and reports: "local" or the inventory id. */
  readonly id: string;
  /** True for the machine kadm-wizard runs on. */
  readonly local: boolean;
  /** Its files, rooted at its --root / inventory root. */
  readonly fs: HostFs;
  /** The one way to run its commands (argv; dry-run records host changes). */
  readonly runner: Runner;
  readonly probe: NodeProbe;
}

/** This machine: the rooted HostFs and the execa Runner the command already has. */
export function localNode(fs: HostFs, runner: Runner): Node {
  return {
    id: "local",
    local: true,
    fs,
    runner,
    probe: {
      socket: (hostPath, timeoutMs) => probeSocket(fs.resolve(hostPath), timeoutMs),
      tcp: (host, port, timeoutMs) => probeTcp(host, port, timeoutMs),
    },
  };
}
