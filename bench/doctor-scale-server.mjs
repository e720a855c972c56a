/**
 * Child process of bench/doctor-scale.mjs: the shared fake API server (compiled from
 * test/fakes/kube-api-server.ts, path in argv[2]) holding a large cluster. Prints one JSON line
 * {kubeconfig, url, unhealthy} when ready and stops on SIGTERM. 127.0.0.1 only.
 *
 *   node doctor-scale-server.mjs <compiled fake .js> <nodes> <pods> <unhealthy ratio> <tls dir>
 *
 * HTTPS (ca.crt, server.crt, server.key in <tls dir>): kubectl does not send a bearer token over http.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [fakePath, nodesArg, podsArg, ratioArg, tlsDir] = process.argv.slice(2);
const tls = {
  cert: readFileSync(join(tlsDir, "server.crt"), "utf8"),
  key: readFileSync(join(tlsDir, "server.key"), "utf8"),
  ca: readFileSync(join(tlsDir, "ca.crt"), "utf8"),
};
const { startFakeApiServer } = await import(pathToFileURL(fakePath).href);
const NODES = Number(nodesArg);
const PODS = Number(podsArg);
const EVERY = Math.max(1, Math.round(1 / Number(ratioArg)));
const NAMESPACES = 150;
const VERSION = "v1.33.2";

const objects = [];
for (let n = 0; n < NAMESPACES; n++)
  objects.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: `team-${n}` } });
objects.push({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "kubeadm-config", namespace: "kube-system" },
  data: {
    ClusterConfiguration: `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: ${VERSION}\nimageRepository: registry.aliyuncs.com/google_containers\nnetworking:\n  podSubnet: 10.0.0.0/8\n  serviceSubnet: 172.16.0.0/16\n`,
  },
});

const nodeName = (i) => `node-${String(i).padStart(5, "0")}`;
for (let i = 0; i < NODES; i++) {
  objects.push({
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: nodeName(i),
      labels: {
        "kubernetes.io/hostname": nodeName(i),
        "kubernetes.io/os": "linux",
        "topology.kubernetes.io/zone": `zone-${i % 3}`,
      },
    },
    spec: {
      podCIDR: `10.${Math.floor(i / 256)}.${i % 256}.0/24`,
      podCIDRs: [`10.${Math.floor(i / 256)}.${i % 256}.0/24`],
    },
    status: {
      conditions: [
        {
          type: "MemoryPressure",
          status: "False",
          reason: "KubeletHasSufficientMemory",
          message: "kubelet has sufficient memory available",
        },
        {
          type: "DiskPressure",
          status: "False",
          reason: "KubeletHasNoDiskPressure",
          message: "kubelet has no disk pressure",
        },
        {
          type: "PIDPressure",
          status: "False",
          reason: "KubeletHasSufficientPID",
          message: "kubelet has sufficient PID available",
        },
        { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
      ],
      addresses: [{ type: "InternalIP", address: `192.168.${Math.floor(i / 250)}.${(i % 250) + 1}` }],
      capacity: { cpu: "16", memory: "65843184Ki", pods: "110" },
      allocatable: { cpu: "16", memory: "65740784Ki", pods: "110" },
      nodeInfo: {
        kubeletVersion: VERSION,
        containerRuntimeVersion: "containerd://1.7.27",
        osImage: "Ubuntu 24.04.2 LTS",
      },
    },
  });
}

/** A pod as a Deployment's ReplicaSet makes it, status included (~3 KB of JSON). */
function pod(i) {
  const ns = `team-${i % NAMESPACES}`;
  const app = `svc-${Math.floor(i / NAMESPACES) % 200}`;
  const name = `${app}-7d9c6f4b8-${i.toString(36).padStart(5, "0")}`;
  const image = `registry.example.com/${ns}/${app}:1.${i % 20}.0`;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: ns,
      labels: { app, "pod-template-hash": "7d9c6f4b8", team: ns },
      annotations: { "kubectl.kubernetes.io/restartedAt": "2025-05-01T10:00:00Z" },
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: `${app}-7d9c6f4b8`,
          uid: "1b2c3d4e-0000-4000-8000-000000000000",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      nodeName: nodeName(i % NODES),
      containers: [
        {
          name: "app",
          image,
          ports: [{ containerPort: 8080, protocol: "TCP" }],
          env: [
            { name: "LOG_LEVEL", value: "info" },
            { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
          ],
          resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
          volumeMounts: [
            {
              name: "kube-api-access",
              mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
              readOnly: true,
            },
          ],
          readinessProbe: { httpGet: { path: "/ready", port: 8080 }, periodSeconds: 10 },
        },
      ],
      volumes: [
        {
          name: "kube-api-access",
          projected: { sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 3607 } }] },
        },
      ],
      restartPolicy: "Always",
      serviceAccountName: "default",
      tolerations: [
        {
          key: "node.kubernetes.io/not-ready",
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: 300,
        },
      ],
    },
    status: {
      phase: "Running",
      hostIP: "192.168.0.1",
      podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      startTime: "2025-05-01T10:00:00Z",
      conditions: [
        { type: "Initialized", status: "True", lastTransitionTime: "2025-05-01T10:00:00Z" },
        { type: "Ready", status: "True", lastTransitionTime: "2025-05-01T10:00:05Z" },
        { type: "ContainersReady", status: "True", lastTransitionTime: "2025-05-01T10:00:05Z" },
        { type: "PodScheduled", status: "True", lastTransitionTime: "2025-05-01T10:00:00Z" },
      ],
      containerStatuses: [
        {
          name: "app",
          image,
          imageID: `${image}@sha256:${"ab".repeat(32)}`,
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: "2025-05-01T10:00:02Z" } },
        },
      ],
      qosClass: "Burstable",
    },
  };
}

const logs = [];
let unhealthy = 0;
for (let i = 0; i < PODS; i++) {
  const p = pod(i);
  if (i % EVERY === 0) {
    unhealthy++;
    const c = p.status.containerStatuses[0];
    const kind = (i / EVERY) % 3;
    c.ready = false;
    p.status.conditions[1].status = "False";
    if (kind === 0) {
      p.status.phase = "Pending";
      c.state = { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${c.image}"` } };
      objects.push({
        apiVersion: "v1",
        kind: "Event",
        metadata: { name: `${p.metadata.name}.failed`, namespace: p.metadata.namespace },
        involvedObject: { kind: "Pod", name: p.metadata.name, namespace: p.metadata.namespace },
        reason: "Failed",
        type: "Warning",
        count: 12,
        message: `Failed to pull image "${c.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${c.image}": failed to resolve reference "${c.image}": ${c.image}: not found`,
      });
    } else if (kind === 1) {
      c.restartCount = 9;
      c.state = {
        waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=app" },
      };
      c.lastState = { terminated: { reason: "Error", exitCode: 1, finishedAt: "2025-05-01T11:00:00Z" } };
      logs.push({ namespace: p.metadata.namespace, name: p.metadata.name });
    } else {
      p.status = {
        phase: "Pending",
        conditions: [
          {
            type: "PodScheduled",
            status: "False",
            reason: "Unschedulable",
            message: `0/${NODES} nodes are available: ${NODES} Insufficient memory. preemption: 0/${NODES} nodes are available: ${NODES} No preemption victims found for incoming pod.`,
          },
        ],
      };
      delete p.spec.nodeName;
    }
  }
  objects.push(p);
}

const server = await startFakeApiServer({ objects, gitVersion: VERSION, historyLimit: 100, tls });
objects.length = 0;
// Events must name their pod's uid (doctor selects events by involvedObject.uid).
for (const ev of server.objects({ apiVersion: "v1", kind: "Event" })) {
  const inv = ev.involvedObject;
  const p = server.get({ apiVersion: "v1", kind: "Pod", namespace: inv.namespace, name: inv.name });
  if (p) server.upsert({ ...ev, involvedObject: { ...inv, uid: p.metadata.uid } });
}
for (const l of logs) {
  server.setPodLog(
    { ...l, container: "app", previous: true },
    "starting\nconnecting to db\npanic: dial tcp 10.96.0.10:5432: connect: connection refused\n",
  );
}
process.stdout.write(
  `${JSON.stringify({ kubeconfig: server.kubeconfigPath, url: server.url, unhealthy })}\n`,
);
process.on("SIGTERM", () => {
  server.stop().then(() => process.exit(0));
});
