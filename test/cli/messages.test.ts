/**
 * Messages that name the right thing (issue 14): through the CLI, the exit code and the exact lines.
 * Each case is one of a class: every host:port is bracketed for IPv6, every node name goes through
 * the one validator, a mistyped IPv4 is never a host name, an invalid value is never its own fix,
 * an inventory's problems are bounded, and every problem of a command line is named at once.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../fakes/ports.js";

let dir: string;
let root: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kadm-messages-"));
  root = join(dir, "root");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = "7k3x9q.4p2m8n5r1t6v0w3y";
const HASH = `sha256:${"3f".repeat(32)}`;
const PASTE_HINT =
  "Fix: paste the command exactly as `kadm-wizard init` or `kubeadm token create --print-join-command` printed it; `kadm-wizard token` on the control plane prints a fresh one";

/** stderr as lines, without empty ones. */
const lines = (s: string) => s.split("\n").filter((l) => l.trim() !== "");

async function refused(args: string[], lang?: "zh") {
  const r = await runCli([...args, "--root", root, ...(lang ? ["--lang", lang] : [])]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toMatch(/\n\s+at /);
  // Nothing was written on the "host".
  expect(() => readdirSync(root)).toThrow();
  return lines(r.stderr);
}

describe("IPv6 endpoints are written with brackets, never as ADDR:PORT:PORT", () => {
  it.each([
    ["a pasted kubeadm join", ["join", "kubeadm", "join", "::1:6443"]],
    ["a pasted line without the program", ["join", "::1:6443"]],
  ])("%s with ::1:6443 says [::1]:6443", async (_name, words) => {
    const out = await refused([
      ...words,
      "--token",
      TOKEN,
      "--discovery-token-ca-cert-hash",
      HASH,
      "--dry-run",
    ]);
    expect(out).toEqual([
      `error: The endpoint "::1:6443" is an IPv6 address without brackets, so it has no port; write it as [::1]:6443. ${PASTE_HINT}`,
    ]);
  });

  it("--endpoint with a bare IPv6 says how to write it; one without a port gets [ADDR]:6443", async () => {
    const base = ["join", "--token", TOKEN, "--ca-cert-hash", HASH, "--dry-run", "--yes"];
    expect(await refused([...base, "--endpoint", "fd00::1:6443"])).toEqual([
      'error: API server endpoint to join "fd00::1:6443" is an IPv6 address without brackets, so it has no port; write it as [fd00::1]:6443. Fix: correct --endpoint (or "join.apiServerEndpoint" in the answers file); see `kadm-wizard config --help`',
    ]);
    expect((await refused([...base, "--endpoint", "fd00::10"]))[0]).toContain("write it as [fd00::10]:6443.");
    expect((await refused([...base, "--endpoint", "[fd00::10]"]))[0]).toContain(
      'API server endpoint to join "[fd00::10]" needs a port, e.g. [fd00::10]:6443.',
    );
  });

  it("init with a bare IPv6 control-plane endpoint prints [ADDR]:6443 as the endpoint to join", async () => {
    const r = await runCli([
      "init",
      "--dry-run",
      "--yes",
      "--k8s-version",
      "v1.33.2",
      "--advertise-address",
      "fd00::2",
      "--pod-subnet",
      "fd00:10::/56",
      "--service-subnet",
      "fd00:20::/108",
      "--cni",
      "calico",
      "--control-plane-endpoint",
      "fd00::10",
      "--root",
      root,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toContain("  API endpoint: https://[fd00::10]:6443");
    expect(r.stdout).toContain("kadm-wizard join --endpoint [fd00::10]:6443 --token ");
  });

  it("an SSH connection refused on ::1 names [::1]:PORT", async () => {
    const closed = createServer();
    await new Promise<void>((res) => closed.listen(0, "::1", res));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((res) => closed.close(() => res()));
    const join_ = `kubeadm join 10.0.0.10:6443 --token ${TOKEN} --discovery-token-ca-cert-hash ${HASH}`;
    const r = await runCli(
      [
        "add-node",
        `[::1]:${port}`,
        "--join-command",
        join_,
        "--password-env",
        "KADM_TEST_PW",
        "--known-hosts",
        join(dir, "known_hosts"),
        "--k8s-version",
        "v1.33.2",
        "--root",
        root,
      ],
      { env: { LANG: "en_US.UTF-8", HOME: dir, KADM_TEST_PW: "x" } },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`[::1]:${port}: connection refused (is sshd running, is the port right?)`);
    // never the unbracketed ::1:PORT, which reads as an address
    expect(r.stdout + r.stderr).not.toMatch(new RegExp(`(^|[^[])::1:${port}\\b`, "m"));
  });

  it("in Chinese too", async () => {
    const out = await refused(
      ["join", "kubeadm", "join", "::1:6443", "--token", TOKEN, "--discovery-token-ca-cert-hash", HASH],
      "zh",
    );
    expect(out[0]).toMatch(
      /^错误：端点 "::1:6443" 是未加方括号的 IPv6 地址，因此没有端口；请写成 \[::1\]:6443。 解决方法：/,
    );
  });
});

describe("digits and dots that are no IPv4 address are an invalid address, never a host name", () => {
  it("add-node names each one as an invalid IPv4 address, before any log-in is tried", async () => {
    const out = await refused(["add-node", "999.1.1.1", "10.0.0", "1.2.3.4.5", "10.0.0:2222"]);
    const hint =
      "Fix: give each host as HOST, HOST:PORT, [IPv6]:PORT or user@HOST, e.g. 10.0.0.21 or admin@10.0.0.21:2222";
    expect(out).toEqual([
      `error: add-node HOST: 1: "999.1.1.1" is not a valid IPv4 address (four numbers 0-255 separated by dots). ${hint}`,
      'error: add-node HOST: 2: "10.0.0" is not a valid IPv4 address (four numbers 0-255 separated by dots).',
      'error: add-node HOST: 3: "1.2.3.4.5" is not a valid IPv4 address (four numbers 0-255 separated by dots).',
      'error: add-node HOST: 4: "10.0.0:2222" is not a valid IPv4 address (four numbers 0-255 separated by dots).',
    ]);
  });

  it("a lone --workers value needs no position; a join endpoint says the same", async () => {
    expect(await refused(["add-node", "--workers", "999.1.1.1"])).toEqual([
      'error: --workers: "999.1.1.1" is not a valid IPv4 address (four numbers 0-255 separated by dots). Fix: give each host as HOST, HOST:PORT, [IPv6]:PORT or user@HOST, e.g. 10.0.0.21 or admin@10.0.0.21:2222',
    ]);
    const join_ = await refused([
      "join",
      "kubeadm",
      "join",
      "999.1.1.1:6443",
      "--token",
      TOKEN,
      "--discovery-token-ca-cert-hash",
      HASH,
    ]);
    expect(join_).toEqual([
      `error: The endpoint "999.1.1.1:6443" is not a valid IPv4 address (four numbers 0-255 separated by dots, then :PORT). ${PASTE_HINT}`,
    ]);
  });

  it("a certificate SAN of digits and dots is refused too", async () => {
    const out = await refused([
      "init",
      "--dry-run",
      "--yes",
      "--k8s-version",
      "v1.33.2",
      "--advertise-address",
      "192.0.2.10",
      "--cert-sans",
      "10.0.0",
    ]);
    expect(out[0]).toContain('certificate SAN "10.0.0" is neither an IP address nor a DNS name.');
  });
});

describe("remove-node blames the argument that is wrong", () => {
  it("an invalid NAME is named as a node name, with a valid suggestion", async () => {
    expect(await refused(["remove-node", "Bad_Name!", "--yes"])).toEqual([
      `error: node name "Bad_Name!" is not a DNS-1123 name: use lowercase letters, digits, '-' and '.', at most 253 characters, starting and ending with a letter or digit. Fix: did you mean kadm-wizard remove-node bad-name? (the name \`kubectl get nodes\` lists)`,
    ]);
  });

  it("two names, or none, are said as such", async () => {
    expect(await refused(["remove-node", "w1", "w2", "--yes"])).toEqual([
      "error: remove-node removes one node at a time; got 2 names: w1, w2. Fix: run it once per node: kadm-wizard remove-node w1",
    ]);
    expect(await refused(["remove-node", "--yes"])).toEqual([
      "error: remove-node needs the name of the node to remove. Fix: give the name `kubectl get nodes` lists, e.g. kadm-wizard remove-node worker-3",
    ]);
  });

  it("a bad --host is named as --host (not --workers), together with a missing name", async () => {
    expect(await refused(["remove-node", "worker-1", "--host", "bad host!", "--yes"])).toEqual([
      'error: --host: "bad host!" is not HOST, HOST:PORT or user@HOST. Fix: give each host as HOST, HOST:PORT, [IPv6]:PORT or user@HOST, e.g. 10.0.0.21 or admin@10.0.0.21:2222',
    ]);
    const both = await refused(["remove-node", "--host", "bad host!", "--yes"]);
    expect(both).toEqual([
      "error: remove-node needs the name of the node to remove. Fix: give the name `kubectl get nodes` lists, e.g. kadm-wizard remove-node worker-3",
      'error: --host: "bad host!" is not HOST, HOST:PORT or user@HOST. Fix: give each host as HOST, HOST:PORT, [IPv6]:PORT or user@HOST, e.g. 10.0.0.21 or admin@10.0.0.21:2222',
    ]);
    expect(await refused(["remove-node", "worker-1", "--host", "10.0.0.5,10.0.0.6", "--yes"])).toEqual([
      "error: --host takes one host (the node's), got 2: 10.0.0.5,10.0.0.6. Fix: e.g. --host 10.0.0.21 or --host admin@10.0.0.21:2222",
    ]);
  });

  it("in Chinese too", async () => {
    const out = await refused(["remove-node", "w1", "w2", "--yes"], "zh");
    expect(out).toEqual([
      "错误：remove-node 一次只移除一个节点；收到了 2 个节点名：w1、w2。 解决方法：请每个节点运行一次：kadm-wizard remove-node w1",
    ]);
  });
});

describe("an invalid node name is shown as given and never offered as its own fix", () => {
  const init = (name: string) => [
    "init",
    "--dry-run",
    "--yes",
    "--k8s-version",
    "v1.33.2",
    "--advertise-address",
    "192.0.2.10",
    "--node-name",
    name,
  ];

  it("a 64-character part: the name in full (no <redacted>), the part named, a fix that is valid", async () => {
    const long = "a".repeat(64);
    const out = await refused(init(`${long}.example`));
    expect(out).toEqual([
      `error: node name "${long}.example" is not a DNS-1123 name: each part between dots is at most 63 characters (part 1 has 64). Fix: pass --node-name ${"a".repeat(63)}.example`,
    ]);
  });

  it("a name nothing valid comes out of gets an example instead", async () => {
    expect(await refused(init("___"))).toEqual([
      `error: node name "___" is not a DNS-1123 name: use lowercase letters, digits, '-' and '.', at most 253 characters, starting and ending with a letter or digit. Fix: pass a valid --node-name, e.g. --node-name worker-1`,
    ]);
  });

  it("a hex part that looks like a certificate key is still not redacted inside a name", async () => {
    const hex = "ab12".repeat(16);
    const out = await refused(init(`${hex}.example`));
    expect(out[0]).toContain(`"${hex}.example"`);
    expect(out[0]).not.toContain("<redacted>");
  });
});

describe("a broken inventory: one line per problem, bounded, no parser dump", () => {
  it("thirty bad hosts print five lines and how many more", async () => {
    const inv = join(dir, "hosts.yaml");
    writeFileSync(
      inv,
      `hosts:\n${Array.from({ length: 30 }, (_, i) => `  - host: bad_host_${i}\n`).join("")}`,
    );
    const out = await refused(["add-node", "--inventory", inv]);
    expect(out).toHaveLength(6);
    expect(out[0]).toBe(
      `error: ${inv}: hosts[0].host: "bad_host_0" is not HOST, HOST:PORT or user@HOST. Fix: correct the inventory entry named above (README: add-node), then run the same command again`,
    );
    expect(out[5]).toBe(`error: ${inv}: and 25 more problems (fix the ones above first).`);
  });

  it("a YAML syntax error is one line with its position, not js-yaml's snippet", async () => {
    const inv = join(dir, "hosts.yaml");
    writeFileSync(inv, "hosts:\n  - host: 10.0.0.1\n   port: 22\n  bad: [\n");
    expect(await refused(["add-node", "--inventory", inv])).toEqual([
      `error: ${inv}: not valid YAML at line 3, column 4 (bad indentation of a sequence entry). Fix: correct the inventory entry named above (README: add-node), then run the same command again`,
    ]);
  });

  it("an unknown key lists the keys known at that place; a huge value is cut", async () => {
    const inv = join(dir, "hosts.yaml");
    const big = "x".repeat(500);
    writeFileSync(
      inv,
      `hostz: []\ndefaults: { zone: a }\nhosts:\n  - host: 10.0.0.1\n    user: { name: "${big}" }\n`,
    );
    const out = await refused(["add-node", "--inventory", inv]);
    expect(out[0]).toBe(
      `error: ${inv}: hostz: unknown key "hostz" (known here: defaults, hosts). Fix: correct the inventory entry named above (README: add-node), then run the same command again`,
    );
    expect(out[1]).toBe(
      `error: ${inv}: defaults.zone: unknown key "zone" (known here: port, user, identityFile, passwordEnv, askPassword, root, env).`,
    );
    expect(out[2]).toMatch(/^error: .*hosts\[0\]\.user: must be a string, got \{"name":"x+\.\.\.\.$/);
    expect((out[2] as string).length).toBeLessThan(inv.length + 120);
  });
});

describe("every problem of a command line at once (exit 2)", () => {
  it("a missing advertise address does not hide the other bad values", async () => {
    const r = await runCli([
      "config",
      "--yes",
      "--k8s-version",
      "v1.33.2",
      "--node-name",
      "Bad_Name!",
      "--pod-subnet",
      "10.244.0.1/16",
      "--bind-port",
      "x",
    ]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      "error: missing required values: --advertise-address. Fix: pass them as flags, put them in an --answers file, or run in a terminal without --yes to be asked",
      'error: --bind-port "x" is not a whole number. Fix: pass a number, e.g. --bind-port 6443',
      `error: node name "Bad_Name!" is not a DNS-1123 name: use lowercase letters, digits, '-' and '.', at most 253 characters, starting and ending with a letter or digit. Fix: pass --node-name bad-name`,
      'error: pod subnet "10.244.0.1/16" has host bits set; the network is 10.244.0.0/16. Fix: use --pod-subnet 10.244.0.0/16',
    ]);
  });

  it("join: a missing token with a bad endpoint and CA hash, all named", async () => {
    const r = await runCli([
      "join",
      "--endpoint",
      "fd00::1:6443",
      "--ca-cert-hash",
      "sha256:nope",
      "--dry-run",
      "--yes",
      "--root",
      root,
    ]);
    expect(r.code).toBe(2);
    const out = lines(r.stderr);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/^error: missing required values: --token\. /);
    expect(out[1]).toContain("write it as [fd00::1]:6443.");
    expect(out[2]).toContain('CA certificate hash "sha256:nope" is not sha256:<64 hex characters>.');
  });

  it("in Chinese too", async () => {
    const r = await runCli([
      "config",
      "--yes",
      "--k8s-version",
      "v1.33.2",
      "--node-name",
      "A_B",
      "--lang",
      "zh",
    ]);
    expect(r.code).toBe(2);
    const out = lines(r.stderr);
    expect(out[0]).toMatch(/^错误：缺少必需的值：--advertise-address。/);
    expect(out[1]).toMatch(/^错误：节点名 "A_B" 不符合 DNS-1123 规范.* 解决方法：请传入 --node-name a-b$/);
  });
});
