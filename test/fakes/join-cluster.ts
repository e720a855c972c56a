/**
 * What a worker's `join` reads from a kubeadm cluster, served by the fake API server over HTTPS with a
 * test CA: kube-public/cluster-info signed for the bootstrap token (readable anonymously) and
 * kube-system/kubeadm-config (readable with the token), as `kubeadm init` leaves them.
 */
import yaml from "js-yaml";
import { detachedJws } from "../../src/kube/join-discovery.js";
import { type FakeApiServer, type FakeObject, startFakeApiServer } from "./kube-api-server.js";
import type { makePki } from "./pki.js";

export type TestPki = ReturnType<typeof makePki>;

export interface JoinClusterOptions {
  token: string;
  /** The token cluster-info is signed for (default: `token`); another one makes discovery fail. */
  signedFor?: string;
  version?: string;
  repo?: string;
}

export function joinClusterObjects(pki: TestPki, o: JoinClusterOptions): FakeObject[] {
  const kubeconfig = yaml.dump({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "",
        cluster: {
          server: "https://192.168.10.11:6443",
          "certificate-authority-data": Buffer.from(pki.ca).toString("base64"),
        },
      },
    ],
  });
  const [id, secret] = (o.signedFor ?? o.token).split(".") as [string, string];
  return [
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cluster-info", namespace: "kube-public" },
      data: { kubeconfig, [`jws-kubeconfig-${id}`]: detachedJws(kubeconfig, id, secret) },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "kubeadm-config", namespace: "kube-system" },
      data: {
        ClusterConfiguration: yaml.dump({
          apiVersion: "kubeadm.k8s.io/v1beta4",
          kind: "ClusterConfiguration",
          kubernetesVersion: o.version ?? "v1.33.2",
          imageRepository: o.repo ?? "registry.aliyuncs.com/google_containers",
          networking: { podSubnet: "10.244.0.0/16", serviceSubnet: "10.96.0.0/12" },
        }),
      },
    },
  ];
}

/** The fake API server as a cluster a worker joins (127.0.0.1, TLS with the test CA). */
export function startJoinCluster(pki: TestPki, o: JoinClusterOptions): Promise<FakeApiServer> {
  return startFakeApiServer({
    tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca },
    anonymous: true,
    readOnlyToken: o.signedFor ?? o.token,
    objects: joinClusterObjects(pki, o),
  });
}
