import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../fakes/ports.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kadm-addnode-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const JOIN = `kubeadm join 10.0.0.10:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:${"a".repeat(64)}`;

describe("add-node bad input: one line per problem, exit 2, nothing done", () => {
  it("names the inventory file, the key and the problem", async () => {
    const inv = join(dir, "hosts.yaml");
    writeFileSync(inv, "hosts:\n  - host: 10.0.0.1\n    port: 99999\n  - host: 10.0.0.2\n    rol: worker\n");
    const root = join(dir, "root");
    const r = await runCli(["add-node", "--inventory", inv, "--root", root, "--join-command", JOIN]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `error: ${inv}: hosts[0].port: port 99999 is not 1-65535. Fix: correct the inventory entry`,
    );
    expect(r.stderr).toContain(`error: ${inv}: hosts[1].rol: unknown key "rol"`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(() => readdirSync(root)).toThrow();
  });

  it("refuses a missing password variable before connecting, without printing any secret", async () => {
    const r = await runCli(
      [
        "add-node",
        "10.0.0.1",
        "--password-env",
        "NOPE_PW",
        "--root",
        join(dir, "r"),
        "--join-command",
        JOIN,
        "--profile",
        "upstream",
      ],
      {
        env: { LANG: "zh_CN.UTF-8", HOME: dir },
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("环境变量 NOPE_PW（passwordEnv）未设置");
    expect(r.stderr).not.toContain("0123456789abcdef");
  });

  it("needs hosts, a join command and a sane concurrency", async () => {
    expect((await runCli(["add-node", "--root", dir])).stderr).toContain("no hosts to join");
    expect((await runCli(["add-node", "h1", "--ssh-concurrency", "0", "--root", dir])).stderr).toContain(
      "--ssh-concurrency",
    );
    const noJoin = await runCli(["add-node", "h1", "--root", dir]);
    expect(noJoin.code).toBe(2);
    expect(noJoin.stderr).toContain("no join command");
  });

  it("--dry-run prints the plan with the token redacted and connects to nothing", async () => {
    const r = await runCli(
      [
        "add-node",
        "10.0.0.1",
        "--dry-run",
        "--root",
        dir,
        "--join-command",
        JOIN,
        "--profile",
        "upstream",
        "--k8s-version",
        "v1.33.2",
      ],
      {
        env: { LANG: "en_US.UTF-8", HOME: dir },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Would join 1 host over SSH");
    expect(r.stdout).toContain("kubeadm join 10.0.0.10:6443 --token abcdef.****************");
    expect(r.stdout).not.toContain("0123456789abcdef");
  });
});
