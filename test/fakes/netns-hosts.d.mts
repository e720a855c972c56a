/** Types of netns-hosts.mjs for the TypeScript tests. */
export interface NetnsHost {
  index: number;
  namespace: string;
  address: string;
  rootAddress: string;
  /** The host's file-system root for our steps (also the fake kubeadm's KADM_FAKE_ROOT). */
  root: string;
  /** `ADDRESS ssh-ed25519 KEY` for known_hosts. */
  hostKeyLine: string;
  /** PATH with the fakes first, KADM_FAKE_ROOT, KADM_FAKE_TESTDATA: pass through the inventory's env. */
  env: Record<string, string>;
  /** Every fake tool call on this host, one line each ("kubeadm join ..."). */
  commands(): string;
  sshdLog(): string;
}
export interface NetnsHosts {
  dir: string;
  hosts: NetnsHost[];
  clientKey: string;
  binDir: string;
  stop(): Promise<void>;
}
export declare const FAKE_KUBEADM: string;
export declare const TRANSCRIPTS: string;
export declare const SSHD: string;
export declare function netnsUnavailable(): string | undefined;
export declare function startNetnsHosts(
  count: number,
  opts?: { octet?: number; users?: boolean },
): Promise<NetnsHosts>;
/** Logins the hosts have with `users: true`: passwordless sudo, and no sudo at all. */
export declare const SUDO_USER: { name: string; uid: number };
export declare const NO_SUDO_USER: { name: string; uid: number };
/** The fake tools (each logs "name args" to $KADM_FAKE_ROOT/commands.log) and the fake kubeadm. */
export declare function writeBin(binDir: string): void;
/** A host root that passes preflight once prepared: swap on, modules not loaded, sysctls off, an empty commands.log. */
export declare function writeHostRoot(root: string, name?: string): void;
/** containerd's socket under the host's root, answering connections. */
export declare function listenRuntimeSocket(root: string): Promise<{ close(): Promise<void> }>;
