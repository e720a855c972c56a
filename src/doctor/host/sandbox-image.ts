import {
  CONTAINERD_CONFIG,
  ContainerdConfigError,
  DEFAULT_CERTS_DIR,
  readSandboxImage,
} from "../../host/containerd/config-edit.js";
import { hostsTomlPath } from "../../host/containerd/hosts-toml.js";
import type { HostFs } from "../../host/host-fs.js";
import { parseCriSocket } from "../../host/preflight/cri.js";
import type { Msg } from "../../i18n/messages.js";
import { pauseImage } from "../../kubeadm/images.js";
import type { HostContext } from "../env.js";
import type { ExpectedCluster } from "../expected.js";
import { type Finding, finding } from "../finding.js";
import { registryOf } from "../mirrors.js";

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
  return sandboxImageFindings(ctx.env.fs, ctx.expected);
}

export interface SandboxCheckOptions {
  /**
   * Registries the profile only reaches through a mirror (ClusterSpec.registryMirrors): a sandbox
   * image there with no certs.d mirror for it on this host is named unreachable from here.
   */
  mirrored?: { profile: string; registries: readonly string[] };
}

/** The check itself, on any HostFs and expectation (doctor, and `init`/`join` after kubeadm failed). */
export async function sandboxImageFindings(
  fs: HostFs,
  expected: ExpectedCluster,
  o: SandboxCheckOptions = {},
): Promise<Finding[]> {
  if (parseCriSocket(expected.criSocket).runtime !== "containerd") return [];
  const text = await fs.read(CONTAINERD_CONFIG);
  if (text === undefined) return [];
  const pause = expectedPause(expected.kubernetesVersion, expected.imageRepository);
  if (!pause) return [];
  let setting: ReturnType<typeof readSandboxImage>;
  try {
    setting = readSandboxImage(text);
  } catch (e) {
    if (e instanceof ContainerdConfigError) return [];
    throw e;
  }
  if (!setting) return [];
  const actual = setting.image ?? BUILTIN_DEFAULT[setting.version];
  if (actual === pause) return [];
  const evidence = [
    setting.image
      ? `${CONTAINERD_CONFIG}: ${setting.key} = "${setting.image}"`
      : `${CONTAINERD_CONFIG}: ${setting.key} unset (containerd's built-in default ${actual})`,
    `expected by kubeadm ${expected.kubernetesVersion} (${expected.origin}): ${pause}`,
  ];
  const registry = registryOf(actual);
  const sameRegistry = registry === registryOf(pause);
  let title: Msg = { key: "doctor.host.sandbox.title", params: { actual, expected: pause } };
  if (!sameRegistry && o.mirrored?.registries.includes(registry)) {
    const hosts = hostsTomlPath(DEFAULT_CERTS_DIR, registry);
    if (!(await fs.exists(hosts))) {
      evidence.push(`${hosts}: missing`);
      title = {
        key: "doctor.host.sandbox.titleUnreachable",
        params: { actual, expected: pause, registry, profile: o.mirrored.profile },
      };
    }
  }
  return [
    finding(
      "host.sandbox-image-mismatch",
      sameRegistry ? "warning" : "error",
      CONTAINERD_CONFIG,
      title,
      evidence,
      {
        key: setting.version >= 3 ? "doctor.host.sandbox.fix3" : "doctor.host.sandbox.fix2",
        params: { expected: pause },
      },
    ),
  ];
}
