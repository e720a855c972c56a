/** The pure parts of the day-2 jobs: endpoints from manifests, the served-certificate verdict, HA restore arguments, pruning, timer units. */
import { describe, expect, it } from "vitest";
import { judgeServed, selfSignedStart } from "../../src/certs/renew.js";
import type { CertFacts } from "../../src/certs/x509.js";
import { componentEndpoint } from "../../src/controlplane/static-pods.js";
import { backupsToPrune } from "../../src/etcd/backup.js";
import { parseSha256, parseSnapshotStatus } from "../../src/etcd/etcdctl.js";
import { mergeMembers, parseInitialCluster, parseMemberList, restoreArgs } from "../../src/etcd/restore.js";
import { renderTimerUnits } from "../../src/host/systemd-timer.js";

const facts = (o: Partial<CertFacts>): CertFacts => ({
  subject: "",
  commonName: "",
  issuer: "",
  notBefore: new Date("2026-01-01T00:00:00Z"),
  notAfter: new Date("2027-01-01T00:00:00Z"),
  isCa: false,
  fingerprint: "AA",
  ...o,
});

describe("componentEndpoint", () => {
  it("reads kubeadm's flags, defaults to kubeadm's ports, dials 127.0.0.1 for wildcard binds", () => {
    expect(componentEndpoint("kube-apiserver", new Map())).toEqual({ host: "127.0.0.1", port: 6443 });
    expect(
      componentEndpoint(
        "kube-apiserver",
        new Map([
          ["secure-port", "8443"],
          ["bind-address", "0.0.0.0"],
        ]),
      ),
    ).toEqual({ host: "127.0.0.1", port: 8443 });
    expect(componentEndpoint("kube-scheduler", new Map([["bind-address", "127.0.0.1"]]))).toEqual({
      host: "127.0.0.1",
      port: 10259,
    });
    expect(componentEndpoint("kube-controller-manager", new Map())).toEqual({
      host: "127.0.0.1",
      port: 10257,
    });
    const etcd = new Map([["listen-client-urls", "https://10.0.0.5:2379,https://127.0.0.1:2379"]]);
    expect(componentEndpoint("etcd", etcd)).toEqual({ host: "127.0.0.1", port: 2379 });
    expect(componentEndpoint("etcd", new Map([["listen-client-urls", "https://[::1]:3379"]]))).toEqual({
      host: "::1",
      port: 3379,
    });
  });
});

describe("judgeServed", () => {
  const since = new Date("2026-06-01T12:00:00.500Z");
  it("a file expectation compares fingerprints", () => {
    const file = facts({ fingerprint: "NEW" });
    expect(
      judgeServed({ ok: true, facts: facts({ fingerprint: "NEW" }) }, { kind: "file", path: "/x" }, file)
        .effective,
    ).toBe(true);
    const old = judgeServed(
      { ok: true, facts: facts({ fingerprint: "OLD" }) },
      { kind: "file", path: "/x" },
      file,
    );
    expect(old.effective).toBe(false);
    expect(old.file).toBe(file);
    expect(
      judgeServed({ ok: false, error: "ECONNREFUSED" }, { kind: "file", path: "/x" }, file),
    ).toMatchObject({ effective: false, error: "ECONNREFUSED" });
  });
  it("a self-signed certificate must be made by a process started in or after the restart's second", () => {
    const at = (s: number) => facts({ commonName: `localhost@${s}` });
    const t = Math.floor(since.getTime() / 1000);
    expect(
      judgeServed({ ok: true, facts: at(t) }, { kind: "started-after", since }, undefined).effective,
    ).toBe(true);
    expect(
      judgeServed({ ok: true, facts: at(t - 1) }, { kind: "started-after", since }, undefined).effective,
    ).toBe(false);
    // No CN timestamp: client-go backdates NotBefore by an hour.
    expect(selfSignedStart(facts({ notBefore: new Date("2026-06-01T11:00:00Z") }))).toEqual(
      new Date("2026-06-01T12:00:00Z"),
    );
  });
});

describe("etcd helpers", () => {
  it("restores every member with its own name and the whole initial cluster", () => {
    const members = parseInitialCluster("cp1=https://10.0.0.1:2380,cp2=https://10.0.0.2:2380");
    expect(members).toEqual([
      { name: "cp1", peerUrl: "https://10.0.0.1:2380" },
      { name: "cp2", peerUrl: "https://10.0.0.2:2380" },
    ]);
    expect(restoreArgs("/b/snapshot.db", "/var/lib/etcd.new", members[1] as never, members)).toEqual([
      "snapshot",
      "restore",
      "/b/snapshot.db",
      "--data-dir=/var/lib/etcd.new",
      "--name=cp2",
      "--initial-cluster=cp1=https://10.0.0.1:2380,cp2=https://10.0.0.2:2380",
      "--initial-advertise-peer-urls=https://10.0.0.2:2380",
    ]);
  });
  it("the whole membership is the union of kubeadm's per-join --initial-cluster lists and the live member list", () => {
    // kubeadm: the first control plane lists itself, each joined one the members at its join.
    const cp1 = parseInitialCluster("cp1=https://10.0.0.1:2380");
    const cp3 = parseInitialCluster(
      "cp1=https://10.0.0.1:2380,cp2=https://10.0.0.2:2380,cp3=https://10.0.0.3:2380",
    );
    expect(mergeMembers(cp1, cp3).map((m) => m.name)).toEqual(["cp1", "cp2", "cp3"]);
    const live = parseMemberList(
      JSON.stringify({
        header: { cluster_id: 1 },
        members: [
          { ID: 1, name: "cp1", peerURLs: ["https://10.0.0.1:2380"], clientURLs: ["https://10.0.0.1:2379"] },
          { ID: 4, name: "cp4", peerURLs: ["https://10.0.0.4:2380"] },
          // Added but not started yet: no name, nothing to restore as.
          { ID: 5, peerURLs: ["https://10.0.0.5:2380"] },
        ],
      }),
    );
    expect(live).toEqual([
      { name: "cp1", peerUrl: "https://10.0.0.1:2380" },
      { name: "cp4", peerUrl: "https://10.0.0.4:2380" },
    ]);
    expect(mergeMembers(cp1, live ?? []).map((m) => m.name)).toEqual(["cp1", "cp4"]);
    expect(parseMemberList("Error: context deadline exceeded")).toBeUndefined();
  });
  it("prunes only our backups, oldest first", () => {
    const names = [
      "etcd-20260101T000000Z",
      "etcd-20260103T000000Z",
      "etcd-20260103T000000Z-2",
      "notes.txt",
      "etcd-20260102T000000Z",
    ];
    expect(backupsToPrune(names, 2)).toEqual(["etcd-20260102T000000Z", "etcd-20260101T000000Z"]);
  });
  it("reads sha256sum and snapshot status output", () => {
    expect(parseSha256(`${"a".repeat(64)}  /x/snapshot.db\n`)).toBe("a".repeat(64));
    expect(parseSha256("sha256sum: /x: No such file")).toBeUndefined();
    expect(parseSnapshotStatus('{"hash":1,"revision":12,"totalKey":7,"totalSize":20480}')).toEqual({
      hash: 1,
      revision: 12,
      totalKey: 7,
    });
    expect(parseSnapshotStatus("Error: invalid database")).toBeUndefined();
  });
});

describe("renderTimerUnits", () => {
  it("a daily, persistent timer and a oneshot service with the argv quoted for systemd", () => {
    const u = renderTimerUnits({
      name: "kadm-wizard-x",
      description: "d",
      command: ["/usr/bin/node", "/opt/k w/bin.js", "certs"],
    });
    expect(u.service).toContain("Type=oneshot");
    expect(u.service).toContain("ExecStart=/usr/bin/node '/opt/k w/bin.js' certs");
    expect(u.timer).toContain("OnCalendar=daily");
    expect(u.timer).toContain("Persistent=true");
    expect(u.timer).toContain("WantedBy=timers.target");
  });
});
