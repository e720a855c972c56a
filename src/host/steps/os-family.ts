/**
 * The distributions `--install-packages` knows, from /etc/os-release (ID, ID_LIKE, VERSION_ID): which
 * package manager, which package names, where docker-ce's tree for it is, and whether SELinux and
 * firewalld need handling. Pure data and matching; packages.ts and rhel.ts act on it.
 */
import type { PackageFamily } from "../preflight/os-release.js";

export type PackageManager = "apt" | "dnf" | "yum";

export interface Distro {
  /** "ubuntu-22.04", "rocky-9": stable, for tests and reports. */
  key: string;
  /** How reports name it: "Ubuntu 22.04", "Kylin V10". */
  name: string;
  family: "deb" | "rpm";
  manager: PackageManager;
  /**
   * docker-ce's tree for it, under the profile's mirror: "linux/ubuntu" (apt, with `suite`) or
   * "linux/centos" (yum, with `elRelease`: derivatives use the EL release they are built from).
   */
  dockerCe: { path: string; suite?: string; elRelease?: string };
  /** The packages with what kubeadm's preflight looks for: conntrack, socat, ebtables, ethtool, iptables, ip. */
  tools: string[];
  /**
   * The distribution's own containerd package, used when its version is recent enough for the
   * Kubernetes minor (else docker-ce's containerd.io). None on the RHEL family: its repositories have
   * no containerd, and openEuler's/Kylin's are vendor builds that lag far behind upstream.
   */
  containerdPackage?: string;
  /** SELinux and firewalld are on by default: put SELinux in permissive mode, open kubeadm's ports. */
  rhelLike: boolean;
  /** Past its vendor's end of life: still supported here, said in the report. */
  eol?: string;
}

const DEB_TOOLS = ["conntrack", "socat", "ebtables", "ethtool", "iptables", "iproute2"];
const EL7_TOOLS = ["conntrack-tools", "socat", "ebtables", "ethtool", "iptables", "iproute"];
const EL8_TOOLS = ["conntrack-tools", "socat", "ebtables", "ethtool", "iptables", "iproute"];
// EL9/EL10 have no separate ebtables package: iptables-nft brings iptables and ebtables (nft backends).
const EL9_TOOLS = ["conntrack-tools", "socat", "ethtool", "iptables-nft", "iproute"];

interface Row {
  ids: string[];
  /** VERSION_ID prefixes accepted ("9" matches "9.4"), each with its display version. */
  versions: { match: string; suite?: string; el?: string; tools?: string[]; eol?: string }[];
  name: string;
  family: "deb" | "rpm";
  manager?: PackageManager;
  /** Only when NAME contains this (UOS: the Server edition is the RPM one). */
  nameHas?: string;
}

/** The supported list, in README order. */
const ROWS: Row[] = [
  {
    ids: ["ubuntu"],
    name: "Ubuntu",
    family: "deb",
    versions: [
      { match: "20.04", suite: "focal" },
      { match: "22.04", suite: "jammy" },
      { match: "24.04", suite: "noble" },
    ],
  },
  {
    ids: ["debian"],
    name: "Debian",
    family: "deb",
    versions: [
      { match: "11", suite: "bullseye" },
      { match: "12", suite: "bookworm" },
      { match: "13", suite: "trixie" },
    ],
  },
  {
    ids: ["centos"],
    name: "CentOS",
    family: "rpm",
    manager: "yum",
    versions: [{ match: "7", el: "7", tools: EL7_TOOLS, eol: "2024-06-30" }],
  },
  {
    ids: ["rocky", "almalinux", "rhel"],
    name: "",
    family: "rpm",
    versions: [
      { match: "8", el: "8" },
      { match: "9", el: "9", tools: EL9_TOOLS },
      { match: "10", el: "10", tools: EL9_TOOLS },
    ],
  },
  {
    ids: ["openeuler"],
    name: "openEuler",
    family: "rpm",
    versions: [
      { match: "22.03", el: "8" },
      { match: "24.03", el: "9" },
    ],
  },
  { ids: ["kylin"], name: "Kylin", family: "rpm", versions: [{ match: "V10", el: "8" }] },
  { ids: ["anolis"], name: "Anolis OS", family: "rpm", versions: [{ match: "8", el: "8" }] },
  { ids: ["alinux"], name: "Alibaba Cloud Linux", family: "rpm", versions: [{ match: "3", el: "8" }] },
  {
    ids: ["uos"],
    name: "UOS Server",
    family: "rpm",
    nameHas: "Server",
    versions: [{ match: "20", el: "8" }],
  },
];

const DISPLAY: Record<string, string> = { rocky: "Rocky Linux", almalinux: "AlmaLinux", rhel: "RHEL" };

/** The supported distributions, one line each, for the refusal and README. */
export const SUPPORTED_DISTROS: string = ROWS.map((r) =>
  r.ids.map((id) => `${r.name || DISPLAY[id]} ${r.versions.map((v) => v.match).join("/")}`).join(", "),
).join(", ");

function versionMatches(versionId: string, match: string): boolean {
  return versionId === match || versionId.startsWith(`${match}.`) || versionId.startsWith(`${match}-`);
}

export type DistroMatch =
  | { ok: true; distro: Distro }
  | {
      ok: false;
      /** What the file says, for the message: "Fedora Linux 41", or "no /etc/os-release". */
      what: string;
      /** The package family ID/ID_LIKE suggest, named in the refusal. */
      family: PackageFamily;
    };

/** The supported distribution /etc/os-release describes, or why not. */
export function detectDistro(os: Record<string, string> | undefined): DistroMatch {
  if (!os) return { ok: false, what: "no /etc/os-release", family: "unknown" };
  const id = (os.ID ?? "").toLowerCase();
  const versionId = os.VERSION_ID ?? "";
  const what = os.PRETTY_NAME || `${os.NAME ?? id} ${versionId}`.trim();
  for (const row of ROWS) {
    if (!row.ids.includes(id)) continue;
    if (row.nameHas && !(os.NAME ?? "").includes(row.nameHas)) continue;
    const v = row.versions.find((x) => versionMatches(versionId, x.match));
    if (!v) continue;
    const name = `${row.name || DISPLAY[id]} ${v.match}`;
    const deb = row.family === "deb";
    const distro: Distro = {
      key: `${id}-${v.match.toLowerCase()}`,
      name,
      family: row.family,
      manager: row.manager ?? (deb ? "apt" : "dnf"),
      dockerCe: deb
        ? { path: `linux/${id}`, suite: os.VERSION_CODENAME || v.suite || "" }
        : { path: "linux/centos", elRelease: v.el ?? "8" },
      tools: v.tools ?? (deb ? DEB_TOOLS : EL8_TOOLS),
      ...(deb ? { containerdPackage: "containerd" } : {}),
      rhelLike: !deb,
      ...(v.eol ? { eol: v.eol } : {}),
    };
    return { ok: true, distro };
  }
  return { ok: false, what, family: likeFamily(os) };
}

/** ID and ID_LIKE alone: the family of a derivative we do not list (Fedora, Linux Mint, ...). */
export function likeFamily(os: Record<string, string> | undefined): PackageFamily {
  const ids = `${os?.ID ?? ""} ${os?.ID_LIKE ?? ""}`.toLowerCase().split(/\s+/);
  if (ids.some((id) => ["debian", "ubuntu"].includes(id))) return "deb";
  if (
    ids.some((id) => ["rhel", "fedora", "centos", "openeuler", "anolis", "opencloudos", "kylin"].includes(id))
  )
    return "rpm";
  return "unknown";
}
