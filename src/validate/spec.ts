import { findCniRelease, knownCniVersions, untestedWith } from "../cni/catalog.js";
import type { Lang } from "../i18n/lang.js";
import { type Msg, t } from "../i18n/messages.js";
import type { FieldPath } from "../spec/fields.js";
import type { ClusterSpec } from "../spec/types.js";
import {
  type Cidr,
  cidrContains,
  cidrsOverlap,
  familyBits,
  type IpAddress,
  interfaceNetwork,
  isUnusableAdvertiseAddress,
  parseCidr,
  parseIp,
} from "./ip.js";
import { newestKnownPatch, pinMinor } from "./known-versions.js";
import {
  CA_HASH_RE,
  CERT_KEY_RE,
  DOC_EXAMPLE_TOKEN,
  endpointWithPort,
  isBareIpv6,
  isDns1123Subdomain,
  isGoDuration,
  isHostName,
  isImageRepository,
  nodeNameProblem,
  parseHostPort,
  suggestNodeName,
  TOKEN_RE,
} from "./names.js";
import {
  FAIL_CGROUP_V1_FIELD_FROM_MINOR,
  type KubeVersion,
  MIN_MINOR,
  NEWEST_KNOWN_MINOR,
  parseKubeVersion,
  V1BETA4_FROM_MINOR,
} from "./version.js";

export interface Issue {
  severity: "error" | "warning";
  field?: FieldPath;
  /**
   * The other fields this cross-field issue involves (e.g. the service subnet for a pod/service
   * overlap reported on the pod subnet): the wizard raises it at whichever of them is asked last.
   */
  related?: FieldPath[];
  msg: Msg;
  hint?: Msg;
}

/** An address of one of this host's interfaces, as the OS reports it (cidr = address/prefix). */
export interface HostInterfaceAddress {
  interface: string;
  address: string;
  cidr: string;
}

export interface ValidationContext {
  /** "init" validates what a first control plane needs; "join" what a joining node needs. */
  mode: "init" | "join";
  /** Networks of this host's interfaces (CIDR text), detected by the shell; empty in pure tests. */
  hostNetworks: string[];
  /**
   * True when the spec is for this very host (init, prepare): overlapping its networks is an error.
   * `config` may run on a workstation for another machine, so there it is only a warning.
   */
  hostIsTarget: boolean;
  lang: Lang;
  /** This host's addresses with their interfaces (kube-vip's interface check); optional in pure tests. */
  hostAddresses?: HostInterfaceAddress[];
  /**
   * The wizard asks for this host's own advertise address: one that is on none of `hostAddresses`
   * is a warning there (the config must be used on the host that has it).
   */
  advertiseOnHost?: boolean;
  /**
   * The user gives the CNI manifest (--manifest): then any --cni-version is theirs to pin, the
   * catalogue's checksums are not needed. Without it an unknown version has no manifest at all.
   */
  userManifest?: boolean;
}

// kubeadm: constants.MaximumBitsForServiceSubnet.
const MAX_SERVICE_BITS = 20;
// kube-controller-manager --node-cidr-mask-size defaults; kubeadm: PodSubnetNodeMaskMaxDiff.
const NODE_MASK: Record<4 | 6, number> = { 4: 24, 6: 64 };
const MAX_NODE_MASK_DIFF = 16;

const LABELS = new Set(["stable", "latest", "stable-1", "latest-1", "ci/latest"]);

const err = (field: FieldPath | undefined, msg: Msg, hint?: Msg): Issue => ({
  severity: "error",
  ...(field ? { field } : {}),
  msg,
  ...(hint ? { hint } : {}),
});
const warn = (field: FieldPath | undefined, msg: Msg): Issue => ({
  severity: "warning",
  ...(field ? { field } : {}),
  msg,
});
/** Marks an issue as involving other fields too (cross-field). */
const also = (issue: Issue, ...related: FieldPath[]): Issue => ({ ...issue, related });

/** Every field an issue involves: its own and the related ones. */
export function involvedFields(i: Issue): FieldPath[] {
  return [...(i.field ? [i.field] : []), ...(i.related ?? [])];
}

/**
 * The issues to raise at the wizard's question for `path`: those that involve it and whose other
 * fields are all settled (given by a flag, file or profile, answered earlier, or never asked). An
 * issue with a field still to be asked waits for that question, so it is raised exactly once, at
 * the last of its fields. Pure.
 */
export function issuesAtQuestion(
  issues: readonly Issue[],
  path: FieldPath,
  settled: (f: FieldPath) => boolean,
): Issue[] {
  return issues.filter((i) => {
    const fields = involvedFields(i);
    return fields.includes(path) && fields.every((f) => f === path || settled(f));
  });
}

/** Parses "a" or "a,b" into CIDRs, reporting syntax and dual-stack shape problems. */
function parseSubnetList(field: FieldPath, what: string, value: string, issues: Issue[]): Cidr[] | undefined {
  const flag = field === "networking.podSubnet" ? "pod-subnet" : "service-subnet";
  const parts = value.split(",").map((s) => s.trim());
  if (parts.length > 2) {
    issues.push(err(field, { key: "cidr.tooMany", params: { what, value } }));
    return undefined;
  }
  const out: Cidr[] = [];
  for (const part of parts) {
    const r = parseCidr(part);
    if (!r.ok) {
      issues.push(
        r.reason === "hostBits"
          ? err(
              field,
              { key: "cidr.hostBits", params: { what, value: part, suggestion: r.suggestion ?? "" } },
              { key: "fix.useNetwork", params: { flag, suggestion: r.suggestion ?? "" } },
            )
          : err(field, { key: "cidr.syntax", params: { what, value: part } }),
      );
      return undefined;
    }
    out.push(r.cidr);
  }
  if (out.length === 2 && out[0]?.family === out[1]?.family) {
    issues.push(err(field, { key: "cidr.dualSameFamily", params: { what, value } }));
    return undefined;
  }
  return out;
}

/** The issues of a pinned Kubernetes version on its own (the join prompt asks for nothing else). */
export function versionIssues(raw: string): Issue[] {
  const issues: Issue[] = [];
  kubernetesVersionIssues(raw, issues);
  return issues;
}

function validateVersion(spec: ClusterSpec, issues: Issue[]): void {
  const v = kubernetesVersionIssues(spec.kubernetesVersion, issues);
  if (v && spec.kubeProxy.mode === "nftables" && v.minor < V1BETA4_FROM_MINOR) {
    issues.push(
      also(
        err("kubeProxy.mode", { key: "proxyMode.nftablesTooOld", params: { version: v.text } }),
        "kubernetesVersion",
      ),
    );
  }
  if (v && spec.node.allowCgroupV1 && v.minor < FAIL_CGROUP_V1_FIELD_FROM_MINOR) {
    issues.push(
      also(
        err("node.allowCgroupV1", { key: "allowCgroupV1.tooOld", params: { version: v.text } }),
        "kubernetesVersion",
      ),
    );
  }
}

/** The version's own issues; the parsed version when it is one that can be built. */
function kubernetesVersionIssues(raw: string, issues: Issue[]): KubeVersion | undefined {
  if (LABELS.has(raw.replace(/^v/, ""))) {
    issues.push(
      err(
        "kubernetesVersion",
        { key: "version.label", params: { value: raw } },
        { key: "version.formatHint" },
      ),
    );
    return undefined;
  }
  const pin = pinMinor(raw);
  if (pin?.kind === "unknown") {
    // A bare minor the table has no release of (pinned ones arrive here already expanded).
    issues.push(
      pin.value < MIN_MINOR
        ? err(
            "kubernetesVersion",
            { key: "version.tooOld", params: { value: pin.minor } },
            { key: "version.tooOldHint" },
          )
        : err(
            "kubernetesVersion",
            { key: "version.minorUnknown", params: { value: pin.minor } },
            { key: "version.minorUnknownHint", params: { example: `${pin.minor}.0` } },
          ),
    );
    return undefined;
  }
  const v = parseKubeVersion(raw);
  if (!v) {
    // "v9.99.0" has the right shape: saying it is not "like v1.33.2" would puzzle; say what is wrong.
    const major = /^v?(\d+)\.\d+\.\d+$/.exec(raw.trim())?.[1];
    issues.push(
      err(
        "kubernetesVersion",
        major !== undefined && major !== "1"
          ? { key: "version.major", params: { value: raw, major } }
          : { key: "version.format", params: { value: raw } },
        { key: major !== undefined && major !== "1" ? "version.majorHint" : "version.formatHint" },
      ),
    );
    return undefined;
  }
  if (v.minor < MIN_MINOR) {
    issues.push(
      err(
        "kubernetesVersion",
        { key: "version.tooOld", params: { value: v.text } },
        { key: "version.tooOldHint" },
      ),
    );
    return undefined;
  }
  if (v.minor > NEWEST_KNOWN_MINOR) {
    issues.push(
      warn("kubernetesVersion", {
        key: "version.newer",
        params: { value: v.text, known: NEWEST_KNOWN_MINOR },
      }),
    );
  }
  const newest = newestKnownPatch(v.minor);
  if (newest && !v.pre && v.patch > newest.patch) {
    issues.push(
      warn("kubernetesVersion", { key: "version.patchNewer", params: { value: v.text, known: newest.text } }),
    );
  }
  if (v.pre) issues.push(warn("kubernetesVersion", { key: "version.prerelease", params: { value: v.text } }));
  return v;
}

function validateNetworks(spec: ClusterSpec, ctx: ValidationContext, labels: Labels, issues: Issue[]): void {
  const pod = parseSubnetList("networking.podSubnet", labels.pod, spec.networking.podSubnet, issues);
  const svc = parseSubnetList("networking.serviceSubnet", labels.svc, spec.networking.serviceSubnet, issues);

  for (const c of svc ?? []) {
    if (familyBits(c.family) - c.prefix > MAX_SERVICE_BITS) {
      issues.push(
        err("networking.serviceSubnet", { key: "serviceSubnet.tooLarge", params: { value: c.text } }),
      );
    }
  }
  for (const c of pod ?? []) {
    const nodeMask = NODE_MASK[c.family];
    if (c.prefix > nodeMask) {
      issues.push(
        err("networking.podSubnet", {
          key: "podSubnet.smallerThanNode",
          params: { value: c.text, nodeMask },
        }),
      );
    } else if (nodeMask - c.prefix > MAX_NODE_MASK_DIFF) {
      issues.push(
        err("networking.podSubnet", { key: "podSubnet.tooLarge", params: { value: c.text, nodeMask } }),
      );
    }
  }
  if (pod && svc) {
    const families = (cs: Cidr[]) =>
      cs
        .map((c) => c.family)
        .sort()
        .join();
    if (families(pod) !== families(svc)) {
      issues.push(
        also(
          err("networking.serviceSubnet", {
            key: "cidr.familyMismatch",
            params: { pod: spec.networking.podSubnet, svc: spec.networking.serviceSubnet },
          }),
          "networking.podSubnet",
        ),
      );
    }
    for (const p of pod) {
      for (const s of svc) {
        if (cidrsOverlap(p, s)) {
          issues.push(
            also(
              err(
                "networking.podSubnet",
                { key: "cidr.overlap", params: { a: p.text, b: s.text } },
                { key: "cidr.overlapHint" },
              ),
              "networking.serviceSubnet",
            ),
          );
        }
      }
    }
  }
  // The OS reports interface addresses (192.168.1.20/24), not networks: take the network of each.
  const hostNets = ctx.hostNetworks.flatMap((n) => {
    const c = interfaceNetwork(n);
    return c ? [c] : [];
  });
  for (const [what, field, list] of [
    [labels.pod, "networking.podSubnet", pod],
    [labels.svc, "networking.serviceSubnet", svc],
  ] as const) {
    for (const c of list ?? []) {
      const clash = hostNets.find((h) => cidrsOverlap(c, h));
      if (clash) {
        const msg: Msg = { key: "cidr.hostOverlap", params: { what, subnet: c.text, host: clash.text } };
        issues.push(ctx.hostIsTarget ? err(field, msg, { key: "cidr.overlapHint" }) : warn(field, msg));
      }
    }
  }

  const ip = checkAdvertiseAddress(spec, labels, issues);
  if (ip) {
    const addr = spec.controlPlane.advertiseAddress as string;
    if (svc && !svc.some((c) => c.family === ip.family)) {
      issues.push(
        also(
          err("controlPlane.advertiseAddress", {
            key: "advertise.familyMismatch",
            params: { value: addr, family: ip.family, svc: spec.networking.serviceSubnet },
          }),
          "networking.serviceSubnet",
        ),
      );
    }
    for (const [what, field, list] of [
      [labels.pod, "networking.podSubnet", pod],
      [labels.svc, "networking.serviceSubnet", svc],
    ] as const) {
      const inside = (list ?? []).find((c) => cidrContains(c, ip));
      if (inside) {
        issues.push(
          also(
            err(
              "controlPlane.advertiseAddress",
              { key: "advertise.inSubnet", params: { value: addr, what, subnet: inside.text } },
              { key: "cidr.overlapHint" },
            ),
            field,
          ),
        );
      }
    }
    const local = ctx.hostAddresses ?? [];
    if (
      ctx.advertiseOnHost &&
      local.length > 0 &&
      !local.some((a) => parseIp(a.address)?.value === ip.value)
    ) {
      issues.push(warn("controlPlane.advertiseAddress", { key: "ask.notOnHost", params: { value: addr } }));
    }
  }

  // One cause, one line: the CNI fit only matters once the subnet itself is acceptable.
  const podSubnetBad = issues.some((i) => i.severity === "error" && i.field === "networking.podSubnet");
  if (pod && !podSubnetBad) validateCniSubnet(spec, pod, issues);
}

/** Returns the parsed address when it is usable, so callers can check it against the subnets. */
function checkAdvertiseAddress(spec: ClusterSpec, labels: Labels, issues: Issue[]): IpAddress | undefined {
  const addr = spec.controlPlane.advertiseAddress;
  if (addr === undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) {
    issues.push(
      err(
        "controlPlane.advertiseAddress",
        { key: "ip.invalid", params: { what: labels.adv, value: addr } },
        { key: "advertise.hint" },
      ),
    );
    return undefined;
  }
  if (isUnusableAdvertiseAddress(ip)) {
    issues.push(
      err(
        "controlPlane.advertiseAddress",
        { key: "advertise.unusable", params: { value: addr } },
        { key: "advertise.hint" },
      ),
    );
    return undefined;
  }
  return ip;
}

function validateCniSubnet(spec: ClusterSpec, pod: Cidr[], issues: Issue[]): void {
  const v4 = pod.find((c) => c.family === 4);
  if (spec.cni.plugin === "flannel") {
    if (!v4) {
      issues.push(
        also(
          err("networking.podSubnet", {
            key: "flannel.ipv6Only",
            params: { value: spec.networking.podSubnet },
          }),
          "cni.plugin",
        ),
      );
    } else if (v4.prefix > 23) {
      issues.push(
        also(
          err("networking.podSubnet", { key: "flannel.subnetTooSmall", params: { value: v4.text } }),
          "cni.plugin",
        ),
      );
    }
  }
}

/** What is wrong with an invalid node name, in words: the long label, the length, or the characters. */
export function nodeNameMsg(name: string): Msg {
  const problem = nodeNameProblem(name);
  if (problem === "labelTooLong") {
    // The part is named by position: quoting it alone could read as a secret (and be redacted).
    const parts = name.split(".");
    const index = parts.findIndex((l) => l.length > 63);
    return {
      key: "nodeName.labelTooLong",
      params: { value: name, index: index + 1, length: parts[index]?.length ?? 0 },
    };
  }
  if (problem === "tooLong") return { key: "nodeName.tooLong", params: { value: name, length: name.length } };
  return { key: "nodeName.invalid", params: { value: name } };
}

function validateNames(spec: ClusterSpec, ctx: ValidationContext, labels: Labels, issues: Issue[]): void {
  if (!isDns1123Subdomain(spec.networking.dnsDomain)) {
    issues.push(
      err("networking.dnsDomain", { key: "dnsDomain.invalid", params: { value: spec.networking.dnsDomain } }),
    );
  }
  const name = spec.node.name;
  if (name !== undefined && !isDns1123Subdomain(name)) {
    const suggestion = suggestNodeName(name);
    issues.push(
      err(
        "node.name",
        nodeNameMsg(name),
        suggestion ? { key: "nodeName.hint", params: { suggestion } } : { key: "nodeName.hintGeneric" },
      ),
    );
  }
  const port = spec.controlPlane.bindPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    issues.push(
      err("controlPlane.bindPort", { key: "port.range", params: { what: labels.port, value: port } }),
    );
  }
  const ep = spec.controlPlane.endpoint;
  if (ep !== undefined && ctx.mode === "init" && !parseHostPort(ep)) {
    issues.push(
      err("controlPlane.endpoint", { key: "endpoint.invalid", params: { what: labels.cpe, value: ep } }),
    );
  }
  for (const san of spec.controlPlane.certSANs) {
    const ok = parseIp(san) !== undefined || isHostName(san.replace(/^\*\./, "").toLowerCase());
    if (!ok) issues.push(err("controlPlane.certSANs", { key: "certSAN.invalid", params: { value: san } }));
  }
  if (!isImageRepository(spec.imageRepository)) {
    issues.push(
      err("imageRepository", { key: "imageRepository.invalid", params: { value: spec.imageRepository } }),
    );
  }
  if (!/^unix:\/\/\/[^\s]+$/.test(spec.node.criSocket)) {
    issues.push(err("node.criSocket", { key: "criSocket.invalid", params: { value: spec.node.criSocket } }));
  }
}

function validateEnums(spec: ClusterSpec, issues: Issue[], userManifest = false): void {
  const enums: [FieldPath, string, string, readonly string[]][] = [
    ["node.cgroupDriver", "cgroup-driver", spec.node.cgroupDriver, ["systemd", "cgroupfs"]],
    ["kubeProxy.mode", "proxy-mode", spec.kubeProxy.mode, ["iptables", "ipvs", "nftables"]],
    ["cni.plugin", "cni", spec.cni.plugin, ["flannel", "calico", "none"]],
  ];
  if (spec.controlPlane.loadBalancer !== undefined) {
    enums.push([
      "controlPlane.loadBalancer",
      "lb",
      spec.controlPlane.loadBalancer,
      ["external", "kube-vip", "haproxy"],
    ]);
  }
  for (const [field, flag, value, allowed] of enums) {
    if (!allowed.includes(value)) {
      issues.push(err(field, { key: "enum.invalid", params: { flag, value, allowed: allowed.join(", ") } }));
    }
  }
  if (spec.cni.version !== undefined && !/^v[0-9]+\.[0-9]+\.[0-9]+$/.test(spec.cni.version)) {
    issues.push(err("cni.version", { key: "cniVersion.invalid", params: { value: spec.cni.version } }));
  } else if (
    spec.cni.version !== undefined &&
    !userManifest &&
    (spec.cni.plugin === "flannel" || spec.cni.plugin === "calico") &&
    !findCniRelease(spec.cni.plugin, spec.cni.version)
  ) {
    // Caught here, not when the manifest is fetched: config, a dry run and the image pre-pull
    // would otherwise go on with a release that cannot be installed.
    // The wizard raises it at the CNI question, naming the --cni-version it conflicts with.
    issues.push(
      also(
        err(
          "cni.version",
          {
            key: "cni.versionUnknown",
            params: {
              plugin: spec.cni.plugin,
              version: spec.cni.version,
              known: knownCniVersions(spec.cni.plugin).join(", "),
            },
          },
          { key: "cni.versionUnknownHint", params: { plugin: spec.cni.plugin } },
        ),
        "cni.plugin",
      ),
    );
  }
  // Only for a version that is itself fine: a refused version has nothing to be tested with.
  const versionOk = !issues.some((i) => i.severity === "error" && i.field === "kubernetesVersion");
  const cniRelease =
    userManifest || !versionOk ? undefined : findCniRelease(spec.cni.plugin, spec.cni.version);
  const untested = cniRelease && untestedWith(cniRelease, spec.kubernetesVersion);
  if (cniRelease && untested) {
    // Said, not refused: upstream's lists lag its releases (and a new Kubernetes minor).
    issues.push(
      also(
        warn("cni.version", {
          key: "cni.notTested",
          params: {
            plugin: cniRelease.plugin,
            upstream: cniRelease.plugin === "calico" ? "Calico" : "Flannel",
            version: cniRelease.version,
            ...untested,
          },
        }),
        "kubernetesVersion",
      ),
    );
  }
  for (const [registry, prefix] of Object.entries(spec.cni.imageMirrors)) {
    if (!isImageRepository(registry) || !isImageRepository(prefix)) {
      issues.push(
        err("cni.imageMirrors", { key: "imageMirror.invalid", params: { value: `${registry}=${prefix}` } }),
      );
    }
  }
  // Profiles and answers files name these; a typo would only show as a failed curl on the node.
  for (const [field, value] of Object.entries(spec.packageRepository)) {
    if (value !== undefined && value !== "" && !/^(https?:\/\/[^\s/]+|file:\/\/)(\/[^\s]*)?$/.test(value)) {
      issues.push(
        err(
          `packageRepository.${field}` as FieldPath,
          { key: "packageRepository.invalid", params: { field, value } },
          { key: "packageRepository.hint" },
        ),
      );
    }
  }
  for (const [registry, urls] of Object.entries(spec.registryMirrors)) {
    for (const url of urls) {
      if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(url)) {
        issues.push(
          err("registryMirrors", { key: "registryMirror.invalid", params: { value: url, registry } }),
        );
      }
    }
  }
}

function validateToken(field: FieldPath, token: string | undefined, issues: Issue[]): void {
  if (token === undefined) return;
  if (token === DOC_EXAMPLE_TOKEN) {
    issues.push(err(field, { key: "token.example" }, { key: "token.hint" }));
  } else if (!TOKEN_RE.test(token)) {
    issues.push(err(field, { key: "token.invalid", params: { value: token } }, { key: "token.hint" }));
  }
}

function validateCertKey(field: FieldPath, key: string | undefined, issues: Issue[]): void {
  if (key !== undefined && !CERT_KEY_RE.test(key)) {
    issues.push(err(field, { key: "certKey.invalid", params: { value: key } }, { key: "certKey.hint" }));
  }
}

function validateSecrets(spec: ClusterSpec, issues: Issue[]): void {
  validateToken("bootstrapToken.token", spec.bootstrapToken.token, issues);
  if (!isGoDuration(spec.bootstrapToken.ttl)) {
    issues.push(
      err("bootstrapToken.ttl", { key: "ttl.invalid", params: { value: spec.bootstrapToken.ttl } }),
    );
  }
  validateCertKey("certificateKey", spec.certificateKey, issues);
}

function validateEtcd(spec: ClusterSpec, issues: Issue[]): void {
  const ext = spec.etcd.external;
  if (!ext) return;
  if (ext.endpoints.length === 0) {
    issues.push(err("etcd.external.endpoints", { key: "etcd.noEndpoints" }));
    return;
  }
  let https = false;
  for (const e of ext.endpoints) {
    const m = /^(https?):\/\/([^/\s]+)$/.exec(e);
    const hp = m ? parseHostPort(m[2] as string) : undefined;
    if (!m || !hp || hp.port === undefined) {
      issues.push(err("etcd.external.endpoints", { key: "etcd.endpoint", params: { value: e } }));
    } else if (m[1] === "https") {
      https = true;
    }
  }
  const files: [FieldPath, string, string][] = [
    ["etcd.external.caFile", "--etcd-cafile", ext.caFile],
    ["etcd.external.certFile", "--etcd-certfile", ext.certFile],
    ["etcd.external.keyFile", "--etcd-keyfile", ext.keyFile],
  ];
  const missing = files.filter(([, , v]) => v === "").map(([, flag]) => flag);
  if (https && missing.length > 0) {
    issues.push(
      err("etcd.external.caFile", { key: "etcd.incomplete", params: { missing: missing.join(", ") } }),
    );
  }
  for (const [field, , v] of files) {
    if (v !== "" && !v.startsWith("/"))
      issues.push(err(field, { key: "etcd.fileNotAbsolute", params: { value: v } }));
  }
}

function validateJoin(spec: ClusterSpec, labels: Labels, issues: Issue[]): void {
  const j = spec.join;
  if (!j) return;
  const hp = parseHostPort(j.apiServerEndpoint);
  if (!hp) {
    issues.push(
      err("join.apiServerEndpoint", {
        key: "endpoint.invalid",
        params: { what: labels.join, value: j.apiServerEndpoint },
      }),
    );
  } else if (hp.port === undefined) {
    const value = j.apiServerEndpoint;
    issues.push(
      err("join.apiServerEndpoint", {
        key: isBareIpv6(value) ? "endpoint.ipv6Brackets" : "endpoint.needsPort",
        params: { what: labels.join, value, suggestion: endpointWithPort(value) },
      }),
    );
  }
  // A worker joins the cluster it has: one built from `kubeadm config print init-defaults` carries the
  // documentation's token. Refusing it would strand the node; say it is public and how to rotate it.
  if (j.token === DOC_EXAMPLE_TOKEN) issues.push(warn("join.token", { key: "token.exampleJoin" }));
  else validateToken("join.token", j.token, issues);
  for (const h of j.caCertHashes) {
    if (!CA_HASH_RE.test(h))
      issues.push(err("join.caCertHashes", { key: "join.caHash", params: { value: h } }));
  }
  if (j.controlPlane && j.certificateKey === undefined) {
    issues.push(err("join.certificateKey", { key: "join.certKeyMissing" }, { key: "join.certKeyHint" }));
  }
  if (!j.controlPlane && j.certificateKey !== undefined)
    issues.push(warn("join.certificateKey", { key: "join.certKeyIgnored" }));
  validateCertKey("join.certificateKey", j.certificateKey, issues);
}

interface Labels {
  pod: string;
  svc: string;
  adv: string;
  port: string;
  cpe: string;
  join: string;
}

function labelsFor(lang: Lang): Labels {
  return {
    pod: t(lang, "label.podSubnet"),
    svc: t(lang, "label.serviceSubnet"),
    adv: t(lang, "label.advertiseAddress"),
    port: t(lang, "label.bindPort"),
    cpe: t(lang, "label.controlPlaneEndpoint"),
    join: t(lang, "label.joinEndpoint"),
  };
}

/**
 * HA endpoint modes: what each needs from the endpoint, and flags that only make sense with one. */
function validateLoadBalancer(spec: ClusterSpec, ctx: ValidationContext, issues: Issue[]): void {
  const cp = spec.controlPlane;
  const mode = cp.loadBalancer;
  const hp = cp.endpoint ? parseHostPort(cp.endpoint) : undefined;
  if (mode !== undefined && cp.endpoint === undefined && ctx.mode === "init") {
    issues.push(
      also(
        err(
          "controlPlane.loadBalancer",
          { key: "lb.needsEndpoint", params: { mode } },
          { key: "lb.needsEndpointHint" },
        ),
        "controlPlane.endpoint",
      ),
    );
    return;
  }
  if (cp.vipInterface !== undefined && mode !== "kube-vip") {
    issues.push(
      also(err("controlPlane.vipInterface", { key: "lb.vipInterfaceOnly" }), "controlPlane.loadBalancer"),
    );
  }
  for (const b of cp.lbBackends) {
    const bp = parseHostPort(b);
    if (!bp || parseIp(bp.host) === undefined) {
      issues.push(err("controlPlane.lbBackends", { key: "lb.badBackend", params: { value: b } }));
    }
  }
  if (!hp) return;
  if (mode === "kube-vip") {
    const vip = parseIp(hp.host);
    if (vip === undefined) {
      issues.push(
        also(
          err("controlPlane.endpoint", { key: "lb.vipNotIp", params: { value: hp.host } }),
          "controlPlane.loadBalancer",
        ),
      );
    } else if (hp.host === cp.advertiseAddress) {
      issues.push(
        also(
          err("controlPlane.endpoint", { key: "lb.vipIsNode", params: { value: hp.host } }),
          "controlPlane.advertiseAddress",
          "controlPlane.loadBalancer",
        ),
      );
    }
    if (hp.port !== undefined && hp.port !== cp.bindPort) {
      issues.push(
        also(
          err("controlPlane.endpoint", { key: "lb.vipPort", params: { port: hp.port, bind: cp.bindPort } }),
          "controlPlane.bindPort",
          "controlPlane.loadBalancer",
        ),
      );
    }
    if (!cp.vipInterface) {
      issues.push(
        also(
          err("controlPlane.vipInterface", { key: "lb.vipInterface" }, { key: "lb.vipInterfaceHint" }),
          "controlPlane.loadBalancer",
        ),
      );
    } else if (!/^[A-Za-z0-9_.:@-]{1,15}$/.test(cp.vipInterface)) {
      issues.push(
        also(
          err("controlPlane.vipInterface", { key: "lb.badInterface", params: { value: cp.vipInterface } }),
          "controlPlane.loadBalancer",
        ),
      );
    } else if (vip !== undefined) {
      const outside = vipOutsideInterface(vip, cp.vipInterface, ctx.hostAddresses ?? []);
      if (outside) {
        const msg: Msg = {
          key: "ask.vipOutsideInterface",
          params: { vip: hp.host, iface: cp.vipInterface, nets: outside.join(", ") },
        };
        // Only this host's interfaces are known: for a config written elsewhere it is a warning.
        issues.push(
          also(
            ctx.hostIsTarget ? err("controlPlane.vipInterface", msg) : warn("controlPlane.vipInterface", msg),
            "controlPlane.endpoint",
            "controlPlane.loadBalancer",
          ),
        );
      }
    }
  }
  if (mode === "haproxy" && (hp.port ?? cp.bindPort) === cp.bindPort) {
    issues.push(
      also(
        err("controlPlane.endpoint", { key: "lb.haproxyPort", params: { bind: cp.bindPort } }),
        "controlPlane.bindPort",
        "controlPlane.loadBalancer",
      ),
    );
  }
}

/**
 * The networks of `iface` (same family as the VIP) when none of them holds the VIP; undefined when
 * the VIP is inside one, or when this host has no such interface (nothing to compare with).
 */
function vipOutsideInterface(
  vip: IpAddress,
  iface: string,
  addresses: readonly HostInterfaceAddress[],
): string[] | undefined {
  const nets = addresses
    .filter((a) => a.interface === iface)
    .flatMap((a) => {
      const c = interfaceNetwork(a.cidr);
      return c && c.family === vip.family ? [c] : [];
    });
  if (nets.length === 0 || nets.some((c) => cidrContains(c, vip))) return undefined;
  return nets.map((c) => c.text);
}

/**
 * Checks a resolved spec against what kubeadm and the CNI plugins will accept. Pure: host facts
 * arrive in `ctx`. In join mode the cluster's networks already exist, so only this node's
 * settings and the join credentials are checked.
 */
export function validateSpec(spec: ClusterSpec, ctx: ValidationContext): Issue[] {
  const labels = labelsFor(ctx.lang);
  const issues: Issue[] = [];
  validateVersion(spec, issues);
  validateEnums(spec, issues, ctx.userManifest === true);
  validateNames(spec, ctx, labels, issues);
  if (ctx.mode === "init") validateNetworks(spec, ctx, labels, issues);
  else checkAdvertiseAddress(spec, labels, issues);
  validateSecrets(spec, issues);
  validateEtcd(spec, issues);
  validateLoadBalancer(spec, ctx, issues);
  if (ctx.mode === "join") validateJoin(spec, labels, issues);
  return issues;
}
