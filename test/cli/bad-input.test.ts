import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Files } from "../../src/host/files.js";
import { localFiles } from "../../src/host/files.js";
import { type RunResult, runCli } from "../fakes/ports.js";

/**
 * A corpus of bad inputs. Each one must be refused before anything is written: exit 2, exactly
 * one `error: <cause> Fix: <hint>` line on stderr naming the cause, nothing on stdout, no stack.
 */

/** Placeholder for the per-case directory holding answers/profile files. */
const IN = "{in}";
/** Placeholder for the per-case output directory (must stay empty). */
const OUT = "{out}";

const BASE: [string, string][] = [
  ["k8s-version", "v1.33.2"],
  ["advertise-address", "192.0.2.10"],
];

/**
 * `config` with the base valid flags, `change` replacing (or with null removing) base values,
 * then `extra` appended. `--yes` is always present.
 */
function config(change: Record<string, string | null> = {}, ...extra: string[]): string[] {
  const args = ["config"];
  for (const [flag, value] of BASE) {
    const v = flag in change ? change[flag] : value;
    if (v !== null && v !== undefined) args.push(`--${flag}`, v);
  }
  args.push("--yes");
  for (const [flag, value] of Object.entries(change)) {
    if (!BASE.some(([f]) => f === flag) && value !== null) args.push(`--${flag}`, value);
  }
  return [...args, ...extra];
}

const TOKEN = "7k3x9q.4p2m8n5r1t6v0w3y";
const HASH = `sha256:${"3f".repeat(32)}`;
const CERT_KEY = "a1".repeat(32);
const join_ = (...extra: string[]) =>
  config({}, "--join", "--endpoint", "10.0.0.1:6443", "--token", TOKEN, "--ca-cert-hash", HASH, ...extra);

interface Case {
  name: string;
  args: string[];
  /** Substring of the cause (the part before "Fix:") that names what is wrong. */
  expect: string;
  /** Files written into the input directory before the run. */
  files?: Record<string, string>;
  /** Insert `--out {out}/out.yaml` after the command word (default: only for `config`). */
  out?: boolean;
}

const CASES: Case[] = [
  // --- Kubernetes version
  // A bare minor means its newest known patch; one without release data is refused.
  {
    name: "minor without release data v1.40",
    args: config({ "k8s-version": "v1.40" }),
    expect: "v1.40 is a minor",
  },
  {
    name: "minor too old 1.21",
    args: config({ "k8s-version": "1.21" }),
    expect: "Kubernetes v1.21 is not supported",
  },
  { name: "version label latest", args: config({ "k8s-version": "latest" }), expect: '"latest"' },
  { name: "version label stable", args: config({ "k8s-version": "stable" }), expect: '"stable"' },
  { name: "version label stable-1", args: config({ "k8s-version": "stable-1" }), expect: '"stable-1"' },
  { name: "version major 2 v2.0.0", args: config({ "k8s-version": "v2.0.0" }), expect: '"v2.0.0"' },
  { name: "version too old v1.21.5", args: config({ "k8s-version": "v1.21.5" }), expect: "v1.21.5" },
  { name: "version garbage", args: config({ "k8s-version": "banana" }), expect: '"banana"' },
  { name: "version empty string", args: config({ "k8s-version": "" }), expect: "Kubernetes version" },
  // --- CIDRs
  { name: "pod subnet without prefix", args: config({ "pod-subnet": "10.244.0.0" }), expect: '"10.244.0.0"' },
  {
    name: "service subnet prefix 33",
    args: config({ "service-subnet": "10.96.0.0/33" }),
    expect: '"10.96.0.0/33"',
  },
  { name: "pod subnet not an address", args: config({ "pod-subnet": "pods/16" }), expect: '"pods/16"' },
  {
    name: "pod subnet host bits set",
    args: config({ "pod-subnet": "10.244.1.0/16" }),
    expect: '"10.244.1.0/16" has host bits set',
  },
  {
    name: "service subnet host bits set",
    args: config({ "service-subnet": "10.96.0.1/12" }),
    expect: '"10.96.0.1/12" has host bits set',
  },
  {
    name: "pod subnet overlaps service subnet",
    args: config({ "pod-subnet": "10.96.0.0/16" }),
    expect: "10.96.0.0/16 overlaps service subnet 10.96.0.0/12",
  },
  {
    name: "service subnet too large /11",
    args: config({ "service-subnet": "10.0.0.0/11" }),
    expect: "service subnet 10.0.0.0/11 is too large",
  },
  {
    name: "pod subnet too large for /24 node masks (/7)",
    args: config({ "pod-subnet": "20.0.0.0/7" }),
    expect: "pod subnet 20.0.0.0/7 is too large",
  },
  {
    name: "pod subnet smaller than a node range (/25, cni none)",
    args: config({ "pod-subnet": "10.244.0.0/25", cni: "none" }),
    expect: "pod subnet 10.244.0.0/25 is smaller than one node's pod range",
  },
  {
    name: "pod subnet smaller than a node range (/25, default flannel)",
    args: config({ "pod-subnet": "10.244.0.0/25" }),
    expect: "10.244.0.0/25",
  },
  {
    name: "dual-stack pod subnet with two IPv4 CIDRs",
    args: config({ "pod-subnet": "10.244.0.0/16,10.245.0.0/16" }),
    expect: "same IP family",
  },
  {
    name: "three pod CIDRs",
    args: config({ "pod-subnet": "10.244.0.0/16,fd00:10:244::/56,10.245.0.0/16" }),
    expect: "more than two CIDRs",
  },
  {
    name: "dual-stack pod subnet with single-stack service subnet",
    args: config({ "pod-subnet": "10.244.0.0/16,fd00:10:244::/56" }),
    expect: "must cover the same IP families",
  },
  // --- advertise address
  {
    name: "advertise address not an IP",
    args: config({ "advertise-address": "192.0.2.300" }),
    expect: '"192.0.2.300"',
  },
  {
    name: "advertise address hostname",
    args: config({ "advertise-address": "master-1" }),
    expect: '"master-1"',
  },
  {
    name: "advertise address loopback",
    args: config({ "advertise-address": "127.0.0.1" }),
    expect: "127.0.0.1",
  },
  {
    name: "advertise address link-local",
    args: config({ "advertise-address": "169.254.10.1" }),
    expect: "169.254.10.1",
  },
  {
    name: "advertise address multicast",
    args: config({ "advertise-address": "224.0.0.5" }),
    expect: "224.0.0.5",
  },
  {
    name: "advertise address unspecified",
    args: config({ "advertise-address": "0.0.0.0" }),
    expect: "0.0.0.0",
  },
  { name: "advertise address IPv6 loopback", args: config({ "advertise-address": "::1" }), expect: "::1" },
  {
    name: "advertise address inside the pod subnet",
    args: config({ "advertise-address": "10.244.1.5" }),
    expect: "10.244.1.5 lies inside the pod subnet 10.244.0.0/16",
  },
  {
    name: "advertise address inside the service subnet",
    args: config({ "advertise-address": "10.96.0.20" }),
    expect: "10.96.0.20 lies inside the service subnet 10.96.0.0/12",
  },
  {
    name: "IPv6 advertise address with IPv4-only service subnet",
    args: config({ "advertise-address": "2001:db8::10" }),
    expect: "2001:db8::10 is IPv6",
  },
  // --- names
  { name: "node name uppercase", args: config({ "node-name": "Master-1" }), expect: '"Master-1"' },
  { name: "node name underscore", args: config({ "node-name": "node_1" }), expect: '"node_1"' },
  {
    name: "node name longer than 253 characters",
    args: config({ "node-name": "a".repeat(254) }),
    expect: `"${"a".repeat(254)}"`,
  },
  {
    name: "DNS domain uppercase",
    args: config({ "dns-domain": "Cluster.Local" }),
    expect: '"Cluster.Local"',
  },
  // --- ports and endpoints
  { name: "bind port 0", args: config({ "bind-port": "0" }), expect: "port 0" },
  { name: "bind port 70000", args: config({ "bind-port": "70000" }), expect: "port 70000" },
  { name: "bind port abc", args: config({ "bind-port": "abc" }), expect: '--bind-port "abc"' },
  { name: "bind port negative", args: config({}, "--bind-port=-1"), expect: "-1" },
  {
    name: "control-plane endpoint with scheme",
    args: config({ "control-plane-endpoint": "https://k8s-api.example.internal:6443" }),
    expect: '"https://k8s-api.example.internal:6443"',
  },
  {
    name: "control-plane endpoint with path",
    args: config({ "control-plane-endpoint": "k8s-api.example.internal:6443/api" }),
    expect: '"k8s-api.example.internal:6443/api"',
  },
  {
    name: "control-plane endpoint bad port",
    args: config({ "control-plane-endpoint": "k8s-api.example.internal:99999" }),
    expect: '"k8s-api.example.internal:99999"',
  },
  { name: "certificate SAN invalid", args: config({ "cert-sans": "bad_name!" }), expect: '"bad_name!"' },
  // --- images and node settings
  {
    name: "image repository with scheme",
    args: config({ "image-repository": "https://registry.example.com/k8s" }),
    expect: '"https://registry.example.com/k8s"',
  },
  {
    name: "image repository uppercase",
    args: config({ "image-repository": "Registry.Example.com/k8s" }),
    expect: '"Registry.Example.com/k8s"',
  },
  {
    name: "image repository trailing slash",
    args: config({ "image-repository": "registry.example.com/k8s/" }),
    expect: '"registry.example.com/k8s/"',
  },
  {
    name: "CRI socket over tcp",
    args: config({ "cri-socket": "tcp://10.0.0.1:2375" }),
    expect: '"tcp://10.0.0.1:2375"',
  },
  { name: "cgroup driver unknown", args: config({ "cgroup-driver": "cgroupv2" }), expect: '"cgroupv2"' },
  { name: "proxy mode unknown", args: config({ "proxy-mode": "userspace" }), expect: '"userspace"' },
  {
    name: "proxy mode nftables with v1.30.4",
    args: config({ "k8s-version": "v1.30.4", "proxy-mode": "nftables" }),
    expect: "nftables needs Kubernetes 1.31",
  },
  {
    name: "--allow-cgroup-v1 with v1.30.4 (no failCgroupV1 before 1.31)",
    args: config({ "k8s-version": "v1.30.4" }, "--allow-cgroup-v1"),
    expect: "--allow-cgroup-v1 needs Kubernetes 1.31 or later",
  },
  // --- CNI
  { name: "cni unknown", args: config({ cni: "weave" }), expect: '--cni "weave"' },
  { name: "cni version without v", args: config({ "cni-version": "0.28.9" }), expect: '"0.28.9"' },
  { name: "cni version label", args: config({ "cni-version": "latest" }), expect: '"latest"' },
  {
    name: "flannel with a /24 pod subnet",
    args: config({ "pod-subnet": "10.244.0.0/24" }),
    expect: "10.244.0.0/24 leaves flannel no room",
  },
  {
    name: "flannel with an IPv6-only cluster",
    args: config({
      "advertise-address": "2001:db8::10",
      "pod-subnet": "fd00:10:244::/56",
      "service-subnet": "fd00:10:96::/112",
    }),
    expect: "fd00:10:244::/56 has no IPv4 range",
  },
  {
    name: "calico with a /25 pod subnet",
    args: config({ cni: "calico", "pod-subnet": "10.244.0.0/25" }),
    expect: "smaller than one node's pod range (/24)",
  },
  {
    name: "image mirror with scheme",
    args: config({ "image-mirror": "https://mirror.example.com" }),
    expect: '"https://mirror.example.com"',
  },
  {
    name: "image mirror with bad registry key",
    args: config({ "image-mirror": "Docker.IO=mirror.example.com" }),
    expect: '"Docker.IO=mirror.example.com"',
  },
  // --- secrets
  {
    name: "token uppercase",
    args: config({ token: "ABCDEF.0123456789ABCDEF" }),
    expect: '"ABCDEF.0123456789ABCDEF"',
  },
  { name: "token too short", args: config({ token: "abc.def" }), expect: '"abc.def"' },
  {
    name: "token is the documentation example",
    args: config({ token: "abcdef.0123456789abcdef" }),
    // Token-shaped text is redacted in all output, even this well-known one.
    expect: "bootstrap token abcdef.**************** is the documentation's example",
  },
  { name: "token TTL with a space", args: config({ "token-ttl": "1 day" }), expect: '"1 day"' },
  { name: "token TTL days unit", args: config({ "token-ttl": "2d" }), expect: '"2d"' },
  { name: "certificate key not hex", args: config({ "certificate-key": "xyz" }), expect: '"xyz"' },
  // --- external etcd
  {
    name: "etcd endpoint without scheme",
    args: config({ "etcd-endpoints": "10.0.0.5:2379" }),
    expect: '"10.0.0.5:2379"',
  },
  {
    name: "etcd https endpoint without cert files",
    args: config({ "etcd-endpoints": "https://10.0.0.5:2379" }),
    expect: "missing: --etcd-cafile, --etcd-certfile, --etcd-keyfile",
  },
  {
    name: "etcd relative CA file path",
    args: config({
      "etcd-endpoints": "https://10.0.0.5:2379",
      "etcd-cafile": "etcd/ca.crt",
      "etcd-certfile": "/etc/kubernetes/pki/apiserver-etcd-client.crt",
      "etcd-keyfile": "/etc/kubernetes/pki/apiserver-etcd-client.key",
    }),
    expect: '"etcd/ca.crt"',
  },
  {
    name: "etcd cert files without endpoints",
    args: config({ "etcd-cafile": "/etc/etcd/ca.crt" }),
    expect: "--etcd-endpoints",
  },
  // --- profiles
  { name: "unknown profile name", args: config({ profile: "tencent" }), expect: '"tencent"' },
  {
    name: "missing profile file",
    args: config({ profile: `${IN}/nope.yaml` }),
    expect: "nope.yaml",
  },
  {
    name: "profile file with unknown top-level key",
    args: config({ profile: `${IN}/mine.yaml` }),
    files: { "mine.yaml": "name: mine\nspecs:\n  imageRepository: registry.example.com/k8s\n" },
    expect: '"specs"',
  },
  {
    name: "profile file requiring an unknown field",
    args: config({ profile: `${IN}/mine.yaml` }),
    files: { "mine.yaml": "name: mine\nrequired: [imageRepo]\n" },
    expect: '"imageRepo"',
  },
  {
    name: "offline profile without --image-repository",
    args: config({ profile: "offline" }),
    expect: "--image-repository",
  },
  // --- answers files
  {
    name: "answers file not YAML",
    args: config({ answers: `${IN}/answers.yaml` }),
    files: { "answers.yaml": "networking: [podSubnet: 10.244.0.0/16\n" },
    expect: "answers.yaml is not valid YAML",
  },
  {
    name: "answers file unknown key with did-you-mean",
    args: config({ answers: `${IN}/answers.yaml` }),
    files: { "answers.yaml": "kubernetesVersoin: v1.33.2\n" },
    expect: 'unknown key "kubernetesVersoin"; did you mean "kubernetesVersion"?',
  },
  {
    name: "answers file nested unknown key with did-you-mean",
    args: config({ answers: `${IN}/answers.yaml` }),
    files: { "answers.yaml": "networking:\n  podSubnett: 10.244.0.0/16\n" },
    expect: 'unknown key "networking.podSubnett"; did you mean "networking.podSubnet"?',
  },
  {
    name: "answers file wrong type",
    args: config({ answers: `${IN}/answers.yaml` }),
    files: { "answers.yaml": "controlPlane:\n  bindPort: six\n" },
    expect: 'key "controlPlane.bindPort" must be a whole number',
  },
  {
    name: "answers file bare float version 1.30",
    args: config({ "k8s-version": null, answers: `${IN}/answers.yaml` }),
    files: { "answers.yaml": "kubernetesVersion: 1.30\n" },
    expect: 'key "kubernetesVersion" must be a string, got number 1.3',
  },
  {
    name: "answers file not a mapping",
    args: config({ answers: `${IN}/answers.yaml` }),
    files: { "answers.yaml": "- kubernetesVersion: v1.33.2\n" },
    expect: "must be a YAML mapping",
  },
  {
    name: "answers file names an unknown profile",
    args: config({ answers: `${IN}/answers.yaml` }),
    files: { "answers.yaml": "profile: tencent\n" },
    expect: '"tencent"',
  },
  {
    name: "answers file with a scheme-less registry mirror",
    args: config({ answers: `${IN}/answers.yaml` }),
    files: { "answers.yaml": "registryMirrors:\n  docker.io: [docker.m.daocloud.io]\n" },
    expect: '"docker.m.daocloud.io"',
  },
  { name: "answers file missing", args: config({ answers: `${IN}/missing.yaml` }), expect: "missing.yaml" },
  // --- required values
  {
    name: "no --advertise-address with --yes",
    args: config({ "advertise-address": null }),
    expect: "missing required values: --advertise-address",
  },
  // --- --out
  {
    name: "--out into a missing directory",
    args: ["config", "--out", `${OUT}/no/such/dir/out.yaml`, ...config().slice(1)],
    out: false,
    expect: "does not exist",
  },
  {
    name: "--out is a directory",
    args: ["config", "--out", OUT, ...config().slice(1)],
    out: false,
    expect: "it is a directory",
  },
  // --- join
  {
    name: "--endpoint without --join",
    args: config({ endpoint: "10.0.0.1:6443" }),
    expect: "--endpoint is only used with --join",
  },
  {
    name: "--ca-cert-hash without --join",
    args: config({ "ca-cert-hash": HASH }),
    expect: "--ca-cert-hash is only used with --join",
  },
  {
    name: "--control-plane without --join",
    args: config({}, "--control-plane"),
    expect: "--control-plane is only used with --join",
  },
  {
    name: "--join with bad ca-cert-hash",
    args: config(
      {},
      "--join",
      "--endpoint",
      "10.0.0.1:6443",
      "--token",
      TOKEN,
      "--ca-cert-hash",
      "sha256:abc",
    ),
    expect: '"sha256:abc"',
  },
  {
    name: "--join with md5 ca-cert-hash",
    args: config(
      {},
      "--join",
      "--endpoint",
      "10.0.0.1:6443",
      "--token",
      TOKEN,
      "--ca-cert-hash",
      `md5:${"3f".repeat(16)}`,
    ),
    expect: `"md5:${"3f".repeat(16)}"`,
  },
  {
    name: "--join endpoint without port",
    args: config({}, "--join", "--endpoint", "10.0.0.1", "--token", TOKEN, "--ca-cert-hash", HASH),
    expect: '"10.0.0.1" needs a port',
  },
  {
    name: "--join endpoint with scheme",
    args: config(
      {},
      "--join",
      "--endpoint",
      "https://10.0.0.1:6443",
      "--token",
      TOKEN,
      "--ca-cert-hash",
      HASH,
    ),
    expect: '"https://10.0.0.1:6443"',
  },
  {
    name: "--join --control-plane without certificate key",
    args: join_("--control-plane"),
    expect: "--certificate-key",
  },
  {
    name: "--join --control-plane with a short certificate key",
    args: join_("--control-plane", "--certificate-key", CERT_KEY.slice(0, 32)),
    expect: "not 64 hexadecimal characters",
  },
  {
    name: "--join without token",
    args: config({}, "--join", "--endpoint", "10.0.0.1:6443", "--ca-cert-hash", HASH),
    expect: "--token",
  },
  {
    // Creating a cluster with it is refused; joining one that has it is not (see below).
    name: "init with the documentation example token",
    args: [
      "init",
      "--root",
      OUT,
      "--yes",
      "--k8s-version",
      "v1.33.2",
      "--advertise-address",
      "192.0.2.10",
      "--token",
      "abcdef.0123456789abcdef",
    ],
    out: false,
    expect: "bootstrap token abcdef.**************** is the documentation's example",
  },
  // --- usage
  { name: "unknown option", args: config({}, "--frobnicate"), expect: "--frobnicate" },
  { name: "unknown short option", args: config({}, "-x"), expect: "-x" },
  { name: "option missing its value", args: config({}, "--pod-subnet"), expect: "--pod-subnet" },
  {
    name: "boolean option given a value",
    args: config({}, "--schedule-on-control-plane=maybe"),
    expect: "--schedule-on-control-plane",
  },
  { name: "config with a stray positional", args: config({}, "extra"), expect: "extra" },
  { name: "--lang xx on config", args: config({ lang: "xx" }), expect: '"xx"' },
  { name: "unknown command", args: ["deploy"], expect: '"deploy"' },
  { name: "misspelt command", args: ["confg", "--yes"], expect: '"confg"' },
  { name: "unknown global option", args: ["--frobnicate"], expect: "--frobnicate" },
  { name: "--lang xx without a command", args: ["--lang", "xx"], expect: '"xx"' },
  { name: "--lang without its value", args: ["--lang"], expect: "--lang" },
  { name: "unknown option on doctor", args: ["doctor", "--frobnicate"], expect: "--frobnicate" },
  // --- each command takes only the options it reads
  {
    name: "mistyped option gets did-you-mean",
    args: config({}, "--k8s-verison", "v1.33.2"),
    expect: "unknown option '--k8s-verison'; did you mean '--k8s-version'?",
  },
  {
    name: "mistyped option on init",
    args: ["init", "--dry-rnu", "--yes"],
    expect: "unknown option '--dry-rnu'; did you mean '--dry-run'?",
    out: false,
  },
  {
    name: "truncated option",
    args: ["init", "--k8s-vers", "v1.33.2", "--yes"],
    expect: "did you mean '--k8s-version'?",
    out: false,
  },
  {
    name: "mistyped command gets did-you-mean",
    args: ["intt", "--yes"],
    expect: 'unknown command "intt"; did you mean "init"?',
  },
  {
    name: "a cluster-creation flag on doctor",
    args: ["doctor", "--host-only", "--advertise-address", "192.0.2.10"],
    expect: "`kadm-wizard doctor` does not take --advertise-address (it is an option of: init, join, config)",
  },
  {
    name: "--token-ttl on join",
    args: ["join", "--yes", "--token-ttl", "1h"],
    expect: "`kadm-wizard join` does not take --token-ttl",
  },
  {
    name: "--root on config",
    args: config({ root: "/tmp" }),
    expect: "`kadm-wizard config` does not take --root",
  },
  { name: "--yes on wait", args: ["wait", "--yes"], expect: "`kadm-wizard wait` does not take --yes" },
  {
    name: "option value that looks like an option",
    args: config({}, "--pod-subnet", "--yes"),
    expect: "option --pod-subnet needs a value",
  },
  { name: "help for an unknown command", args: ["help", "nosuch"], expect: 'unknown command "nosuch"' },
  // --- images export: a platform Kubernetes publishes no images for, refused before containerd is asked
  {
    name: "images export --platform linux/mips",
    args: ["images", "export", "--out", `${OUT}/i.tar`, "--platform", "linux/mips"],
    expect: "Kubernetes publishes its images only for linux/amd64, linux/arm64",
  },
  {
    name: "images export --platform windows/amd64",
    args: ["images", "export", "--out", `${OUT}/i.tar`, "--platform", "windows/amd64"],
    expect: '--platform "windows/amd64"',
  },
  // --- a mistyped --out: refused before anything is pulled or downloaded, also in a dry run
  {
    name: "images export --out into a missing directory",
    args: ["images", "export", "--out", `${OUT}/no-such-dir/i.tar`],
    expect: "/no-such-dir does not exist",
  },
  {
    name: "images export --out a directory",
    args: ["images", "export", "--dry-run", "--out", OUT],
    expect: "is a directory",
  },
  {
    name: "bundle create --out into a missing directory",
    args: [
      "bundle",
      "create",
      "--k8s-version",
      "v1.33.2",
      "--os",
      "ubuntu-22.04",
      "--dry-run",
      "--out",
      `${OUT}/nope/b.tar`,
    ],
    expect: "/nope does not exist",
  },
];

interface Run extends RunResult {
  outDir: string;
  outFile: string;
}

function writeInputs(files: Record<string, string> | undefined): string {
  const inDir = mkdtempSync(join(tmpdir(), "kadm-bad-in-"));
  for (const [name, text] of Object.entries(files ?? {})) writeFileSync(join(inDir, name), text);
  return inDir;
}

async function runCase(c: Case, env?: NodeJS.ProcessEnv): Promise<Run> {
  const outDir = mkdtempSync(join(tmpdir(), "kadm-bad-out-"));
  const outFile = join(outDir, "out.yaml");
  const inDir = writeInputs(c.files);
  const args = c.args.map((a) => a.replaceAll(IN, inDir).replaceAll(OUT, outDir));
  const withOut = c.out ?? args[0] === "config";
  const argv = withOut ? [args[0] as string, "--out", outFile, ...args.slice(1)] : args;
  const r = await runCli(argv, env ? { env } : {});
  return { ...r, outDir, outFile };
}

function stderrLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.trim() !== "");
}

describe("bad input corpus: refused with exit 2, one line, a fix, nothing written", () => {
  it("has at least 45 distinct cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(45);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    const inputs = CASES.map((c) => JSON.stringify([c.args, c.files ?? {}]));
    expect(new Set(inputs).size).toBe(CASES.length);
  });

  it.each(CASES)("$name", async (c) => {
    const r = await runCase(c);
    const lines = stderrLines(r.stderr);
    const summary = { code: r.code, stderr: r.stderr, stdout: r.stdout };
    expect(summary.code, JSON.stringify(summary)).toBe(2);
    expect(r.stdout).toBe("");
    expect(lines, r.stderr).toHaveLength(1);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(line.startsWith("error: ")).toBe(true);
    expect(line).toContain(" Fix: ");
    const [cause = "", hint = ""] = line.slice("error: ".length).split(" Fix: ");
    expect(cause).toContain(c.expect);
    expect(hint.trim()).not.toBe("");
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(existsSync(r.outFile)).toBe(false);
    expect(readdirSync(r.outDir)).toEqual([]);
  });
});

describe("the documentation's token on a cluster that already has it", () => {
  const DOC = "abcdef.0123456789abcdef";
  it.each([
    ["en", "anyone who can reach the API server can join a node with it"],
    ["zh", "任何能访问 API 服务器的人都能用它加入节点"],
  ])(
    "config --join (%s) writes the JoinConfiguration and warns how to rotate the token",
    async (lang, text) => {
      const r = await runCli([
        ...config({}, "--join", "--endpoint", "10.0.0.1:6443", "--token", DOC, "--ca-cert-hash", HASH),
        "--lang",
        lang,
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("kind: JoinConfiguration");
      expect(r.stdout).toContain(`token: ${DOC}`);
      expect(r.stderr).toContain(text);
      expect(r.stderr).toContain("kadm-wizard token");
      expect(r.stderr).toContain("kubeadm token delete abcdef");
      expect(r.stderr).not.toMatch(/leave the token out|不传令牌/);
    },
  );
});

function expectChinese(r: RunResult, cause: string): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = stderrLines(r.stderr);
  expect(lines, r.stderr).toHaveLength(1);
  const line = lines[0] ?? "";
  expect(line.startsWith("错误：")).toBe(true);
  expect(line).toContain("解决方法：");
  expect(line).toContain(cause);
  expect(line).not.toMatch(/^error: /);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe("bad input in Chinese", () => {
  it("--lang zh localises a validation error", async () => {
    const r = await runCase({
      name: "zh",
      args: config({ "k8s-version": "v1.30.x", lang: "zh" }),
      expect: "",
    });
    expectChinese(r, 'Kubernetes 版本 "v1.30.x" 不是形如 v1.33.2 的发布版本号');
    expect(readdirSync(r.outDir)).toEqual([]);
  });

  it("LANG=zh_CN.UTF-8 localises a validation error", async () => {
    const r = await runCase(
      { name: "zh env", args: config({ "pod-subnet": "10.244.1.0/16" }), expect: "" },
      { LANG: "zh_CN.UTF-8" },
    );
    expectChinese(r, "主机位不为零");
    expect(r.stderr).toContain("10.244.0.0/16");
    expect(readdirSync(r.outDir)).toEqual([]);
  });

  it("LANG=zh_CN.UTF-8 localises an answers-file error", async () => {
    const r = await runCase(
      {
        name: "zh answers",
        args: config({ answers: `${IN}/answers.yaml` }),
        files: { "answers.yaml": "kubernetesVersoin: v1.33.2\n" },
        expect: "",
      },
      { LANG: "zh_CN.UTF-8" },
    );
    expectChinese(r, '未知的键 "kubernetesVersoin"');
    expect(readdirSync(r.outDir)).toEqual([]);
  });

  it("--lang zh localises an unknown command", async () => {
    const r = await runCli(["--lang", "zh", "deploy"]);
    expectChinese(r, '未知命令 "deploy"');
  });

  it.each([
    [["config", "--lang", "zh", "--frobnicate"], "未知选项 '--frobnicate'。"],
    [["init", "--lang", "zh", "--dry-rnu"], "未知选项 '--dry-rnu'；是否想输入 '--dry-run'？"],
    [["--lang", "zh", "intt"], '未知命令 "intt"；是否想输入 "init"？'],
    [["config", "--lang", "zh", "--pod-subnet"], "选项 --pod-subnet 需要一个值"],
    [["config", "--lang", "zh", "--yes=1"], "选项 --yes 是开关，不接受取值"],
    [["config", "--lang", "zh", "stray"], '多余的参数 "stray"'],
    [["doctor", "--lang", "zh", "--lb", "haproxy"], "`kadm-wizard doctor` 不接受 --lb"],
  ])("--lang zh localises parse errors: %j", async (args, cause) => {
    const r = await runCli(args);
    expectChinese(r, cause);
    expect(r.stderr).not.toMatch(/[Uu]nknown option|argument|Unexpected/);
  });

  it("--lang zh localises missing required values", async () => {
    const r = await runCase({
      name: "zh required",
      args: config({ "advertise-address": null, lang: "zh" }),
      expect: "",
    });
    expectChinese(r, "缺少必需的值：--advertise-address");
    expect(readdirSync(r.outDir)).toEqual([]);
  });

  it("--lang en wins over LANG=zh_CN.UTF-8", async () => {
    const r = await runCase(
      { name: "en flag", args: config({ "k8s-version": "v1.30.x", lang: "en" }), expect: "" },
      { LANG: "zh_CN.UTF-8" },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .* Fix: /);
  });
});

describe("internal errors", () => {
  // An internal error provoked through the file-system seam: writing --out fails unexpectedly.
  const failingFiles: Files = {
    readText: localFiles.readText,
    isDirectory: localFiles.isDirectory,
    writeAtomic: async () => {
      throw new Error("disk on fire");
    },
  };

  async function runFailing(extra: string[]): Promise<RunResult> {
    const outDir = mkdtempSync(join(tmpdir(), "kadm-internal-"));
    mkdirSync(join(outDir, "sub"));
    return runCli([...config({ out: join(outDir, "sub", "out.yaml") }), ...extra], {
      overrides: { files: failingFiles },
    });
  }

  it("is one line with exit 1 and no stack trace without --verbose", async () => {
    const r = await runFailing([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const lines = stderrLines(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: internal error: disk on fire Fix: .*--verbose/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("adds the stack trace with --verbose", async () => {
    const r = await runFailing(["--verbose"]);
    expect(r.code).toBe(1);
    expect(stderrLines(r.stderr)[0]).toMatch(/^error: internal error: disk on fire Fix: /);
    expect(r.stderr).toMatch(/^\s+at /m);
  });

  it("--verbose keeps a bad-input error's one-line message first", async () => {
    const r = await runCase({
      name: "verbose",
      args: config({ "k8s-version": "v1.30.x" }, "--verbose"),
      expect: "",
    });
    expect(r.code).toBe(2);
    // KadmError stacks are printed with --verbose too; a bad-input error still starts with one line.
    expect(stderrLines(r.stderr)[0]).toMatch(/^error: .*"v1\.30\.x".* Fix: /);
  });
});
