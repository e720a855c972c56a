import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseDocuments, renderDocuments } from "../../src/kubeadm/render.js";
import { VERSION } from "../../src/version.js";
import { decodeMultiDoc } from "../fakes/kubeadm-schema.js";
import { runCli } from "../fakes/ports.js";

/**
 * Golden files: the exact YAML `config` prints for every kubeadm API version x profile, plus join
 * and HA variants. Regenerate deliberately with UPDATE_GOLDEN=1 and review the diff.
 */
const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const VERSIONS = [
  { version: "v1.30.4", api: "v1beta3" },
  { version: "v1.33.2", api: "v1beta4" },
] as const;

const BASE = ["--advertise-address", "192.0.2.10", "--pod-subnet", "10.244.0.0/16", "--yes"];
const JOIN_BASE = [
  "--join",
  "--endpoint",
  "192.0.2.10:6443",
  "--token",
  "k8swiz.0123456789abcdef",
  "--ca-cert-hash",
  `sha256:${"ab".repeat(32)}`,
  "--yes",
];

const VARIANTS: Record<string, string[]> = {
  aliyun: ["--profile", "aliyun", ...BASE],
  upstream: ["--profile", "upstream", ...BASE],
  offline: ["--profile", "offline", "--image-repository", "harbor.example.internal:8443/k8s", ...BASE],
  "ha-calico-ipvs": [
    "--profile",
    "aliyun",
    ...BASE,
    "--control-plane-endpoint",
    "k8s-api.example.internal:6443",
    "--cert-sans",
    "k8s-api.example.internal,192.0.2.100",
    "--cni",
    "calico",
    "--proxy-mode",
    "ipvs",
    "--schedule-on-control-plane",
    "--node-name",
    "master-1",
  ],
  "external-etcd-dual-stack": [
    "--profile",
    "upstream",
    "--advertise-address",
    "192.0.2.10",
    "--pod-subnet",
    "10.244.0.0/16,fd00:10:244::/56",
    "--service-subnet",
    "10.96.0.0/16,fd00:10:96::/112",
    "--cni",
    "calico",
    "--etcd-endpoints",
    "https://192.0.2.21:2379,https://192.0.2.22:2379",
    "--etcd-cafile",
    "/etc/kubernetes/pki/etcd/ca.crt",
    "--etcd-certfile",
    "/etc/kubernetes/pki/apiserver-etcd-client.crt",
    "--etcd-keyfile",
    "/etc/kubernetes/pki/apiserver-etcd-client.key",
    "--yes",
  ],
  "join-worker": ["--profile", "aliyun", ...JOIN_BASE],
  "join-control-plane": [
    "--profile",
    "aliyun",
    ...JOIN_BASE,
    "--control-plane",
    "--certificate-key",
    "cd".repeat(32),
    "--advertise-address",
    "192.0.2.11",
  ],
};

/** The header names our own version; keep goldens stable across releases. */
const normalise = (text: string) => text.replace(`kadm-wizard ${VERSION}`, "kadm-wizard <version>");

/**
 * Variants pinned to one version: 1.35 is where the kubelet refuses cgroup v1 by default, so
 * --allow-cgroup-v1 is rendered there (and the same profile without it, to show the difference).
 */
const PINNED: { name: string; version: string; args: string[] }[] = [
  { name: "aliyun-v1.35", version: "v1.35.7", args: VARIANTS.aliyun as string[] },
  {
    name: "allow-cgroup-v1-v1.35",
    version: "v1.35.7",
    args: [...(VARIANTS.aliyun as string[]), "--allow-cgroup-v1"],
  },
  {
    name: "join-worker-allow-cgroup-v1-v1.35",
    version: "v1.35.7",
    args: ["--profile", "aliyun", ...JOIN_BASE, "--allow-cgroup-v1"],
  },
  // 1.37: v1beta3 is gone from kubeadm, its own pause/etcd/CoreDNS row.
  { name: "aliyun-v1.37", version: "v1.37.1", args: VARIANTS.aliyun as string[] },
  { name: "upstream-v1.37", version: "v1.37.1", args: VARIANTS.upstream as string[] },
  { name: "join-worker-v1.37", version: "v1.37.1", args: VARIANTS["join-worker"] as string[] },
  { name: "join-control-plane-v1.37", version: "v1.37.1", args: VARIANTS["join-control-plane"] as string[] },
];

describe("golden kubeadm configurations", () => {
  const cases = [
    ...VERSIONS.flatMap(({ version, api }) =>
      Object.entries(VARIANTS).map(([name, args]) => ({ name, version, api, args })),
    ),
    ...PINNED.map((p) => ({ ...p, api: "v1beta4" })),
  ];
  for (const { name, version, api, args } of cases) {
    it(`${api} (${version}) ${name}`, async () => {
      const r = await runCli(["config", "--k8s-version", version, ...args]);
      // 1.37: the one warning is that no CNI release lists it as tested yet (cni-support.test.ts).
      expect(r.stderr.replace(/^.*is not yet listed as tested with Kubernetes 1\.37 .*\n/m, "")).toBe("");
      expect(r.code).toBe(0);
      const file = join(GOLDEN_DIR, api, `${name}.yaml`);
      const actual = normalise(r.stdout);
      if (UPDATE) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, actual);
      }
      expect(actual).toBe(readFileSync(file, "utf8"));

      // kubeadm's strict decoder (re-stated from its Go types) accepts every document.
      expect(decodeMultiDoc(r.stdout, { kubeadmVersion: version })).toEqual([]);

      // Every document parses back and renders to the same text (round trip).
      const docs = parseDocuments(r.stdout);
      expect(docs.length).toBe(name.startsWith("join") ? 1 : 4);
      for (const d of docs) expect(d.apiVersion.startsWith("kube")).toBe(true);
      const body = r.stdout.replace(/^(#.*\n)+/, "");
      expect(renderDocuments(docs)).toBe(body);
      expect(parseDocuments(renderDocuments(docs))).toEqual(docs);
    });
  }
});
