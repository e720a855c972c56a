import { ContainerdConfigError, readSandboxImage } from "../../host/containerd/config-edit.js";
import { CONTAINERD_CONFIG } from "../../host/containerd/configure.js";
import { parseCriSocket } from "../../host/preflight/cri.js";
import { pauseImage } from "../../kubeadm/images.js";
import type { HostContext } from "../env.js";
import { type Finding, finding } from "../finding.js";

/**
 * containerd's compiled-in sandbox image when config.toml leaves it unset, by the config version
 * that release writes: 1.7 (version 2), 2.0 (version 3), 2.3 (version 4: DefaultSandboxImage in
 * internal/cri/config/config.go @ v2.3.0). Versions 3 and 4 share the CRI layout.
 */
const BUILTIN_DEFAULT: Record<2 | 3 | 4, string> = {
  2: "registry.k8s.io/pause:3.8",
  3: "registry.k8s.io/pause:3.10",
  4: "registry.k8s.io/pause:3.10.2",
};

/** The pause image kubeadm expects for the cluster's version and repository, or undefined. */
export function expectedPause(version: string, imageRepository: string): string | undefined {
  try {
    return pauseImage(version, imageRepository);
  } catch {
    return undefined;
  }
}

/**
 * containerd pulls the pause image itself, from its own setting (kubeadm's imageRepository does not
 * reach it). Anything else than kubeadm's pause image means a pull from a registry nobody chose:
 * blocked in mainland China, and static pods then never start.
 */
export async function checkSandboxImage(ctx: HostContext): Promise<Finding[]> {
  if (parseCriSocket(ctx.expected.criSocket).runtime !== "containerd") return [];
  const text = await ctx.env.fs.read(CONTAINERD_CONFIG);
  if (text === undefined) return [];
  const expected = expectedPause(ctx.expected.kubernetesVersion, ctx.expected.imageRepository);
  if (!expected) return [];
  let setting: ReturnType<typeof readSandboxImage>;
  try {
    setting = readSandboxImage(text);
  } catch (e) {
    if (e instanceof ContainerdConfigError) return [];
    throw e;
  }
  if (!setting) return [];
  const actual = setting.image ?? BUILTIN_DEFAULT[setting.version];
  if (actual === expected) return [];
  const evidence = [
    setting.image
      ? `${CONTAINERD_CONFIG}: ${setting.key} = "${setting.image}"`
      : `${CONTAINERD_CONFIG}: ${setting.key} unset (containerd's built-in default ${actual})`,
    `expected by kubeadm ${ctx.expected.kubernetesVersion} (${ctx.expected.origin}): ${expected}`,
  ];
  const sameRegistry = actual.split("/")[0] === expected.split("/")[0];
  return [
    finding(
      "host.sandbox-image-mismatch",
      sameRegistry ? "warning" : "error",
      CONTAINERD_CONFIG,
      { key: "doctor.host.sandbox.title", params: { actual, expected } },
      evidence,
      {
        key: setting.version >= 3 ? "doctor.host.sandbox.fix3" : "doctor.host.sandbox.fix2",
        params: { expected },
      },
    ),
  ];
}
