/**
 * The HA control-plane endpoint, served three ways. PURE: spec in, files out.
 * - external: the user's own LB (nginx/haproxy as in the classic guides); we write ready configs.
 * - kube-vip: a static pod that holds the VIP on an interface by ARP, with leader election
 *   (manifest shape of `kube-vip manifest pod --arp --controlplane --leaderElection`).
 * - haproxy: a static pod on each control-plane node listening on the endpoint port and balancing
 *   TCP over every API server (kubeadm's "ha-considerations" haproxy configuration).
 */
import yaml from "js-yaml";
import { mirrorImage } from "../cni/catalog.js";
import type { ClusterSpec } from "../spec/types.js";
import { formatHostPort } from "../validate/ip.js";
import { parseHostPort } from "../validate/names.js";
import { parseKubeVersion } from "../validate/version.js";

export const KUBE_VIP_IMAGE = "ghcr.io/kube-vip/kube-vip:v0.8.9";
export const HAPROXY_IMAGE = "docker.io/library/haproxy:2.8-alpine";
export const KUBE_VIP_MANIFEST = "/etc/kubernetes/manifests/kube-vip.yaml";
export const HAPROXY_MANIFEST = "/etc/kubernetes/manifests/haproxy.yaml";
export const HAPROXY_CFG = "/etc/haproxy/haproxy.cfg";
export const EXTERNAL_NGINX = "/etc/kadm-wizard/lb/nginx-stream.conf";
export const EXTERNAL_HAPROXY = "/etc/kadm-wizard/lb/haproxy.cfg";

export interface LbFile {
  path: string;
  content: string;
  mode: number;
}

function endpointParts(spec: ClusterSpec): { host: string; port: number } {
  const hp = spec.controlPlane.endpoint ? parseHostPort(spec.controlPlane.endpoint) : undefined;
  return { host: hp?.host ?? "", port: hp?.port ?? spec.controlPlane.bindPort };
}

/** API servers behind the LB: --lb-backends, else this node. */
export function backends(spec: ClusterSpec): { host: string; port: number }[] {
  const list =
    spec.controlPlane.lbBackends.length > 0
      ? spec.controlPlane.lbBackends
      : [spec.controlPlane.advertiseAddress ?? ""];
  return list
    .filter((b) => b !== "")
    .map((b) => {
      const hp = parseHostPort(b);
      return { host: hp?.host ?? b, port: hp?.port ?? spec.controlPlane.bindPort };
    });
}

const hostPort = formatHostPort;

/** Images the mode needs on every control-plane node (pre-pulled, through the profile's mirrors). */
export function lbImages(spec: ClusterSpec): string[] {
  const mode = spec.controlPlane.loadBalancer;
  if (mode === "kube-vip") return [mirrorImage(KUBE_VIP_IMAGE, spec.cni.imageMirrors)];
  if (mode === "haproxy") return [mirrorImage(HAPROXY_IMAGE, spec.cni.imageMirrors)];
  return [];
}

/**
 * kube-vip talks to the API for leader election. On the first node of a 1.29+ cluster admin.conf has
 * no rights until kubeadm init has bound it, so it must use super-admin.conf there (kube-vip#684).
 */
export function kubeVipKubeconfig(spec: ClusterSpec, firstNode: boolean): string {
  const v = parseKubeVersion(spec.kubernetesVersion);
  const newer = v !== undefined && (v.major > 1 || v.minor >= 29);
  return firstNode && newer ? "/etc/kubernetes/super-admin.conf" : "/etc/kubernetes/admin.conf";
}

export function kubeVipManifest(spec: ClusterSpec, firstNode: boolean): string {
  const { host, port } = endpointParts(spec);
  const kubeconfig = kubeVipKubeconfig(spec, firstNode);
  const env: [string, string][] = [
    ["vip_arp", "true"],
    ["port", String(port)],
    ["vip_interface", spec.controlPlane.vipInterface ?? ""],
    ["vip_cidr", host.includes(":") ? "128" : "32"],
    ["dns_mode", "first"],
    ["cp_enable", "true"],
    ["cp_namespace", "kube-system"],
    ["vip_leaderelection", "true"],
    ["vip_leasename", "plndr-cp-lock"],
    ["vip_leaseduration", "5"],
    ["vip_renewdeadline", "3"],
    ["vip_retryperiod", "1"],
    ["address", host],
    ["prometheus_server", ":2112"],
  ];
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "kube-vip", namespace: "kube-system" },
    spec: {
      containers: [
        {
          name: "kube-vip",
          image: lbImages(spec)[0],
          imagePullPolicy: "IfNotPresent",
          args: ["manager"],
          env: env.map(([name, value]) => ({ name, value })),
          securityContext: { capabilities: { add: ["NET_ADMIN", "NET_RAW"] } },
          volumeMounts: [{ mountPath: "/etc/kubernetes/admin.conf", name: "kubeconfig" }],
        },
      ],
      hostAliases: [{ hostnames: ["kubernetes"], ip: "127.0.0.1" }],
      hostNetwork: true,
      volumes: [{ name: "kubeconfig", hostPath: { path: kubeconfig } }],
    },
  };
  return `# kube-vip for ${hostPort(host, port)} on ${spec.controlPlane.vipInterface}, written by kadm-wizard\n${yaml.dump(pod, { lineWidth: -1 })}`;
}

/** haproxy.cfg balancing TCP over the API servers, health-checked on /healthz (kubeadm HA doc). */
export function haproxyConfig(spec: ClusterSpec, listenPort: number): string {
  const servers = backends(spec).map(
    (b, i) => `    server cp${i + 1} ${hostPort(b.host, b.port)} check verify none`,
  );
  return [
    "# API server load balancer, written by kadm-wizard",
    "global",
    "    log stdout format raw local0",
    "defaults",
    "    mode                    http",
    "    log                     global",
    "    option                  httplog",
    "    option                  dontlognull",
    "    option                  http-server-close",
    "    option                  redispatch",
    "    retries                 1",
    "    timeout http-request    10s",
    "    timeout queue           20s",
    "    timeout connect         5s",
    "    timeout client          35s",
    "    timeout server          35s",
    "    timeout http-keep-alive 10s",
    "    timeout check           10s",
    "frontend apiserver",
    `    bind *:${listenPort}`,
    "    mode tcp",
    "    option tcplog",
    "    default_backend apiserverbackend",
    "backend apiserverbackend",
    "    option httpchk",
    "    http-check connect ssl",
    "    http-check send meth GET uri /healthz",
    "    http-check expect status 200",
    "    mode tcp",
    "    balance     roundrobin",
    ...servers,
    "",
  ].join("\n");
}

export function haproxyManifest(spec: ClusterSpec, listenPort: number): string {
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "haproxy", namespace: "kube-system" },
    spec: {
      containers: [
        {
          name: "haproxy",
          image: lbImages(spec)[0],
          livenessProbe: {
            failureThreshold: 8,
            httpGet: { host: "localhost", path: "/healthz", port: listenPort, scheme: "HTTPS" },
          },
          volumeMounts: [
            { mountPath: "/usr/local/etc/haproxy/haproxy.cfg", name: "haproxyconf", readOnly: true },
          ],
        },
      ],
      hostNetwork: true,
      volumes: [{ name: "haproxyconf", hostPath: { path: HAPROXY_CFG, type: "FileOrCreate" } }],
    },
  };
  return `# haproxy in front of the API servers, written by kadm-wizard\n${yaml.dump(pod, { lineWidth: -1 })}`;
}

/** nginx `stream` block for the user's own LB host (include it from nginx.conf's top level). */
export function nginxStreamConfig(spec: ClusterSpec): string {
  const { port } = endpointParts(spec);
  return [
    "# kube-apiserver load balancer for nginx: include from the top level of nginx.conf (needs the stream module)",
    "stream {",
    "    upstream kube_apiserver {",
    ...backends(spec).map((b) => `        server ${hostPort(b.host, b.port)} max_fails=3 fail_timeout=30s;`),
    "    }",
    "    server {",
    `        listen ${port};`,
    "        proxy_connect_timeout 5s;",
    "        proxy_pass kube_apiserver;",
    "    }",
    "}",
    "",
  ].join("\n");
}

/** The files the mode writes on this control-plane node (`firstNode`: the init node). */
export function lbFiles(spec: ClusterSpec, firstNode: boolean): LbFile[] {
  const mode = spec.controlPlane.loadBalancer;
  const { port } = endpointParts(spec);
  if (mode === "kube-vip")
    return [{ path: KUBE_VIP_MANIFEST, content: kubeVipManifest(spec, firstNode), mode: 0o600 }];
  if (mode === "haproxy") {
    return [
      { path: HAPROXY_CFG, content: haproxyConfig(spec, port), mode: 0o644 },
      { path: HAPROXY_MANIFEST, content: haproxyManifest(spec, port), mode: 0o600 },
    ];
  }
  if (mode === "external" && firstNode) {
    return [
      { path: EXTERNAL_NGINX, content: nginxStreamConfig(spec), mode: 0o644 },
      { path: EXTERNAL_HAPROXY, content: haproxyConfig(spec, port), mode: 0o644 },
    ];
  }
  return [];
}
