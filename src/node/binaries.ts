/**
 * The one rule for finding a binary on a node, used wherever kadm-wizard checks for one or runs one
 * by name (preflight's tool and version checks, kubeadm itself, containerd, ctr):
 *
 * 1. A path the user gave (`--kubeadm /opt/k8s/kubeadm`) is that file, as given: it is run as is and
 *    is what preflight probes too. A bare name given that way (`--kubeadm kubeadm-1.37`) is looked up
 *    like any other name.
 * 2. Any other binary is the first `<dir>/<name>` in SEARCH_DIRS that exists on the node's HostFs
 *    (so under --root, or under an inventory host's root), and it is run by that resolved path.
 * 3. Not found there means missing: this machine's $PATH is never consulted, so the answer about a
 *    --root tree (or a test's temp root) does not depend on what happens to be installed here.
 *
 * It takes the Node port, so a remote node (SSH adapter) answers with its own files.
 */
import type { Node } from "./node.js";

/** Where packages and binary installs put node tools (kubeadm's InPathChecks look in $PATH; these are its usual members). */
export const SEARCH_DIRS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** Where the distribution packages install kubeadm/kubelet/kubectl: the path used before they exist. */
const PACKAGE_DIR = "/usr/bin";

export interface FoundBinary {
  name: string;
  /** The host path (before --root) it was found at; undefined for a path the user gave. */
  hostPath: string | undefined;
  /** What to run: the user's path, or the resolved (rooted) host path. */
  argv0: string;
}

type BinaryNode = Pick<Node, "fs">;

/** The binary `name` on `node` by the rule above; undefined when it is not there. */
export async function findBinary(
  node: BinaryNode,
  name: string,
  explicit?: string,
): Promise<FoundBinary | undefined> {
  if (explicit?.includes("/")) return { name, hostPath: undefined, argv0: explicit };
  const wanted = explicit !== undefined && explicit !== "" ? explicit : name;
  // Every directory asked at once, the first hit wins: one round trip on a node over SSH (its
  // adapter batches reads issued together) instead of one per directory.
  const paths = SEARCH_DIRS.map((dir) => `${dir}/${wanted}`);
  const found = await Promise.all(paths.map((p) => node.fs.exists(p)));
  const hostPath = paths[found.indexOf(true)];
  return hostPath === undefined ? undefined : { name, hostPath, argv0: node.fs.resolve(hostPath) };
}

/**
 * The argv[0] to run `name` with: where findBinary finds it, else where its package will put it
 * (`/usr/bin/<name>` under the root), so a run that installs it first (--install-packages) runs
 * the installed file and a run without it reports that path as missing.
 */
export async function binaryCommand(node: BinaryNode, name: string, explicit?: string): Promise<string> {
  const found = await findBinary(node, name, explicit);
  if (found) return found.argv0;
  if (explicit !== undefined && explicit !== "") return node.fs.resolve(`${PACKAGE_DIR}/${explicit}`);
  return node.fs.resolve(`${PACKAGE_DIR}/${name}`);
}
