import { describe, expect, it } from "vitest";
import { runCli } from "../fakes/ports.js";

const BASE = ["config", "--yes", "--k8s-version", "v1.33.2", "--advertise-address", "192.168.10.11"];

describe("HA endpoint validation (exit 2, one line, before anything)", () => {
  it.each([
    [["--lb", "kube-vip", "--vip-interface", "eth0"], /--lb kube-vip needs a shared endpoint/],
    [
      ["--control-plane-endpoint", "api.example:6443", "--lb", "kube-vip", "--vip-interface", "eth0"],
      /serves a virtual IP, but the endpoint host "api\.example" is a name/,
    ],
    [
      ["--control-plane-endpoint", "192.168.10.11:6443", "--lb", "kube-vip", "--vip-interface", "eth0"],
      /the VIP 192\.168\.10\.11 is this node's own address/,
    ],
    [
      ["--control-plane-endpoint", "192.168.10.100:8443", "--lb", "kube-vip", "--vip-interface", "eth0"],
      /API server's own port 6443, not 8443/,
    ],
    [
      ["--control-plane-endpoint", "192.168.10.100:6443", "--lb", "kube-vip"],
      /needs the interface that carries the VIP/,
    ],
    [["--control-plane-endpoint", "api.example:6443", "--lb", "haproxy"], /endpoint needs its own port/],
    [
      ["--control-plane-endpoint", "api.example:6443", "--vip-interface", "eth0"],
      /--vip-interface only applies with --lb kube-vip/,
    ],
    [
      ["--control-plane-endpoint", "api.example:8443", "--lb", "haproxy", "--lb-backends", "cp-2"],
      /backend "cp-2" is not an IP/,
    ],
    [["--control-plane-endpoint", "api.example:8443", "--lb", "round-robin"], /round-robin/],
  ])("%j", async (args, message) => {
    const r = await runCli([...BASE, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
  });

  it("the fix says which flag to add", async () => {
    const noEndpoint = await runCli([...BASE, "--lb", "kube-vip", "--vip-interface", "eth0"]);
    expect(noEndpoint.stderr).toMatch(/Fix: add --control-plane-endpoint HOST:PORT/);
    const noIf = await runCli([
      ...BASE,
      "--control-plane-endpoint",
      "192.168.10.100:6443",
      "--lb",
      "kube-vip",
    ]);
    expect(noIf.stderr).toMatch(/Fix: add --vip-interface with the interface of the VIP's subnet/);
  });

  it("valid kube-vip and haproxy set-ups pass", async () => {
    for (const args of [
      ["--control-plane-endpoint", "192.168.10.100:6443", "--lb", "kube-vip", "--vip-interface", "eth0"],
      [
        "--control-plane-endpoint",
        "api.example:8443",
        "--lb",
        "haproxy",
        "--lb-backends",
        "192.168.10.11,192.168.10.12",
      ],
    ]) {
      const r = await runCli([...BASE, ...args]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("controlPlaneEndpoint:");
    }
  });
});
