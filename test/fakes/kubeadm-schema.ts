/**
 * A fake of kubeadm's *strict* config decoder: per apiVersion+kind, the exact JSON field tree and
 * value shapes kubeadm's Go types accept, so tests can prove generated documents would decode.
 *
 * Field names come from kubeadm's Go source (kubernetes/kubernetes), read through the code index:
 * - cmd/kubeadm/app/apis/kubeadm/v1beta3/types.go  @ 428c3fe9540a2cbe8daf4645879a87b30bbf1d02
 *   and @ 008b3652959ca58af8be3fb5b6ecfe9ae7638282 (identical field sets); the v1beta3 doc.go
 *   @ 01aa0f3f6052c9866dcb69054d8924fa8c96e3cb (1.22-era) confirms imagePullPolicy, skipPhases and
 *   patches were in v1beta3 from its first release (1.22).
 * - cmd/kubeadm/app/apis/kubeadm/v1beta4/types.go  @ 1329935739c3aa007d23cb9a4dadfee9d59ff79b
 *   (1.31: has Timeouts, UpgradeConfiguration; apiServer.timeoutForControlPlane and
 *   discovery.timeout are gone), cross-checked against a later copy of the same file (doc-comment
 *   rewrite with backticked names, index id 9175594927) and zz_generated.model_name.go
 *   @ 121460defea7874f50c64bb8de51018a86c6eef3 (newest type list): Init/Cluster/Join/Reset fields
 *   are the same in both. (An older in-development revision @ 017b1e4b60ca54b08b5f18a10f109ff969c697e5
 *   still had timeoutForControlPlane and no timeouts; it is not what any release shipped.)
 * - cmd/kubeadm/app/apis/bootstraptoken/v1/types.go @ 2d350a359e7b251ffa047415af6bf64350f41888 and
 *   utils.go @ 1c9cf914f2f951313b8e9f7c321f5bd50b5e3d9f (BootstrapTokenString.UnmarshalJSON validates
 *   the token format while decoding).
 * - core/v1 Taint {key, value, effect, timeAdded}: k8s.io/api core/v1 field tags as quoted by the
 *   code index (the 300k-char staging/src/k8s.io/api/core/v1/types.go is beyond its window).
 * - staging/src/k8s.io/kubelet/config/v1beta1/types.go @ 001332b0422071acf4860769f18e34b5e9b7c1bc and
 *   staging/src/k8s.io/kube-proxy/config/v1alpha1/types.go @ 052d2d84f95e90aa94868b51a48b1ae7a1c91152:
 *   top-level field names only (newest revisions; older releases accept a subset).
 * - cmd/kubeadm/app/util/config/strict/strict.go and initconfiguration.go: kubeadm decodes each
 *   document with apimachinery's json serializer {Yaml: true, Strict: true} and wraps failures as
 *   `error unmarshaling configuration schema.GroupVersionKind{...}: strict decoding error: unknown field "a.b"`.
 *
 * Fidelity notes:
 * - `kubeadm init/join --config` pass strictErrors=false: unknown fields are logged as a WARNING
 *   and then dropped; `kubeadm config migrate`/`validate` (MigrateOldConfig, strictErrors=true)
 *   fail on them. Type mismatches (e.g. a map where []Arg is expected) fail in every command,
 *   because the non-strict decode that follows fails too. This fake reports both, i.e. it answers
 *   "would `kubeadm config validate` accept this?".
 * - Field matching is case-sensitive, as in sigs.k8s.io/json. JSON null is accepted anywhere (Go
 *   leaves the zero value). `undefined` properties count as absent, as in JSON.stringify.
 * - YAML is parsed with js-yaml (YAML 1.2 core); kubeadm converts YAML with go-yaml (YAML 1.1), so
 *   unquoted yes/no/on/off differ. Type-error paths use Go's style (struct name + dotted JSON path,
 *   no list indices); unknown-field paths include list indices like sigs.k8s.io/json.
 */
import yaml from "js-yaml";

type ScalarType = "string" | "bool" | "int32" | "int64" | "float64" | "duration" | "time" | "bootstrapToken";

export type Shape =
  | { kind: "scalar"; type: ScalarType; go: string }
  | { kind: "list"; of: Shape; go: string }
  | { kind: "map"; of: Shape; go: string }
  | { kind: "object"; go: string; fields: Readonly<Record<string, Shape>> }
  | { kind: "any" };

type ObjectShape = Extract<Shape, { kind: "object" }>;

// ---- shape builders -------------------------------------------------------------------------

const str = (go = "string"): Shape => ({ kind: "scalar", type: "string", go });
const bool = (go = "bool"): Shape => ({ kind: "scalar", type: "bool", go });
const int32 = (go = "int32"): Shape => ({ kind: "scalar", type: "int32", go });
/** metav1.Duration: a JSON string parsed with time.ParseDuration. */
const duration = (go = "*v1.Duration"): Shape => ({ kind: "scalar", type: "duration", go });
/** metav1.Time: an RFC 3339 string. */
const time = (go = "*v1.Time"): Shape => ({ kind: "scalar", type: "time", go });
const list = (of: Shape, go: string): Shape => ({ kind: "list", of, go });
const strList = (): Shape => list(str(), "[]string");
const map = (of: Shape, go: string): Shape => ({ kind: "map", of, go });
const strMap = (): Shape => map(str(), "map[string]string");
const obj = (go: string, fields: Record<string, Shape>): ObjectShape => ({ kind: "object", go, fields });
const any: Shape = { kind: "any" };
/** Fields present only in some versions. */
const when = (cond: boolean, fields: Record<string, Shape>): Record<string, Shape> => (cond ? fields : {});

/** metav1.TypeMeta, inlined into every top-level kind. */
const typeMeta = { apiVersion: str(), kind: str() };

// ---- shared, version-independent types --------------------------------------------------------

/** cmd/kubeadm/app/apis/bootstraptoken/v1.BootstrapToken */
const bootstrapToken = obj("v1.BootstrapToken", {
  token: { kind: "scalar", type: "bootstrapToken", go: "*v1.BootstrapTokenString" },
  description: str(),
  ttl: duration(),
  expires: time(),
  usages: strList(),
  groups: strList(),
});

/** k8s.io/api/core/v1.Taint */
const taint = obj("v1.Taint", {
  key: str(),
  value: str(),
  effect: str("v1.TaintEffect"),
  timeAdded: time(),
});

// ---- kubeadm.k8s.io types, built per version ---------------------------------------------------

type KubeadmVersion = "v1beta3" | "v1beta4";

function kubeadmTypes(v: KubeadmVersion) {
  const b4 = v === "v1beta4";
  const t = (name: string) => `${v}.${name}`;

  const arg = obj(t("Arg"), { name: str(), value: str() });
  /** v1beta3: map[string]string; v1beta4: ordered []Arg (duplicates allowed). */
  const extraArgs = (): Shape => (b4 ? list(arg, `[]${t("Arg")}`) : strMap());
  /** v1beta4.EnvVar inlines core/v1.EnvVar; valueFrom (EnvVarSource) is left loose here. */
  const envVar = obj(t("EnvVar"), { name: str(), value: str(), valueFrom: any });
  const extraEnvs = when(b4, { extraEnvs: list(envVar, `[]${t("EnvVar")}`) });

  const hostPathMount = obj(t("HostPathMount"), {
    name: str(),
    hostPath: str(),
    mountPath: str(),
    readOnly: bool(),
    pathType: str("v1.HostPathType"),
  });
  const imageMeta = { imageRepository: str(), imageTag: str() };
  const apiEndpoint = obj(t("APIEndpoint"), { advertiseAddress: str(), bindPort: int32() });
  const patches = obj(`*${t("Patches")}`, { directory: str() });

  const controlPlaneComponentFields = {
    extraArgs: extraArgs(),
    extraVolumes: list(hostPathMount, `[]${t("HostPathMount")}`),
    ...extraEnvs,
  };
  const controlPlaneComponent = obj(t("ControlPlaneComponent"), controlPlaneComponentFields);
  const apiServer = obj(t("APIServer"), {
    ...controlPlaneComponentFields,
    certSANs: strList(),
    // Removed in v1beta4 in favour of InitConfiguration/JoinConfiguration timeouts.controlPlaneComponentHealthCheck.
    ...when(!b4, { timeoutForControlPlane: duration() }),
  });
  const dns = obj(t("DNS"), { ...imageMeta, ...when(b4, { disabled: bool() }) });
  const proxy = obj(t("Proxy"), { disabled: bool() });
  const networking = obj(t("Networking"), { serviceSubnet: str(), podSubnet: str(), dnsDomain: str() });
  const localEtcd = obj(`*${t("LocalEtcd")}`, {
    ...imageMeta,
    dataDir: str(),
    extraArgs: extraArgs(),
    ...extraEnvs,
    serverCertSANs: strList(),
    peerCertSANs: strList(),
  });
  const externalEtcd = obj(`*${t("ExternalEtcd")}`, {
    endpoints: strList(),
    caFile: str(),
    certFile: str(),
    keyFile: str(),
  });
  const etcd = obj(t("Etcd"), { local: localEtcd, external: externalEtcd });

  const nodeRegistration = obj(t("NodeRegistrationOptions"), {
    name: str(),
    criSocket: str(),
    taints: list(taint, "[]v1.Taint"),
    kubeletExtraArgs: extraArgs(),
    ignorePreflightErrors: strList(),
    imagePullPolicy: str("v1.PullPolicy"),
    ...when(b4, { imagePullSerial: bool("*bool") }),
  });

  const timeouts = obj(`*${t("Timeouts")}`, {
    controlPlaneComponentHealthCheck: duration(),
    kubeletHealthCheck: duration(),
    kubernetesAPICall: duration(),
    etcdAPICall: duration(),
    tlsBootstrap: duration(),
    discovery: duration(),
    upgradeManifests: duration(),
  });
  const withTimeouts = when(b4, { timeouts });
  const withDryRun = when(b4, { dryRun: bool() });

  const bootstrapTokenDiscovery = obj(`*${t("BootstrapTokenDiscovery")}`, {
    token: str(),
    apiServerEndpoint: str(),
    caCertHashes: strList(),
    unsafeSkipCAVerification: bool(),
  });
  const fileDiscovery = obj(`*${t("FileDiscovery")}`, { kubeConfigPath: str() });
  const discovery = obj(t("Discovery"), {
    bootstrapToken: bootstrapTokenDiscovery,
    file: fileDiscovery,
    tlsBootstrapToken: str(),
    // Removed in v1beta4 in favour of JoinConfiguration timeouts.discovery.
    ...when(!b4, { timeout: duration() }),
  });
  const joinControlPlane = obj(`*${t("JoinControlPlane")}`, {
    localAPIEndpoint: apiEndpoint,
    certificateKey: str(),
  });

  const kinds: Record<string, ObjectShape> = {
    InitConfiguration: obj(t("InitConfiguration"), {
      ...typeMeta,
      bootstrapTokens: list(bootstrapToken, "[]v1.BootstrapToken"),
      ...withDryRun,
      nodeRegistration,
      localAPIEndpoint: apiEndpoint,
      certificateKey: str(),
      skipPhases: strList(),
      patches,
      ...withTimeouts,
    }),
    ClusterConfiguration: obj(t("ClusterConfiguration"), {
      ...typeMeta,
      etcd,
      networking,
      kubernetesVersion: str(),
      controlPlaneEndpoint: str(),
      apiServer,
      controllerManager: controlPlaneComponent,
      scheduler: controlPlaneComponent,
      dns,
      ...when(b4, { proxy }),
      certificatesDir: str(),
      imageRepository: str(),
      featureGates: map(bool(), "map[string]bool"),
      clusterName: str(),
      ...when(b4, {
        encryptionAlgorithm: str(t("EncryptionAlgorithmType")),
        certificateValidityPeriod: duration(),
        caCertificateValidityPeriod: duration(),
      }),
    }),
    JoinConfiguration: obj(t("JoinConfiguration"), {
      ...typeMeta,
      ...withDryRun,
      nodeRegistration,
      caCertPath: str(),
      discovery,
      controlPlane: joinControlPlane,
      skipPhases: strList(),
      patches,
      ...withTimeouts,
    }),
  };
  if (b4) {
    kinds.ResetConfiguration = obj(t("ResetConfiguration"), {
      ...typeMeta,
      cleanupTmpDir: bool(),
      certificatesDir: str(),
      criSocket: str(),
      dryRun: bool(),
      force: bool(),
      ignorePreflightErrors: strList(),
      skipPhases: strList(),
      unmountFlags: strList(),
      timeouts,
    });
  }
  return kinds;
}

// ---- component configs: top-level names strict, nested values loose ---------------------------

const looseTopLevel = (go: string, names: string[], typed: Record<string, Shape>): ObjectShape =>
  obj(go, { ...Object.fromEntries(names.map((n) => [n, any])), ...typeMeta, ...typed });

/** staging/src/k8s.io/kubelet/config/v1beta1/types.go KubeletConfiguration (json tags, in order). */
const KUBELET_FIELDS = [
  "enableServer",
  "staticPodPath",
  "podLogsDir",
  "syncFrequency",
  "fileCheckFrequency",
  "httpCheckFrequency",
  "staticPodURL",
  "staticPodURLHeader",
  "address",
  "port",
  "readOnlyPort",
  "tlsCertFile",
  "tlsPrivateKeyFile",
  "tlsCipherSuites",
  "tlsCurvePreferences",
  "tlsMinVersion",
  "rotateCertificates",
  "serverTLSBootstrap",
  "authentication",
  "authorization",
  "registryPullQPS",
  "registryBurst",
  "imagePullCredentialsVerificationPolicy",
  "preloadedImagesVerificationAllowlist",
  "eventRecordQPS",
  "eventBurst",
  "enableDebuggingHandlers",
  "enableContentionProfiling",
  "healthzPort",
  "healthzBindAddress",
  "oomScoreAdj",
  "clusterDomain",
  "clusterDNS",
  "streamingConnectionIdleTimeout",
  "nodeStatusUpdateFrequency",
  "nodeStatusReportFrequency",
  "nodeLeaseDurationSeconds",
  "imageMinimumGCAge",
  "imageMaximumGCAge",
  "imageGCHighThresholdPercent",
  "imageGCLowThresholdPercent",
  "volumeStatsAggPeriod",
  "kubeletCgroups",
  "systemCgroups",
  "cgroupRoot",
  "cgroupsPerQOS",
  "cgroupDriver",
  "cpuManagerPolicy",
  "singleProcessOOMKill",
  "cpuManagerPolicyOptions",
  "cpuManagerReconcilePeriod",
  "draManagerReconcilePeriod",
  "memoryManagerPolicy",
  "topologyManagerPolicy",
  "topologyManagerScope",
  "topologyManagerPolicyOptions",
  "qosReserved",
  "runtimeRequestTimeout",
  "hairpinMode",
  "maxPods",
  "podCIDR",
  "podPidsLimit",
  "resolvConf",
  "runOnce",
  "cpuCFSQuota",
  "cpuCFSQuotaPeriod",
  "nodeStatusMaxImages",
  "maxOpenFiles",
  "contentType",
  "kubeAPIQPS",
  "kubeAPIBurst",
  "serializeImagePulls",
  "maxParallelImagePulls",
  "evictionHard",
  "evictionSoft",
  "evictionSoftGracePeriod",
  "evictionPressureTransitionPeriod",
  "evictionMaxPodGracePeriod",
  "evictionMinimumReclaim",
  "mergeDefaultEvictionSettings",
  "podsPerCore",
  "enableControllerAttachDetach",
  "protectKernelDefaults",
  "makeIPTablesUtilChains",
  "iptablesMasqueradeBit",
  "iptablesDropBit",
  "featureGates",
  "failSwapOn",
  "memorySwap",
  "containerLogMaxSize",
  "containerLogMaxFiles",
  "containerLogMaxWorkers",
  "containerLogMonitorInterval",
  "configMapAndSecretChangeDetectionStrategy",
  "systemReserved",
  "kubeReserved",
  "reservedSystemCPUs",
  "showHiddenMetricsForVersion",
  "systemReservedCgroup",
  "kubeReservedCgroup",
  "enforceNodeAllocatable",
  "allowedUnsafeSysctls",
  "volumePluginDir",
  "providerID",
  "kernelMemcgNotification",
  "logging",
  "enableSystemLogHandler",
  "enableSystemLogQuery",
  "shutdownGracePeriod",
  "shutdownGracePeriodCriticalPods",
  "shutdownGracePeriodByPodPriority",
  "crashLoopBackOff",
  "reservedMemory",
  "enableProfilingHandler",
  "enableDebugFlagsHandler",
  "seccompDefault",
  "memoryThrottlingFactor",
  "memoryReservationPolicy",
  "registerWithTaints",
  "registerNode",
  "tracing",
  "localStorageCapacityIsolation",
  "containerRuntimeEndpoint",
  "imageServiceEndpoint",
  "failCgroupV1",
  "userNamespaces",
];

/** staging/src/k8s.io/kube-proxy/config/v1alpha1/types.go KubeProxyConfiguration (json tags, in order). */
const KUBE_PROXY_FIELDS = [
  "featureGates",
  "clientConnection",
  "logging",
  "hostnameOverride",
  "bindAddress",
  "healthzBindAddress",
  "metricsBindAddress",
  "bindAddressHardFail",
  "enableProfiling",
  "showHiddenMetricsForVersion",
  "mode",
  "iptables",
  "ipvs",
  "nftables",
  "winkernel",
  "detectLocalMode",
  "detectLocal",
  "clusterCIDR",
  "nodePortAddresses",
  "oomScoreAdj",
  "conntrack",
  "configSyncPeriod",
  "portRange",
  "windowsRunAsService",
];

// ---- registry ---------------------------------------------------------------------------------

export interface KindSchema {
  apiVersion: string;
  kind: string;
  /** Kubernetes minors whose kubeadm reads this kind (informational). */
  minors: string;
  root: ObjectShape;
}

function kubeadmSchemas(v: KubeadmVersion, minors: string): KindSchema[] {
  return Object.entries(kubeadmTypes(v)).map(([kind, root]) => ({
    apiVersion: `kubeadm.k8s.io/${v}`,
    kind,
    minors,
    root,
  }));
}

const SCHEMAS: readonly KindSchema[] = [
  ...kubeadmSchemas("v1beta3", "1.22+ (deprecated from 1.31)"),
  ...kubeadmSchemas("v1beta4", "1.31+"),
  {
    apiVersion: "kubelet.config.k8s.io/v1beta1",
    kind: "KubeletConfiguration",
    minors: "all",
    root: looseTopLevel("v1beta1.KubeletConfiguration", KUBELET_FIELDS, {
      cgroupDriver: str(),
      failCgroupV1: bool(),
    }),
  },
  {
    apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
    kind: "KubeProxyConfiguration",
    minors: "all",
    root: looseTopLevel("v1alpha1.KubeProxyConfiguration", KUBE_PROXY_FIELDS, {
      mode: str("v1alpha1.ProxyMode"),
    }),
  },
];

const BY_GVK = new Map(SCHEMAS.map((s) => [`${s.apiVersion}/${s.kind}`, s]));

/** Every apiVersion+kind this fake can decode. */
export const knownKinds: readonly { apiVersion: string; kind: string }[] = SCHEMAS.map((s) => ({
  apiVersion: s.apiVersion,
  kind: s.kind,
}));

/**
 * Kinds kubeadm knows but this fake does not model (their field sets changed between 1.31 and
 * later releases); decoding them reports that instead of pretending they are unknown to kubeadm.
 */
const NOT_MODELLED = new Set(["kubeadm.k8s.io/v1beta4/UpgradeConfiguration"]);

export function schemaFor(apiVersion: string, kind: string): KindSchema | undefined {
  return BY_GVK.get(`${apiVersion}/${kind}`);
}

// ---- decoder ----------------------------------------------------------------------------------

/** Go's `%#v` of a schema.GroupVersionKind, as kubeadm prints it. */
export function gvkString(apiVersion: string, kind: string): string {
  const slash = apiVersion.lastIndexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return `schema.GroupVersionKind{Group:${JSON.stringify(group)}, Version:${JSON.stringify(version)}, Kind:${JSON.stringify(kind)}}`;
}

type JsonKind = "string" | "number" | "bool" | "array" | "object";

function jsonKind(v: unknown): JsonKind {
  if (typeof v === "string" || v instanceof Date) return "string";
  if (typeof v === "number" || typeof v === "bigint") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** time.ParseDuration's grammar: "0", or signed sequence of decimal numbers each with a unit. */
const GO_DURATION = /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/** k8s.io/cluster-bootstrap/token/api.BootstrapTokenPattern */
const BOOTSTRAP_TOKEN_PATTERN = "\\A([a-z0-9]{6})\\.([a-z0-9]{16})\\z";
const BOOTSTRAP_TOKEN = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;

const INT_RANGE: Record<"int32" | "int64", [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

interface Ctx {
  /** Path with list indices, for strict (unknown field) errors: "bootstrapTokens[0].ttl". */
  path: string;
  /** Go's UnmarshalTypeError context: innermost struct name and the dotted JSON path without indices. */
  struct: string;
  goPath: string;
}

const join = (base: string, key: string) => (base ? `${base}.${key}` : key);
const shortName = (go: string) => go.replace(/^[*[\]]+/, "").replace(/^.*\./, "");

function typeError(value: unknown, ctx: Ctx, goType: string, detail = false): string {
  const kind = jsonKind(value);
  const what = detail && kind === "number" ? `number ${String(value)}` : kind;
  return `json: cannot unmarshal ${what} into Go struct field ${ctx.struct}.${ctx.goPath} of type ${goType}`;
}

function decodeScalar(shape: Extract<Shape, { kind: "scalar" }>, value: unknown, ctx: Ctx, errs: string[]) {
  const at = ` (field "${ctx.path}")`;
  switch (shape.type) {
    case "string":
      if (jsonKind(value) !== "string") errs.push(typeError(value, ctx, shape.go));
      return;
    case "bool":
      if (typeof value !== "boolean") errs.push(typeError(value, ctx, shape.go));
      return;
    case "float64":
      if (typeof value !== "number") errs.push(typeError(value, ctx, shape.go));
      return;
    case "int32":
    case "int64": {
      if (typeof value !== "number") {
        errs.push(typeError(value, ctx, shape.go));
        return;
      }
      const [lo, hi] = INT_RANGE[shape.type];
      if (!Number.isInteger(value) || value < lo || value > hi)
        errs.push(typeError(value, ctx, shape.go, true));
      return;
    }
    case "duration":
      // metav1.Duration.UnmarshalJSON: json.Unmarshal into a string, then time.ParseDuration.
      if (typeof value !== "string") {
        errs.push(`json: cannot unmarshal ${jsonKind(value)} into Go value of type string${at}`);
      } else if (!GO_DURATION.test(value)) {
        errs.push(`time: invalid duration ${JSON.stringify(value)}${at}`);
      }
      return;
    case "time":
      // metav1.Time.UnmarshalJSON: a string in RFC 3339 ("null" leaves it zero).
      if (value instanceof Date) return;
      if (typeof value !== "string") {
        errs.push(`json: cannot unmarshal ${jsonKind(value)} into Go value of type string${at}`);
      } else if (value !== "null" && !RFC3339.test(value)) {
        errs.push(`parsing time ${JSON.stringify(value)} as RFC 3339 failed${at}`);
      }
      return;
    case "bootstrapToken": {
      // BootstrapTokenString.UnmarshalJSON strips quotes and validates the format while decoding.
      const text = typeof value === "string" ? value : JSON.stringify(value).replaceAll('"', "");
      if (!BOOTSTRAP_TOKEN.test(text)) {
        errs.push(
          `the bootstrap token ${JSON.stringify(text)} was not of the form ${JSON.stringify(BOOTSTRAP_TOKEN_PATTERN)}${at}`,
        );
      }
      return;
    }
  }
}

function decodeValue(shape: Shape, value: unknown, ctx: Ctx, errs: string[]): void {
  // JSON null decodes to the zero value for every Go type; undefined means "absent".
  if (value === null || value === undefined || shape.kind === "any") return;
  switch (shape.kind) {
    case "scalar":
      decodeScalar(shape, value, ctx, errs);
      return;
    case "list":
      if (!Array.isArray(value)) {
        errs.push(typeError(value, ctx, shape.go));
        return;
      }
      value.forEach((item, i) => {
        decodeValue(shape.of, item, { ...ctx, path: `${ctx.path}[${i}]` }, errs);
      });
      return;
    case "map":
      if (!isPlainObject(value)) {
        errs.push(typeError(value, ctx, shape.go));
        return;
      }
      for (const [k, v] of Object.entries(value)) {
        decodeValue(shape.of, v, { ...ctx, path: join(ctx.path, k), goPath: join(ctx.goPath, k) }, errs);
      }
      return;
    case "object":
      if (!isPlainObject(value)) {
        errs.push(typeError(value, ctx, shape.go));
        return;
      }
      decodeObject(shape, value, ctx, errs);
      return;
  }
}

function decodeObject(shape: ObjectShape, value: Record<string, unknown>, ctx: Ctx, errs: string[]): void {
  const struct = shortName(shape.go);
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const path = join(ctx.path, key);
    const field = Object.hasOwn(shape.fields, key) ? shape.fields[key] : undefined;
    if (!field) {
      errs.push(`strict decoding error: unknown field ${JSON.stringify(path)}`);
      continue;
    }
    decodeValue(field, v, { path, struct, goPath: join(ctx.goPath, key) }, errs);
  }
}

/**
 * Decodes one document (already parsed from YAML/JSON, or built in memory) the way kubeadm's
 * strict decoder would. Returns [] when kubeadm would accept it, otherwise one message per problem.
 */
export function strictDecode(doc: unknown): string[] {
  if (!isPlainObject(doc)) return [`error: a configuration document must be a mapping, got ${jsonKind(doc)}`];
  const apiVersion = doc.apiVersion;
  const kind = doc.kind;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !apiVersion.includes("/") || !kind) {
    return [
      `invalid configuration for GroupVersionKind ${gvkString(String(apiVersion ?? ""), String(kind ?? ""))}: kind and apiVersion is mandatory information that must be specified`,
    ];
  }
  const schema = schemaFor(apiVersion, kind);
  if (!schema) {
    if (NOT_MODELLED.has(`${apiVersion}/${kind}`)) {
      return [`kadm-wizard fake: ${gvkString(apiVersion, kind)} is known to kubeadm but not modelled here`];
    }
    return [`unknown configuration ${gvkString(apiVersion, kind)}`];
  }
  const errs: string[] = [];
  decodeObject(schema.root, doc, { path: "", struct: shortName(schema.root.go), goPath: "" }, errs);
  return errs;
}

/**
 * kubeadm 1.37 removed v1beta3 (kubernetes/kubernetes#136016): its config loader refuses the whole
 * file before decoding, naming the last kubeadm that still reads it (as it did for v1beta2 -> v1.22;
 * the 1.37 text was reported verbatim in kubernetes-sigs/image-builder#2154).
 */
const REMOVED_FROM_MINOR: Readonly<Record<string, number>> = { "kubeadm.k8s.io/v1beta3": 37 };

export interface DecodeOptions {
  /** The kubeadm release decoding, e.g. "v1.37.1" (its minor decides which APIs still exist). */
  kubeadmVersion?: string;
}

function removedApiError(doc: unknown, kubeadmVersion: string | undefined): string | undefined {
  const minor = Number(/^v?1\.(\d+)\./.exec(kubeadmVersion ?? "")?.[1] ?? Number.NaN);
  if (!isPlainObject(doc) || typeof doc.apiVersion !== "string") return undefined;
  const from = REMOVED_FROM_MINOR[doc.apiVersion];
  if (from === undefined || !(minor >= from)) return undefined;
  return `your configuration file uses an old API spec: "${doc.apiVersion}" (kind: "${String(doc.kind)}"). Please use kubeadm v1.${from - 1} instead and run 'kubeadm config migrate --old-config old.yaml --new-config new.yaml', which will write the new, similar spec using a newer API version.`;
}

/**
 * Splits multi-document YAML (js-yaml loadAll; empty documents are skipped like kubeadm does) and
 * decodes each document. Errors carry kubeadm's "error unmarshaling configuration <GVK>:" prefix.
 */
export function decodeMultiDoc(yamlText: string, opts: DecodeOptions = {}): string[] {
  let docs: unknown[];
  try {
    docs = yaml.loadAll(yamlText);
  } catch (e) {
    return [
      `error converting YAML to JSON: ${e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e)}`,
    ];
  }
  const errs: string[] = [];
  const seenKinds = new Set<string>();
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    const removed = removedApiError(doc, opts.kubeadmVersion);
    if (removed) {
      errs.push(removed);
      continue;
    }
    const problems = strictDecode(doc);
    const gvk = isPlainObject(doc) ? gvkString(String(doc.apiVersion ?? ""), String(doc.kind ?? "")) : "";
    for (const p of problems) {
      // Document-level problems stand alone; field problems are wrapped like strict.VerifyUnmarshalStrict does.
      const documentLevel = /^(unknown configuration|invalid configuration|kadm-wizard fake|error:)/.test(p);
      errs.push(documentLevel ? p : `error unmarshaling configuration ${gvk}: ${p}`);
    }
    if (isPlainObject(doc) && typeof doc.kind === "string") {
      // kubeadmutil.SplitConfigDocuments refuses a kind given twice.
      if (seenKinds.has(doc.kind)) {
        errs.push(`invalid configuration: kind ${JSON.stringify(doc.kind)} is specified twice in YAML file`);
      }
      seenKinds.add(doc.kind);
    }
  }
  return errs;
}
