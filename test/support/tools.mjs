/**
 * What the environment-dependent test suites need from outside the repository, in one table shared
 * by scripts/test-deps.mjs (the `pretest` script: installs or reports) and test/support/requires.ts
 * (the skip guards). Plain JS so the pretest runs before anything is compiled.
 */
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root (two levels above this file). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** ../shared/testdata next to the clone: real transcripts, manifests and messages, never copied in. */
export const SHARED_TESTDATA = join(REPO_ROOT, "..", "shared", "testdata");

/**
 * Debian packages the test tiers use, the binary that shows each is there, and the suites that are
 * skipped without it ("" for none); `pkg` may name several packages, space-separated. Order: the
 * order `apt-get install` gets them in.
 */
export const TEST_TOOLS = [
  {
    bin: "containerd",
    pkg: "containerd",
    suites:
      "the real-containerd suites (test/integration/containerd, pull, images-cli) and the README init --dry-run test",
  },
  // containerd's runtime: the suites only pull images, so none skips without it.
  { bin: "runc", pkg: "runc", suites: "" },
  {
    bin: "docker-registry",
    pkg: "docker-registry",
    suites: "the real-registry suites (test/integration/registry-check, pull, images-cli)",
  },
  {
    bin: "openssl",
    pkg: "openssl",
    suites:
      "the TLS suites (doctor, kube-client, join-discovery, join-cli, init-cli external etcd, registry TLS)",
  },
  { bin: "zsh", pkg: "zsh", suites: "the zsh completion check (test/unit/completion.test.ts)" },
  {
    bin: "sshd",
    pkg: "openssh-server",
    suites: "SSH orchestration over netns hosts (test/integration/ssh-join.test.ts)",
  },
  {
    bin: "ssh-keygen",
    pkg: "openssh-client",
    suites: "encrypted SSH keys (test/unit/ssh/passphrase.test.ts) and SSH orchestration",
  },
  { bin: "ip", pkg: "iproute2", suites: "SSH orchestration over netns hosts (ip netns)" },
  { bin: "tmux", pkg: "tmux", suites: "the terminal tests (test/tty)" },
  // --install-packages against the real package managers (test/integration/packages-real.test.ts).
  {
    bin: "apt-ftparchive",
    pkg: "apt-utils",
    suites: "real apt-get against local repositories (packages-real)",
  },
  { bin: "gpg", pkg: "gpg", suites: "real apt-get/dnf against signed local repositories (packages-real)" },
  { bin: "curl", pkg: "curl", suites: "real apt-get against local repositories (packages-real)" },
  { bin: "rpmbuild", pkg: "rpm", suites: "real dnf against local repositories (packages-real)" },
  { bin: "createrepo_c", pkg: "createrepo-c", suites: "real dnf against local repositories (packages-real)" },
  { bin: "dnf", pkg: "dnf", suites: "real dnf against local repositories (packages-real)" },
  {
    bin: "etcd",
    pkg: "etcd-server",
    suites: "real etcd: etcd backup/restore and certs renew (test/integration/etcd-backup, certs-renew)",
  },
  { bin: "etcdctl", pkg: "etcd-client", suites: "real etcd: etcd backup/restore (snapshot save/restore)" },
  // The Node port over SSH as a non-root user with sudo, and the suites on netns nodes over SSH.
  {
    bin: "sudo",
    pkg: "sudo",
    suites: "the Node port's contract over SSH (test/node/node-contract), certs and doctor on nodes over SSH",
  },
  // The linux-arm64 executable, run on this x64 machine with its arm64 C library (several packages).
  {
    bin: "qemu-aarch64",
    pkg: "qemu-user libc6-arm64-cross libstdc++6-arm64-cross",
    suites: "the linux-arm64 executable (test/release/arm64)",
  },
];

/** Binaries the tests use that come with a package of the table under another name. */
const ALSO_IN = {
  ctr: "containerd",
  rpm: "rpm",
  rpmsign: "rpm",
};

/** The Debian package a binary comes from (the binary's own name when it is not known). */
export function packageOf(bin) {
  return TEST_TOOLS.find((t) => t.bin === bin)?.pkg ?? ALSO_IN[bin] ?? bin;
}

/** Full path of `bin` on PATH, or undefined (the tests spawn tools through PATH, so this is the check). */
export function onPath(bin, path = process.env.PATH ?? "") {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return join(dir, bin);
    } catch {}
  }
  return undefined;
}

/** The shared test data paths (relative to ../shared/testdata) that are missing. */
export function missingSharedTestdata(paths = [""]) {
  return paths.filter((p) => !existsSync(join(SHARED_TESTDATA, p)));
}
