/**
 * Commands over the Context's ports, each with its fake (no socket, no sshd, no real prompt):
 * ctx.tempDirs (token's secret file, images' scratch config), ctx.fetch (images check),
 * ctx.ssh + Prompter.password (remove-node with --ask-password). The kube port has its own
 * command tests (cni-wait, doctor); test/release/lazy.test.ts checks the production wiring is lazy.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { localFiles } from "../../src/host/files.js";
import type { RunOptions } from "../../src/host/runner.js";
import { clientNodeKubeClients, lazySsh2 } from "../../src/ports.js";
import type { ExecOptions, SshSession, SshTarget, SshTransport } from "../../src/ssh/transport.js";
import { fakeFetch, recordingTempDirs, runCli, ScriptedPrompter } from "../fakes/ports.js";
import { FakeRunner, NOT_FOUND } from "../fakes/runner.js";

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

function put(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const JOIN = `kubeadm join 10.0.0.10:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:${"a".repeat(64)}`;

/** A FakeRunner that also lets the test look at each call as it runs (files that exist only then). */
function watchingRunner(
  replies: ConstructorParameters<typeof FakeRunner>[0],
  see: (argv: readonly string[], opts: RunOptions) => void,
  unscripted = {},
  root?: string,
): FakeRunner {
  const runner = new FakeRunner(replies, false, unscripted, root);
  const run = runner.run.bind(runner);
  runner.run = async (argv, opts) => {
    see(argv, opts ?? {});
    return run(argv, opts);
  };
  return runner;
}

describe("ctx.tempDirs", () => {
  it("token --control-plane: the certificate key is in a 0600 file of a fresh dir under <root>/run, gone afterwards", async () => {
    const root = tempDir("kadm-ports-token-");
    put(root, { "/etc/kubernetes/admin.conf": "apiVersion: v1\nkind: Config\n" });
    const temp = recordingTempDirs(tempDir("kadm-ports-scratch-"));
    let seen: { file: string; mode: number; dirMode: number; text: string } | undefined;
    const runner = watchingRunner(
      {
        "/usr/bin/kubeadm version -o short": { stdout: "v1.33.2\n" },
        "/usr/bin/kubeadm token create --print-join-command": { stdout: `${JOIN}\n` },
      },
      (argv) => {
        const i = argv.indexOf("--config");
        if (argv[1] !== "init" || i < 0) return;
        const file = argv[i + 1] as string;
        seen = {
          file,
          mode: statSync(file).mode & 0o777,
          dirMode: statSync(dirname(file)).mode & 0o777,
          text: readFileSync(file, "utf8"),
        };
      },
      {},
      root,
    );
    const r = await runCli(["token", "--control-plane", "--root", root], {
      overrides: { runner: () => runner, tempDirs: temp },
    });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expect(seen).toBeDefined();
    const s = seen as NonNullable<typeof seen>;
    expect(temp.created).toEqual([dirname(s.file)]);
    expect(dirname(s.file)).toMatch(new RegExp(`^${join(root, "run")}/kadm-wizard-`));
    expect([s.mode, s.dirMode]).toEqual([0o600, 0o700]);
    expect(s.text).toContain("certificateKey:");
    expect(temp.removed).toEqual(temp.created);
    expect(existsSync(dirname(s.file))).toBe(false);
    // the key reached no argv
    const key = /certificateKey: "?([0-9a-f]{64})/.exec(s.text)?.[1] as string;
    expect(runner.calls.some((c) => c.argv.join(" ").includes(key))).toBe(false);
  });

  it("token --control-plane: the dir is removed when kubeadm fails too", async () => {
    const root = tempDir("kadm-ports-token-fail-");
    put(root, { "/etc/kubernetes/admin.conf": "apiVersion: v1\nkind: Config\n" });
    const temp = recordingTempDirs(tempDir("kadm-ports-scratch-"));
    const runner = watchingRunner({}, () => {}, {
      exitCode: 1,
      stderr: "error execution phase upload-certs\n",
    });
    const r = await runCli(["token", "--control-plane", "--root", root], {
      overrides: { runner: () => runner, tempDirs: temp },
    });
    expect(r.code).toBe(1);
    expect(temp.created).toHaveLength(1);
    expect(temp.removed).toEqual(temp.created);
    expect(existsSync(temp.created[0] as string)).toBe(false);
  });
});

describe("ctx.fetch: images check", () => {
  const REPO = "127.0.0.1:5000/google_containers";
  const args = ["images", "check", "--k8s-version", "v1.33.2", "--cni", "none", "--image-repository", REPO];
  const quiet = () => new FakeRunner({}, false, NOT_FOUND);

  it("asks the registry for each image's manifest through the port; all there: exit 0", async () => {
    const registry = fakeFetch((url, init) =>
      url.pathname.startsWith("/v2/google_containers/") && init.method === "HEAD"
        ? new Response(null, {
            status: 200,
            headers: {
              "Docker-Content-Digest": `sha256:${"b".repeat(64)}`,
              "Content-Type": "application/vnd.oci.image.index.v1+json",
            },
          })
        : undefined,
    );
    const r = await runCli(args, { overrides: { runner: quiet, fetch: registry.fetch } });
    expect(r.code, r.stderr).toBe(0);
    expect(registry.urls).toContain(
      "http://127.0.0.1:5000/v2/google_containers/kube-apiserver/manifests/v1.33.2",
    );
    expect(registry.urls.every((u) => u.startsWith("http://127.0.0.1:5000/v2/"))).toBe(true);
    expect(r.stdout).toMatch(/all \d+ images are available/i);
  });

  it("a missing image is named with the registry's answer; exit 1; in Chinese too", async () => {
    const registry = fakeFetch((url) =>
      url.pathname.includes("/coredns/")
        ? new Response(
            JSON.stringify({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }),
            {
              status: 404,
              headers: { "Content-Type": "application/json" },
            },
          )
        : new Response(null, {
            status: 200,
            headers: { "Docker-Content-Digest": `sha256:${"c".repeat(64)}` },
          }),
    );
    const r = await runCli(args, { overrides: { runner: quiet, fetch: registry.fetch } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/coredns.*MANIFEST_UNKNOWN|MANIFEST_UNKNOWN.*coredns/);
    const zh = await runCli([...args, "--lang", "zh"], {
      overrides: { runner: quiet, fetch: registry.fetch },
    });
    expect(zh.code).toBe(1);
    expect(zh.stdout).toMatch(/缺失 .*coredns/);
  });
});

/** Records what remove-node sends over SSH; every script succeeds. */
class RecordingSsh implements SshTransport {
  readonly targets: SshTarget[] = [];
  readonly scripts: string[] = [];
  async connect(target: SshTarget): Promise<SshSession> {
    this.targets.push(target);
    return {
      exec: async (command: string, o: ExecOptions = {}) => {
        this.scripts.push(`${command}\n${o.stdin ?? ""}`);
        return { exitCode: 0, stdout: "", stderr: "", timedOut: false };
      },
      connectUnix: async () => ({ ok: false, timedOut: false, message: "not in this fake" }),
      connectTcp: async () => ({ ok: false, timedOut: false, message: "not in this fake" }),
      openTcp: () => Promise.reject(new Error("not in this fake")),
      close: () => {},
    };
  }
}

describe("ctx.ssh and Prompter.password: remove-node --ask-password", () => {
  const argv = (root: string) => [
    "remove-node",
    "worker-1",
    "--host",
    "root@10.0.0.21",
    "--ask-password",
    "--root",
    root,
  ];
  const env = (home: string) => ({ LANG: "en_US.UTF-8", HOME: home });

  it("asks the password once through the prompter and connects with it; kubectl through the runner", async () => {
    const root = tempDir("kadm-ports-rm-");
    const ssh = new RecordingSsh();
    const prompter = new ScriptedPrompter([true, "s3cret"]);
    const runner = new FakeRunner();
    const r = await runCli(argv(root), {
      tty: true,
      env: env(root),
      overrides: { ssh: () => ssh, prompter, runner: () => runner },
    });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    // the removal is confirmed first, then the password asked (before anything is done)
    expect(prompter.asked.map((q) => q.kind)).toEqual(["confirm", "password"]);
    expect(prompter.asked[1]?.message).toBe("SSH password for root@10.0.0.21");
    expect(ssh.targets).toMatchObject([{ host: "10.0.0.21", user: "root", password: "s3cret" }]);
    expect(ssh.scripts.some((x) => x.includes("kubeadm") && x.includes("reset"))).toBe(true);
    expect(runner.calls.map((c) => c.argv[3])).toEqual(["drain", "delete"]);
    // the password is on no command line
    expect(runner.calls.some((c) => c.argv.join(" ").includes("s3cret"))).toBe(false);
  });

  it("the question is in Chinese with --lang zh", async () => {
    const root = tempDir("kadm-ports-rm-zh-");
    const prompter = new ScriptedPrompter([true, "pw"]);
    const r = await runCli([...argv(root), "--lang", "zh"], {
      tty: true,
      env: env(root),
      overrides: { ssh: () => new RecordingSsh(), prompter, runner: () => new FakeRunner() },
    });
    expect(r.code).toBe(0);
    expect(prompter.asked[1]?.message).toBe("root@10.0.0.21 的 SSH 密码");
  });

  it("Ctrl-C at the password: exit 130, nothing connected, nothing run", async () => {
    const root = tempDir("kadm-ports-rm-cancel-");
    const ssh = new RecordingSsh();
    const runner = new FakeRunner();
    const r = await runCli(argv(root), {
      tty: true,
      env: env(root),
      overrides: {
        ssh: () => ssh,
        prompter: new ScriptedPrompter([true, { cancel: true }]),
        runner: () => runner,
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^\S*error: \S*interrupted/); // red on a terminal
    expect(r.stderr).not.toContain("internal error");
    expect(ssh.targets).toEqual([]);
    expect(runner.calls).toEqual([]);
  });
});

describe("the production adapters", () => {
  it("are the real ones behind the lazy wrappers: client-node's own kubeconfig search, ssh2's own refusal", async () => {
    const home = tempDir("kadm-ports-home-");
    const kube = clientNodeKubeClients({ root: home, env: { HOME: home } });
    await expect(kube.fromKubeconfig()).rejects.toMatchObject({ reason: "config" });
    // A port that was just free: ssh2 gets "connection refused" and the adapter classifies it.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    const ssh = lazySsh2({ knownHostsPath: join(home, "known_hosts"), acceptNew: false, files: localFiles });
    await expect(ssh.connect({ host: "127.0.0.1", port, user: "root", password: "x" })).rejects.toMatchObject(
      {
        name: "SshError",
        reason: "refused",
      },
    );
  });
});
