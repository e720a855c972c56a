/**
 * The offline bundle: one tar file holding everything an air-gapped node needs (images archive, the
 * pinned CNI manifest, the packages per OS family with their repository index, the kadm-wizard
 * executable) and manifest.json, its first entry, with the sha256 and size of every other entry.
 */

/** One image as the archive holds it. */
export interface ArchivedImage {
  ref: string;
  digest: string;
  bytes: number;
}

/**
 * Writes and loads the images archive. Injected: the bundle code never talks to containerd itself
 * (the real one exports from / imports into the node's containerd; tests use a fake).
 */
export interface ImageArchiver {
  /** Writes `refs` (pulling what is missing) to one OCI archive at `path` (a path on this machine). */
  export(refs: readonly string[], path: string): Promise<{ images: ArchivedImage[] }>;
  /** Loads the archive at `path`; `imported` are the refs that were not present before. */
  import(path: string): Promise<{ images: ArchivedImage[]; imported: string[] }>;
}

export const BUNDLE_FORMAT = "kadm-wizard-bundle/1";
export const MANIFEST_ENTRY = "manifest.json";
/** The last entry: sha256 of manifest.json, so a changed byte in the manifest itself is noticed too. */
export const MANIFEST_SUM_ENTRY = "manifest.json.sha256";

export type PartKind = "images" | "cni" | "package" | "repo-index" | "executable";

export interface BundlePart {
  /** Path inside the tar ("packages/ubuntu-22.04/kubeadm_1.33.2-1.1_amd64.deb"). */
  path: string;
  kind: PartKind;
  sha256: string;
  size: number;
  /** package: the OS key ("ubuntu-22.04") and the package's name and version from its file name. */
  os?: string;
  name?: string;
  version?: string;
}

/** What `bundle install` installs and holds on one OS family (exact versions, from the files). */
export interface OsPackages {
  /** "ubuntu-22.04", "rocky-9" (os-family.ts keys). */
  key: string;
  family: "deb" | "rpm";
  /** Package names pinned and held (kubelet, kubeadm, kubectl, cri-tools, the runtime). */
  held: string[];
  /** name -> exact version to install (apt `name=version`, dnf `name-version`). */
  install: Record<string, string>;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  /** kadm-wizard's version that made it. */
  version: string;
  kubernetesVersion: string;
  cni: { plugin: string; version: string };
  /** Debian architecture name of the packages and images ("amd64", "arm64"). */
  arch: string;
  imageRepository: string;
  /** The profile it was made with: the CNI's image names follow its mirrors, so init must use it too. */
  profile: string;
  created: string;
  os: OsPackages[];
  images: ArchivedImage[];
  parts: BundlePart[];
}
