/**
 * Which machine runs each node's steps: this one (the first control plane, where apply runs), an
 * inventory host over SSH, or none ("manual": the node is upgraded with `kadm-wizard upgrade node`
 * run on it, and the rollout checks the result through the API). Sessions open on first use.
 */
import { KadmError } from "../errors.js";
import type { Lang } from "../i18n/lang.js";
import { t } from "../i18n/messages.js";
import { binaryCommand } from "../node/binaries.js";
import type { Node } from "../node/node.js";
import { sshNode } from "../node/ssh-node.js";
import type { InventoryHost } from "../ssh/inventory.js";
import type { SshSession, SshTarget, SshTransport } from "../ssh/transport.js";
import type { UpgradeFacts, UpgradeNodeAction } from "./types.js";

export type NodePlace = { kind: "local" } | { kind: "ssh"; host: InventoryHost } | { kind: "manual" };

/** PURE: the first control plane is this machine; the others are found in the inventory or are manual. */
export function placeNodes(
  actions: readonly UpgradeNodeAction[],
  facts: UpgradeFacts,
  hosts: readonly InventoryHost[],
): Map<string, NodePlace> {
  const out = new Map<string, NodePlace>();
  for (const a of actions) {
    if (a.role === "first-control-plane") {
      out.set(a.node, { kind: "local" });
      continue;
    }
    const address = facts.nodes.find((n) => n.name === a.node)?.address;
    const h = hosts.find(
      (x) => x.nodeName === a.node || x.host === a.node || x.id === a.node || (address && x.host === address),
    );
    out.set(a.node, h ? { kind: "ssh", host: h } : { kind: "manual" });
  }
  return out;
}

export interface NodeAccess {
  node(name: string): Promise<{ node: Node; kubeadm: string } | undefined>;
  close(): void;
}

export function nodeAccess(o: {
  places: Map<string, NodePlace>;
  local: Node;
  localKubeadm: string;
  transport: () => SshTransport;
  targets: () => Promise<Map<string, SshTarget>>;
  lang: Lang;
  signal: AbortSignal;
  connectError: (e: unknown) => string;
}): NodeAccess {
  const sessions: SshSession[] = [];
  const made = new Map<string, Promise<{ node: Node; kubeadm: string } | undefined>>();
  const open = async (name: string) => {
    const place = o.places.get(name);
    if (!place || place.kind === "manual") return undefined;
    if (place.kind === "local") return { node: o.local, kubeadm: o.localKubeadm };
    const h = place.host;
    const target = (await o.targets()).get(h.id) as SshTarget;
    let session: SshSession;
    try {
      session = await o.transport().connect(target, { signal: o.signal, timeoutMs: 20_000 });
    } catch (e) {
      throw new KadmError(t(o.lang, "rollout.sshFailed", { node: name, reason: o.connectError(e) }), {
        hint: t(o.lang, "rollout.sshFailedHint", { node: name }),
      });
    }
    sessions.push(session);
    const node = sshNode(session, {
      id: name,
      user: h.user,
      root: h.root,
      env: h.env,
      dryRun: false,
      lang: o.lang,
    });
    return { node, kubeadm: await binaryCommand({ fs: node.fs }, "kubeadm") };
  };
  return {
    node(name) {
      let p = made.get(name);
      if (!p) {
        p = open(name);
        made.set(name, p);
      }
      return p;
    },
    close() {
      for (const s of sessions) s.close();
    },
  };
}
