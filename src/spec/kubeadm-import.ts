/**
 * Reads an existing kubeadm configuration (the file a guide had you write for `kubeadm init
 * --config`) into spec values, and says what it took and what it could not. Pure: text in, values
 * and a report out; the shell prints the report and layers the values like an answers file.
 */
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { DEFAULT_TOKEN_GROUPS, DEFAULT_TOKEN_USAGES } from "../kubeadm/documents.js";
import { DEFAULT_IMAGE_REPOSITORY, LEGACY_IMAGE_REPOSITORY } from "../kubeadm/images.js";
import { loadDocuments } from "../kubeadm/render.js";
import { type YamlFileProblem, yamlFileProblem } from "../util/yaml-safe.js";
import { DOC_EXAMPLE_TOKEN } from "../validate/names.js";
import { FIELD_BY_PATH, type FieldDef, type FieldPath, type SpecValues } from "./fields.js";
import { coerce, isPlainObject, type ValuesProblem } from "./load-values.js";
import { describeValue as describe } from "./value-kind.js";

const KUBEADM_API = /^kubeadm\.k8s\.io\/(v1beta[0-9]+)$/;
const SUPPORTED_KUBEADM_APIS = ["kubeadm.k8s.io/v1beta3", "kubeadm.k8s.io/v1beta4"];
const KUBELET_API = /^kubelet\.config\.k8s\.io\//;
const KUBEPROXY_API = /^kubeproxy\.config\.k8s\.io\//;

/** What `kubeadm config print init-defaults` prints where the user is meant to write their own. */
const PLACEHOLDERS: Record<string, unknown> = {
  "localAPIEndpoint.advertiseAddress": "1.2.3.4",
  "nodeRegistration.name": "node",
};

/** kubeadm's default registries: printed by init-defaults, not chosen, so the profile decides. */
const KUBEADM_DEFAULT_REGISTRIES = [DEFAULT_IMAGE_REPOSITORY, LEGACY_IMAGE_REPOSITORY];

/**
 * Values kubeadm prints in init-defaults that are its own defaults and have no kadm-wizard field:
 * leaving them out changes nothing, so they are neither taken nor listed as ignored.
 */
const KUBEADM_DEFAULTS: Record<string, Record<string, unknown>> = {
  InitConfiguration: {
    "nodeRegistration.imagePullPolicy": "IfNotPresent",
    "nodeRegistration.imagePullSerial": true,
    "timeouts.controlPlaneComponentHealthCheck": "4m0s",
    "timeouts.discovery": "5m0s",
    "timeouts.etcdAPICall": "2m0s",
    "timeouts.kubeletHealthCheck": "4m0s",
    "timeouts.kubernetesAPICall": "1m0s",
    "timeouts.tlsBootstrap": "5m0s",
    "timeouts.upgradeManifests": "5m0s",
  },
  ClusterConfiguration: {
    "apiServer.timeoutForControlPlane": "4m0s",
    caCertificateValidityPeriod: "87600h0m0s",
    certificateValidityPeriod: "8760h0m0s",
    certificatesDir: "/etc/kubernetes/pki",
    clusterName: "kubernetes",
    encryptionAlgorithm: "RSA-2048",
    "etcd.local.dataDir": "/var/lib/etcd",
  },
};
const CONTROL_PLANE_TAINT = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };

/** kubeadm key (inside its document) -> spec field; the field's kind (FIELD_BY_PATH) types the value. */
const MAPPING: Record<string, Record<string, FieldPath>> = {
  InitConfiguration: {
    "localAPIEndpoint.advertiseAddress": "controlPlane.advertiseAddress",
    "localAPIEndpoint.bindPort": "controlPlane.bindPort",
    "nodeRegistration.name": "node.name",
    "nodeRegistration.criSocket": "node.criSocket",
    certificateKey: "certificateKey",
  },
  ClusterConfiguration: {
    kubernetesVersion: "kubernetesVersion",
    imageRepository: "imageRepository",
    "networking.podSubnet": "networking.podSubnet",
    "networking.serviceSubnet": "networking.serviceSubnet",
    "networking.dnsDomain": "networking.dnsDomain",
    controlPlaneEndpoint: "controlPlane.endpoint",
    "apiServer.certSANs": "controlPlane.certSANs",
    "etcd.external.endpoints": "etcd.external.endpoints",
    "etcd.external.caFile": "etcd.external.caFile",
    "etcd.external.certFile": "etcd.external.certFile",
    "etcd.external.keyFile": "etcd.external.keyFile",
  },
  KubeletConfiguration: { cgroupDriver: "node.cgroupDriver" },
  KubeProxyConfiguration: { mode: "kubeProxy.mode" },
};

/** A YAML or type problem is a file problem like an answers file's; the rest are the import's own. */
export type ImportProblem =
  | YamlFileProblem
  | Extract<ValuesProblem, { kind: "badType" }>
  | { kind: "notKubeadm" }
  | { kind: "notMapping"; document: number }
  | { kind: "apiVersion"; apiVersion: string; supported: string };

/** An ignored key path, a document without a kind (1-based), or the count of tokens after the first. */
export type IgnoredItem = string | { document: number } | { extraTokens: number };

function ignoredText(lang: Lang, i: IgnoredItem): string {
  if (typeof i === "string") return i;
  if ("document" in i) return t(lang, "import.document", { n: i.document });
  return t(lang, "import.extraTokens", { n: i.extraTokens });
}

export interface KubeadmImport {
  values: SpecValues;
  /** kubeadm keys whose values were taken, in file order (component configs prefixed by kind). */
  took: string[];
  /** kubeadm keys (or whole documents) with no kadm-wizard equivalent. */
  ignored: IgnoredItem[];
  /** init-defaults placeholders left out, as "key value". */
  placeholders: string[];
  /** init-defaults' example bootstrap token was left out (init generates a fresh one). */
  exampleToken: boolean;
  /** kubeadm's default registry left out so the profile's applies. */
  defaultRegistry?: string;
}

/** Leaf paths of a mapping; lists are leaves. Empty mappings have none. */
function leaves(obj: Record<string, unknown>, prefix = ""): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return isPlainObject(v) ? leaves(v, path) : [[path, v] as [string, unknown]];
  });
}

const isEmpty = (v: unknown) =>
  v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** True when the YAML holds kubeadm documents (an `--answers` file given a kubeadm config instead). */
export function isKubeadmConfig(text: string): boolean {
  const r = loadDocuments(text);
  return (r.ok ? r.docs : []).some(
    (d) => isPlainObject(d) && typeof d.apiVersion === "string" && KUBEADM_API.test(d.apiVersion),
  );
}

/**
 * Maps a kubeadm multi-document configuration to spec values. `mode` "init" reads the
 * InitConfiguration's bootstrap token; a JoinConfiguration (or any other kind) is listed as ignored.
 */
export function importKubeadmConfig(
  text: string,
  mode: "init" | "join",
): { result?: KubeadmImport; problem?: ImportProblem } {
  const loaded = loadDocuments(text);
  if (!loaded.ok) return { problem: yamlFileProblem(loaded.problem) };
  const { docs } = loaded;
  const values: Record<string, unknown> = {};
  const out: KubeadmImport = {
    values: values as SpecValues,
    took: [],
    ignored: [],
    placeholders: [],
    exampleToken: false,
  };
  let kubeadmDocs = 0;

  for (const [index, doc] of docs.entries()) {
    if (!isPlainObject(doc)) return { problem: { kind: "notMapping", document: index + 1 } };
    const apiVersion = typeof doc.apiVersion === "string" ? doc.apiVersion : "";
    const kind = typeof doc.kind === "string" ? doc.kind : "";
    const { apiVersion: _a, kind: _k, ...body } = doc;
    let mapped = false;
    if (KUBEADM_API.test(apiVersion)) {
      kubeadmDocs++;
      if (!SUPPORTED_KUBEADM_APIS.includes(apiVersion)) {
        return { problem: { kind: "apiVersion", apiVersion, supported: SUPPORTED_KUBEADM_APIS.join(", ") } };
      }
      mapped = kind === "InitConfiguration" || kind === "ClusterConfiguration";
    } else if (KUBELET_API.test(apiVersion)) {
      mapped = kind === "KubeletConfiguration";
    } else if (KUBEPROXY_API.test(apiVersion)) {
      mapped = kind === "KubeProxyConfiguration";
    }
    if (!mapped) {
      out.ignored.push(kind || { document: index + 1 });
      continue;
    }
    // Component configs are deep and mostly defaults: name their top-level keys only.
    const component = kind === "KubeletConfiguration" || kind === "KubeProxyConfiguration";
    const mapping = MAPPING[kind] ?? {};
    const defaults = KUBEADM_DEFAULTS[kind] ?? {};
    const label = (key: string) => (component ? `${kind}.${key}` : key);

    if (kind === "InitConfiguration") {
      const bad = takeInitSpecials(body, mode, values, out);
      if (bad) return { problem: bad };
    }
    for (const [key, v] of leaves(body)) {
      // failCgroupV1 is the inverse of our field: `false` is a cgroup v1 host accepted knowingly.
      if (kind === "KubeletConfiguration" && key === "failCgroupV1") {
        if (typeof v !== "boolean") {
          return { problem: { kind: "badType", key: label(key), expected: "bool", got: describe(v) } };
        }
        if (!v) {
          values["node.allowCgroupV1"] = true;
          out.took.push(label(key));
        }
        continue;
      }
      const field = mapping[key];
      if (field) {
        if (v === null || v === undefined) continue;
        const def = FIELD_BY_PATH.get(field) as FieldDef;
        // kubeadm refuses a string where a list belongs: the answers file's "a,b" shorthand is not kubeadm's.
        const c = def.kind === "stringList" && typeof v === "string" ? undefined : coerce(def, v);
        if (c === undefined) {
          return {
            problem: { kind: "badType", key: label(key), expected: def.kind, got: describe(v) },
          };
        }
        if (c === "") continue;
        if (PLACEHOLDERS[key] !== undefined && same(PLACEHOLDERS[key], c)) {
          out.placeholders.push(`${key} ${String(c)}`);
          continue;
        }
        if (field === "imageRepository" && KUBEADM_DEFAULT_REGISTRIES.includes(c as string)) {
          out.defaultRegistry = c as string;
          continue;
        }
        values[field] = c;
        out.took.push(label(key));
        continue;
      }
      if (key in defaults && same(defaults[key], v)) continue;
      if (isEmpty(v)) continue;
      const top = component ? (key.split(".")[0] as string) : key;
      if (!out.ignored.includes(label(top))) out.ignored.push(label(top));
    }
  }
  if (kubeadmDocs === 0) return { problem: { kind: "notKubeadm" } };
  return { result: out };
}

/** bootstrapTokens and taints: lists with a meaning, not plain leaves. Removes them from `body`. */
function takeInitSpecials(
  body: Record<string, unknown>,
  mode: "init" | "join",
  values: Record<string, unknown>,
  out: KubeadmImport,
): ImportProblem | undefined {
  const tokens = body.bootstrapTokens;
  delete body.bootstrapTokens;
  if (Array.isArray(tokens) && tokens.length > 0) {
    const [first, ...rest] = tokens;
    if (!isPlainObject(first)) {
      return {
        kind: "badType",
        key: "bootstrapTokens",
        expected: "mappingList",
        got: describe(first),
      };
    }
    const { token, ttl, groups, usages, ...others } = first;
    if (mode === "init" && typeof token === "string") {
      if (token === DOC_EXAMPLE_TOKEN) {
        out.exampleToken = true;
      } else {
        values["bootstrapToken.token"] = token;
        out.took.push("bootstrapTokens.token");
      }
    }
    if (mode === "init" && typeof ttl === "string" && ttl !== "") {
      values["bootstrapToken.ttl"] = ttl;
      out.took.push("bootstrapTokens.ttl");
    }
    if (groups !== undefined && !same(groups, DEFAULT_TOKEN_GROUPS))
      out.ignored.push("bootstrapTokens.groups");
    if (usages !== undefined && !same(usages, DEFAULT_TOKEN_USAGES))
      out.ignored.push("bootstrapTokens.usages");
    for (const k of Object.keys(others)) out.ignored.push(`bootstrapTokens.${k}`);
    if (rest.length > 0) out.ignored.push({ extraTokens: rest.length });
  }

  const reg = isPlainObject(body.nodeRegistration) ? body.nodeRegistration : undefined;
  if (reg && "taints" in reg) {
    const taints = reg.taints;
    delete reg.taints;
    if (Array.isArray(taints)) {
      const onlyControlPlane =
        taints.length === 1 &&
        isPlainObject(taints[0]) &&
        taints[0].key === CONTROL_PLANE_TAINT.key &&
        taints[0].effect === CONTROL_PLANE_TAINT.effect;
      if (taints.length === 0 || onlyControlPlane) {
        // `taints: []` is how the guides let workloads run on the control plane.
        values["node.scheduleOnControlPlane"] = taints.length === 0;
        out.took.push("nodeRegistration.taints");
      } else {
        out.ignored.push("nodeRegistration.taints");
      }
    }
  }
  return undefined;
}

/** The lines that say what was taken from `file` and what was not, one line each. Pure. */
export function importReport(lang: Lang, file: string, r: KubeadmImport): string[] {
  const lines = [
    r.took.length > 0
      ? t(lang, "import.took", { file, keys: r.took.join(", ") })
      : t(lang, "import.tookNothing", { file }),
  ];
  if (r.placeholders.length > 0) {
    lines.push(t(lang, "import.placeholders", { file, keys: r.placeholders.join(", ") }));
  }
  if (r.exampleToken) lines.push(t(lang, "import.exampleToken", { file, token: DOC_EXAMPLE_TOKEN }));
  if (r.defaultRegistry) lines.push(t(lang, "import.defaultRegistry", { file, value: r.defaultRegistry }));
  if (r.ignored.length > 0)
    lines.push(
      t(lang, "import.ignored", { file, keys: r.ignored.map((i) => ignoredText(lang, i)).join(", ") }),
    );
  return lines;
}
