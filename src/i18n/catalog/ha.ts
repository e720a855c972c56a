import type { Entry } from "../entry.js";

/** HA control-plane endpoint: load-balancer modes and external etcd checks. Keys "lb." and "etcdcheck.". */
export const HA_MESSAGES = {
  "lb.needsEndpoint": {
    en: (p) => `--lb ${p.mode} needs a shared endpoint for the control planes.`,
    zh: (p) => `--lb ${p.mode} 需要控制平面共享端点。`,
  },
  "lb.needsEndpointHint": {
    en: () =>
      "add --control-plane-endpoint HOST:PORT (for kube-vip the free VIP, e.g. 192.168.10.100:6443), or leave --lb out for a single control plane",
    zh: () =>
      "请加上 --control-plane-endpoint HOST:PORT（kube-vip 时为空闲的 VIP，如 192.168.10.100:6443），单控制平面则去掉 --lb",
  },
  "lb.vipInterfaceHint": {
    en: () => "add --vip-interface with the interface of the VIP's subnet (`ip -br addr` lists them)",
    zh: () => "请用 --vip-interface 指定 VIP 所在网段的网卡（`ip -br addr` 可列出）",
  },
  "lb.vipInterfaceOnly": {
    en: () => "--vip-interface only applies with --lb kube-vip.",
    zh: () => "--vip-interface 仅用于 --lb kube-vip。",
  },
  "lb.badBackend": {
    en: (p) => `load-balancer backend "${p.value}" is not an IP[:PORT].`,
    zh: (p) => `负载均衡后端 "${p.value}" 不是 IP[:PORT] 格式。`,
  },
  "lb.vipNotIp": {
    en: (p) => `kube-vip serves a virtual IP, but the endpoint host "${p.value}" is a name.`,
    zh: (p) => `kube-vip 提供的是虚拟 IP，但端点主机 "${p.value}" 是域名。`,
  },
  "lb.vipIsNode": {
    en: (p) => `the VIP ${p.value} is this node's own address; it must be a free address in the same subnet.`,
    zh: (p) => `VIP ${p.value} 是本节点自身的地址；应使用同网段中未被占用的地址。`,
  },
  "lb.vipPort": {
    en: (p) => `kube-vip forwards the VIP to the API server's own port ${p.bind}, not ${p.port}.`,
    zh: (p) => `kube-vip 将 VIP 转发到 API Server 自身端口 ${p.bind}，而不是 ${p.port}。`,
  },
  "lb.vipInterface": {
    en: () => "kube-vip needs the interface that carries the VIP (--vip-interface, e.g. eth0).",
    zh: () => "kube-vip 需要承载 VIP 的网卡（--vip-interface，例如 eth0）。",
  },
  "lb.badInterface": {
    en: (p) => `"${p.value}" is not a network interface name.`,
    zh: (p) => `"${p.value}" 不是网卡名称。`,
  },
  "lb.haproxyPort": {
    en: (p) =>
      `with --lb haproxy the endpoint needs its own port (e.g. :8443): haproxy runs next to the API server, which has ${p.bind}.`,
    zh: (p) =>
      `使用 --lb haproxy 时端点需要独立端口（如 :8443）：haproxy 与占用 ${p.bind} 的 API Server 运行在同一节点。`,
  },
  "wizard.lb": { en: () => "Who serves the control-plane endpoint?", zh: () => "由谁提供控制平面端点？" },
  "wizard.lb.external": {
    en: () => "external  (my own load balancer: nginx/haproxy/cloud LB; configs are written for it)",
    zh: () => "external  （自己的负载均衡：nginx/haproxy/云 LB；会生成配置）",
  },
  "wizard.lb.kubeVip": {
    en: () => "kube-vip  (a virtual IP moving between the control planes; endpoint = that VIP)",
    zh: () => "kube-vip  （在控制平面间漂移的虚拟 IP；端点即该 VIP）",
  },
  "wizard.lb.haproxy": {
    en: () => "haproxy   (haproxy on every control plane; endpoint on its own port, e.g. :8443)",
    zh: () => "haproxy   （每个控制平面上运行 haproxy；端点使用独立端口，如 :8443）",
  },
  "wizard.vipInterface": { en: () => "Interface that carries the VIP", zh: () => "承载 VIP 的网卡" },
  "wizard.lbBackends": {
    en: () => "API servers behind haproxy, IP[:PORT],... (empty: this node only, add more later)",
    zh: () => "haproxy 后端 API Server，IP[:PORT],...（留空：仅本节点，之后可再添加）",
  },
  "lb.step": {
    en: (p) => `Load balancer for the control-plane endpoint (${p.mode})`,
    zh: (p) => `控制平面端点负载均衡（${p.mode}）`,
  },
  "lb.written": { en: (p) => `${p.mode}: ${p.files}`, zh: (p) => `${p.mode}：${p.files}` },
  "lb.externalNote": {
    en: (p) =>
      `Point your load balancer at the API servers before joining more control planes; ready configs: ${p.nginx} (nginx stream), ${p.haproxy} (haproxy).`,
    zh: (p) =>
      `加入更多控制平面前，请先让负载均衡器指向各 API Server；现成配置：${p.nginx}（nginx stream）、${p.haproxy}（haproxy）。`,
  },
  "etcdcheck.step": { en: () => "External etcd certificates", zh: () => "外部 etcd 证书" },
  "etcdcheck.ok": {
    en: (p) => `external etcd: client certificate valid until ${p.until}, signed by the given CA`,
    zh: (p) => `外部 etcd：客户端证书有效期至 ${p.until}，由指定 CA 签发`,
  },
  "etcdcheck.missing": {
    en: (p) => `external etcd ${p.what} ${p.path} does not exist on this host.`,
    zh: (p) => `本机上不存在外部 etcd ${p.what} ${p.path}。`,
  },
  "etcdcheck.what.ca": { en: () => "CA", zh: () => "CA 证书" },
  "etcdcheck.what.cert": { en: () => "certificate", zh: () => "客户端证书" },
  "etcdcheck.what.key": { en: () => "key", zh: () => "私钥" },
  "etcdcheck.kind.certificate": { en: () => "certificate", zh: () => "证书" },
  "etcdcheck.kind.privateKey": { en: () => "private key", zh: () => "私钥" },
  "etcdcheck.unreadable": {
    en: (p) => `external etcd ${p.what} ${p.path} is not a PEM ${p.kind}: ${p.reason}`,
    zh: (p) => `外部 etcd ${p.what} ${p.path} 不是 PEM ${p.kind}：${p.reason}`,
  },
  "etcdcheck.keyMismatch": {
    en: (p) => `the external etcd key ${p.key} does not belong to the certificate ${p.cert}.`,
    zh: (p) => `外部 etcd 私钥 ${p.key} 与证书 ${p.cert} 不匹配。`,
  },
  "etcdcheck.notSignedByCa": {
    en: (p) => `the external etcd client certificate ${p.cert} is not signed by the CA ${p.ca}.`,
    zh: (p) => `外部 etcd 客户端证书 ${p.cert} 不是由 CA ${p.ca} 签发的。`,
  },
  "etcdcheck.expired": {
    en: (p) => `the external etcd certificate ${p.path} is not valid now (valid ${p.from} to ${p.to}).`,
    zh: (p) => `外部 etcd 证书 ${p.path} 当前无效（有效期 ${p.from} 至 ${p.to}）。`,
  },
  "etcdcheck.hint": {
    en: () =>
      "use the etcd CA and a client certificate/key pair issued by it (e.g. /etc/etcd/pki/ca.crt, apiserver-etcd-client.crt/.key)",
    zh: () =>
      "请使用 etcd 的 CA 以及由它签发的客户端证书/私钥（如 /etc/etcd/pki/ca.crt、apiserver-etcd-client.crt/.key）",
  },
} satisfies Record<string, Entry>;
