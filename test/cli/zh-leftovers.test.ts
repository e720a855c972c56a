import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterEach, describe, expect, it } from "vitest";
import { FAKE_CA_HASH } from "../fakes/kubeadm/fake-kubeadm.mjs";
import { runCli } from "../fakes/ports.js";
import { FakeRunner } from "../fakes/runner.js";
import { type FakeSshHosts, fakeSshHosts } from "../fakes/ssh-transport.js";

/** English left inside `--lang zh` output: each line is asserted whole in zh, and unchanged in en. */
function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "kadm-zh-")), name);
  writeFileSync(path, text);
  return path;
}

const stderrLines = async (argv: string[]) => (await runCli(argv)).stderr.split("\n");

describe("spec files: expected and got kinds are catalogue words", () => {
  it("a list of numbers where a list of strings belongs", async () => {
    const f = file("answers.yaml", "controlPlane:\n  certSANs: [1, 2]\n");
    expect(await stderrLines(["--lang", "zh", "config", "--answers", f, "--yes"])).toContain(
      `错误：${f}：键 "controlPlane.certSANs" 应为字符串列表，实际为列表。 解决方法：请修正 ${f} 后重试`,
    );
    expect(await stderrLines(["--lang", "en", "config", "--answers", f, "--yes"])).toContain(
      `error: ${f}: key "controlPlane.certSANs" must be a list of strings, got a list. Fix: fix ${f} and run again`,
    );
  });

  it("a number where a string belongs, in a profile", async () => {
    const f = file("p.yaml", "name: 3\n");
    expect(await stderrLines(["--lang", "zh", "config", "--profile", f, "--yes"])).toContain(
      `错误：${f}：键 "name" 应为字符串，实际为数字 3。 解决方法：请修正 ${f} 后重试`,
    );
  });

  it("a profile's required names no spec field", async () => {
    const f = file("p.yaml", "name: mine\nrequired: [nope]\n");
    expect(await stderrLines(["--lang", "zh", "config", "--profile", f, "--yes"])).toContain(
      `错误：${f}：键 "required"："nope" 不是 spec 中的字段 解决方法：请修正 ${f} 后重试`,
    );
    expect(await stderrLines(["--lang", "en", "config", "--profile", f, "--yes"])).toContain(
      `error: ${f}: key "required": "nope" is not a spec field Fix: fix ${f} and run again`,
    );
  });

  it("kubeadm import: bootstrapTokens must be a list of mappings", async () => {
    const f = file(
      "k.yaml",
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nbootstrapTokens: [x]\n",
    );
    expect(await stderrLines(["--lang", "zh", "config", "--from-kubeadm-config", f, "--yes"])).toContain(
      `错误：${f}：键 "bootstrapTokens" 应为映射列表，实际为字符串 "x"。 解决方法：请修正 ${f} 后重试`,
    );
    expect(await stderrLines(["--lang", "en", "config", "--from-kubeadm-config", f, "--yes"])).toContain(
      `error: ${f}: key "bootstrapTokens" must be a list of mappings, got string "x". Fix: fix ${f} and run again`,
    );
  });

  it("kubeadm import: a document without kind and extra tokens are named in zh", async () => {
    const f = file(
      "k.yaml",
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nbootstrapTokens:\n- token: k8swiz.0123456789abcdef\n- token: k8swiz.0123456789abcdeg\n- token: k8swiz.0123456789abcdeh\n---\nfoo: bar\n",
    );
    const args = ["config", "--from-kubeadm-config", f, "--advertise-address", "192.168.10.11", "--yes"];
    expect(await stderrLines(["--lang", "zh", ...args])).toContain(
      `已忽略 ${f} 中的以下项（kadm-wizard 无对应设置）：bootstrapTokens[1..2]（另外 2 个令牌）, 第 2 个文档。`,
    );
    expect(await stderrLines(["--lang", "en", ...args])).toContain(
      `ignored in ${f} (no kadm-wizard equivalent): bootstrapTokens[1..2], document 2.`,
    );
  });
});

describe("add-node host failures in zh (fake SSH hosts, real /bin/sh)", () => {
  const joinCmd = `kubeadm join 127.0.0.1:6443 --token k7x2qp.4bz9m1r8c3v6w0ya --discovery-token-ca-cert-hash ${FAKE_CA_HASH}`;
  let ssh: FakeSshHosts;
  afterEach(() => ssh?.cleanup());

  async function addNode(lang: string, host: Record<string, unknown>) {
    const dir = mkdtempSync(join(tmpdir(), "kadm-zh-addnode-"));
    const inv = join(dir, "hosts.yaml");
    writeFileSync(inv, yaml.dump({ defaults: { user: "root", passwordEnv: "NODE_PW" }, hosts: [host] }));
    return runCli(
      ["--lang", lang, "add-node", "--inventory", inv, "--root", join(dir, "cp"), "--profile", "upstream"]
        .concat(["--k8s-version", "v1.33.2", "--join-command", joinCmd])
        .concat([
          "--control-plane-join-command",
          `${joinCmd} --control-plane --certificate-key ${"5e".repeat(32)}`,
        ]),
      {
        env: { LANG: "en_US.UTF-8", HOME: dir, NODE_PW: "pw" },
        overrides: { ssh: ssh.transport, runner: () => new FakeRunner() },
      },
    );
  }

  const put = (root: string, path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it("legacy registry.mirrors in the node's config.toml: the catalogue sentence and hint", async () => {
    ssh = fakeSshHosts(["w-legacy"]);
    const root = ssh.host("w-legacy").root;
    put(
      root,
      "etc/containerd/config.toml",
      'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]\n  endpoint = ["https://m.example"]\n',
    );
    const key = 'plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"';
    const zh = await addNode("zh", { host: "w-legacy", root });
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain(
      `失败于 containerd  ${zh.stdout.match(/失败于 containerd {2}(\S+)/)?.[1]}  /etc/containerd/config.toml 仍在使用已弃用的 ${key}，containerd 不允许它与 config_path 同时存在（"mirrors cannot be set when config_path is provided"），未做任何修改。 请把这些仓库改写到 /etc/containerd/certs.d/<仓库>/hosts.toml（见 containerd docs/hosts.md；kadm-wizard 会根据 registryMirrors 生成），并从 /etc/containerd/config.toml 删除旧的配置段\n`,
    );
    expect(zh.stdout).not.toContain("legacy registry.mirrors");
    const en = await addNode("en", { host: "w-legacy", root });
    expect(en.stdout).toMatch(
      /failed at containerd +\S+ +\/etc\/containerd\/config\.toml still sets the deprecated plugins\."io\.containerd\.grpc\.v1\.cri"\.registry\.mirrors\."docker\.io", which containerd refuses next to config_path \("mirrors cannot be set when config_path is provided"\); nothing was changed\. move those registries to \/etc\/containerd\/certs\.d\/<registry>\/hosts\.toml/,
    );
  }, 60_000);

  it("a failed remote preflight check: its evidence is localised like the local one", async () => {
    ssh = fakeSshHosts(["cp-small"]);
    const root = ssh.host("cp-small").root;
    put(root, "proc/meminfo", "MemTotal:         900000 kB\n");
    const zh = await addNode("zh", { host: "cp-small", root, role: "control-plane" });
    expect(zh.code).toBe(1);
    expect(zh.stdout).toMatch(
      /失败于 preflight +\S+ +host\.memory: 内存只有 878 MB；控制平面节点至少需要 1700 MB\n/,
    );
    const en = await addNode("en", { host: "cp-small", root, role: "control-plane" });
    expect(en.stdout).toMatch(
      /failed at preflight +\S+ +host\.memory: only 878 MB of memory; a control-plane node needs at least 1700 MB\n/,
    );
  }, 60_000);
});
