export type RuntimeKind = "containerd" | "crio" | "cri-dockerd" | "unknown";

export interface CriEndpoint {
  /** Host path of the socket, e.g. /run/containerd/containerd.sock; undefined when not unix:///... */
  path: string | undefined;
  runtime: RuntimeKind;
  /** systemd unit that serves the socket, when known. */
  service: string | undefined;
}

/** unix:///run/containerd/containerd.sock -> path + which runtime (and unit) serves it. */
export function parseCriSocket(socket: string): CriEndpoint {
  const m = /^unix:\/\/(\/.+)$/.exec(socket.trim());
  const path = m?.[1];
  const name = path ?? socket;
  if (name.includes("containerd")) return { path, runtime: "containerd", service: "containerd" };
  if (name.includes("crio")) return { path, runtime: "crio", service: "crio" };
  if (name.includes("cri-dockerd")) return { path, runtime: "cri-dockerd", service: "cri-docker" };
  return { path, runtime: "unknown", service: undefined };
}
