import { describe, expect, it } from "vitest";
import { t } from "../../../src/i18n/messages.js";
import {
  emptyHostsState,
  failedAtJoin,
  failedHosts,
  findNode,
  recordOutcomes,
} from "../../../src/ssh/hosts-state.js";
import { hostsFromLists, mergeInventories, parseInventory } from "../../../src/ssh/inventory.js";
import { formatElapsed, renderHostTable } from "../../../src/ssh/summary.js";
import { hostJoinCommand } from "../../../src/workflow/remote-join.js";

describe("inventory file", () => {
  it("applies defaults < flags < per-host values", () => {
    const r = parseInventory(
      "inv.yaml",
      [
        "defaults: { user: ops, port: 2222, identityFile: ~/.ssh/k, env: { HTTPS_PROXY: http://p:3128 } }",
        "hosts:",
        "  - 10.0.0.21",
        "  - host: 10.0.0.12",
        "    role: control-plane",
        "    nodeName: cp-2",
        "    advertiseAddress: 10.0.0.12",
        "    port: 22",
        "    passwordEnv: CP2_PW",
      ].join("\n"),
      { user: "root" },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.hosts.map((h) => [h.id, h.user, h.port, h.role, h.identityFile])).toEqual([
      ["10.0.0.21:2222", "root", 2222, "worker", "~/.ssh/k"],
      ["10.0.0.12", "root", 22, "control-plane", "~/.ssh/k"],
    ]);
    expect(r.hosts[1]).toMatchObject({
      nodeName: "cp-2",
      advertiseAddress: "10.0.0.12",
      passwordEnv: "CP2_PW",
      askPassword: false,
      root: "/",
    });
    expect(r.hosts[0]?.env).toEqual({ HTTPS_PROXY: "http://p:3128" });
  });

  it("names the file, the key and the problem for every mistake", () => {
    const r = parseInventory(
      "inv.yaml",
      [
        "hosts:",
        "  - host: 10.0.0.1",
        "    prot: 22",
        "  - host: 10.0.0.2",
        "    port: 70000",
        "    role: master",
        "    nodeName: Node_1",
        "  - host: 10.0.0.1",
        "  - host: 10.0.0.3",
        "    advertiseAddress: 10.0.0.3",
        "    env: { 'A B': x }",
      ].join("\n"),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => `${p.source} ${p.key} ${p.code}`)).toEqual([
      "inv.yaml hosts[0].prot unknownKey",
      "inv.yaml hosts[1].port badPort",
      "inv.yaml hosts[1].role badRole",
      "inv.yaml hosts[1].nodeName badNodeName",
      "inv.yaml hosts[3].env.A B badEnvName",
      "inv.yaml hosts[3].host.advertiseAddress advertiseWorker",
      "inv.yaml hosts[2] duplicateHost",
    ]);
    for (const p of r.problems)
      expect(t("zh", `ssh.inventory.${p.code}`, { value: p.value ?? "" })).not.toBe("");
  });

  it("refuses YAML errors and shapes", () => {
    expect(parseInventory("f", "hosts: [").ok).toBe(false);
    const r = parseInventory("f", "- a");
    expect(!r.ok && r.problems[0]?.code).toBe("notMapping");
    const e = parseInventory("f", "defaults: {}");
    expect(!e.ok && e.problems[0]).toMatchObject({ key: "hosts", code: "empty" });
  });
});

describe("host lists", () => {
  it("reads user@host:port words, comma lists and roles", () => {
    const r = hostsFromLists(
      [
        { flag: "--workers", role: "worker", values: ["10.0.0.21,ops@10.0.0.22:2200", "[fd00::5]:22"] },
        { flag: "--control-planes", role: "control-plane", values: ["10.0.0.12"] },
      ],
      { user: "root" },
    );
    expect(r.ok && r.hosts.map((h) => `${h.user}@${h.id}/${h.role}`)).toEqual([
      "root@10.0.0.21/worker",
      "ops@10.0.0.22:2200/worker",
      "root@fd00::5/worker",
      "root@10.0.0.12/control-plane",
    ]);
    const bad = hostsFromLists([{ flag: "--workers", role: "worker", values: ["http://x", "a,a"] }], {});
    expect(!bad.ok && bad.problems.map((p) => p.code)).toEqual(["badHost", "duplicateHost"]);
    const a = hostsFromLists([{ flag: "--workers", role: "worker", values: ["h1"] }], {});
    const dup = mergeInventories(a.ok ? a.hosts : [], a.ok ? a.hosts : []);
    expect(dup.ok).toBe(false);
  });
});

describe("hosts state, join command and summary", () => {
  const hosts = hostsFromLists([{ flag: "--workers", role: "worker", values: ["10.0.0.21,10.0.0.22"] }], {});
  const [h1, h2] = hosts.ok ? hosts.hosts : [];
  if (!h1 || !h2) throw new Error("hosts");
  const named = { ...h2, nodeName: "w-2" };

  it("records outcomes; retry picks only failed hosts; leftovers only after a failure at join", () => {
    const s = recordOutcomes(
      emptyHostsState(),
      [
        { host: h1, ok: true, durationMs: 1200 },
        { host: named, ok: false, step: "join", error: "error execution phase preflight", durationMs: 900.4 },
      ],
      new Date("2026-01-01T00:00:00Z"),
    );
    expect(failedHosts(s).map((h) => h.id)).toEqual(["10.0.0.22"]);
    expect(failedHosts(s)[0]).toEqual(named);
    expect(failedAtJoin(s, "10.0.0.22")).toBe(true);
    expect(failedAtJoin(s, "10.0.0.21")).toBe(false);
    expect(findNode(s, "w-2")?.[0]).toBe("10.0.0.22");
    expect(JSON.stringify(s)).not.toMatch(/password"|privateKey/);
    const later = recordOutcomes(s, [{ host: named, ok: true, durationMs: 10 }], new Date());
    expect(failedHosts(later)).toEqual([]);
  });

  it("builds each host's join command with its overrides, quoted", () => {
    const cmd = hostJoinCommand(
      {
        endpoint: "10.0.0.10:6443",
        token: "abcdef.0123456789abcdef",
        caCertHashes: [`sha256:${"a".repeat(64)}`],
        controlPlane: false,
        unknownFlags: ["--node-name=old", "--v=5"],
      },
      named,
      { node: { criSocket: "unix:///run/containerd/containerd.sock" } } as never,
    );
    expect(cmd).toBe(
      `kubeadm join 10.0.0.10:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:${"a".repeat(64)} --v=5 --node-name=w-2 --cri-socket=unix:///run/containerd/containerd.sock`,
    );
  });

  it("renders the table in both languages", () => {
    const rows = [
      { host: h1, ok: true, durationMs: 1500 },
      { host: named, ok: false, step: "connect", error: "refused", durationMs: 65_000 },
    ];
    expect(renderHostTable(rows, "en")).toBe(
      [
        "HOST       ROLE    NODE  RESULT             TIME   ERROR",
        "10.0.0.21  worker  -     joined             1.5s",
        "10.0.0.22  worker  w-2   failed at connect  1m05s  refused",
      ].join("\n"),
    );
    expect(renderHostTable(rows, "zh")).toContain("失败于 connect");
    expect(formatElapsed(250)).toBe("250ms");
  });
});
