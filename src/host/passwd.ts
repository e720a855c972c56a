/** /etc/passwd entries, to copy kubeconfigs into the right home with the right owner. Pure parsing. */
export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const f = line.split(":");
    if (f.length < 7) continue;
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid) || !f[5]?.startsWith("/")) continue;
    out.push({ name: f[0] as string, uid, gid, home: f[5] as string });
  }
  return out;
}

export interface KubeconfigTarget {
  user: string;
  path: string;
  uid: number;
  gid: number;
}

/**
 * Where admin.conf is copied: root's ~/.kube/config, and the invoking user's when run through sudo
 * (SUDO_USER), as the kubeadm guide's `mkdir -p $HOME/.kube; cp ...; chown $(id -u):$(id -g)` does.
 */
export function kubeconfigTargets(passwd: PasswdEntry[], sudoUser: string | undefined): KubeconfigTarget[] {
  const root = passwd.find((e) => e.uid === 0) ?? { name: "root", uid: 0, gid: 0, home: "/root" };
  const targets: KubeconfigTarget[] = [
    { user: root.name, path: `${root.home.replace(/\/+$/, "")}/.kube/config`, uid: 0, gid: root.gid },
  ];
  const sudo = sudoUser ? passwd.find((e) => e.name === sudoUser) : undefined;
  if (sudo && sudo.uid !== 0) {
    targets.push({
      user: sudo.name,
      path: `${sudo.home.replace(/\/+$/, "")}/.kube/config`,
      uid: sudo.uid,
      gid: sudo.gid,
    });
  }
  return targets;
}
