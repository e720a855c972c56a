import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KadmError } from "../../src/errors.js";
import {
  ContainerdConfigError,
  type ContainerdSettings,
  editContainerdConfig,
  readSandboxImage,
} from "../../src/host/containerd/config-edit.js";
import {
  configureContainerd,
  configVersionFor,
  containerdMajor,
} from "../../src/host/containerd/configure.js";
import {
  hostsTomlPath,
  InvalidMirrorError,
  renderHostsToml,
  upstreamServer,
} from "../../src/host/containerd/hosts-toml.js";
import { rootedHostFs } from "../../src/host/host-fs.js";
import { FakeRunner } from "../fakes/runner.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/containerd");
const V1_DEFAULT = readFileSync(join(FIXTURES, "config-1.6-default.toml"), "utf8");
const V2_DEFAULT = readFileSync(join(FIXTURES, "config-2.0-default.toml"), "utf8");
const V23_DEFAULT = readFileSync(join(FIXTURES, "config-2.3-default.toml"), "utf8");

const PAUSE = "registry.aliyuncs.com/google_containers/pause:3.10";
const SYSTEMD: ContainerdSettings = { sandboxImage: PAUSE, cgroupDriver: "systemd" };

/** Lines added to `before` to make `after`; undefined when any line of `before` was changed or removed. */
function insertedLines(before: string, after: string): string[] | undefined {
  const a = before.split("\n");
  const added: string[] = [];
  let i = 0;
  for (const line of after.split("\n")) {
    if (i < a.length && line === a[i]) i++;
    else added.push(line);
  }
  return i === a.length ? added : undefined;
}

/** Every line that differs, position by position (texts of equal line count). */
function changedLines(before: string, after: string): [string, string][] {
  const a = before.split("\n");
  const b = after.split("\n");
  expect(b).toHaveLength(a.length);
  return a.flatMap((l, i) => (l === b[i] ? [] : [[l, b[i] as string] as [string, string]]));
}

function expectIdempotent(text: string, settings = SYSTEMD): void {
  const again = editContainerdConfig(text, settings);
  expect(again.changes).toEqual([]);
  expect(again.text).toBe(text);
}

describe("containerd config.toml, version 2 (containerd 1.x)", () => {
  it("changes exactly the three lines of `containerd config default`", () => {
    const r = editContainerdConfig(V1_DEFAULT, SYSTEMD);
    expect(r.version).toBe(2);
    expect(changedLines(V1_DEFAULT, r.text)).toEqual([
      ['    sandbox_image = "registry.k8s.io/pause:3.6"', `    sandbox_image = "${PAUSE}"`],
      ["            SystemdCgroup = false", "            SystemdCgroup = true"],
      ['      config_path = ""', '      config_path = "/etc/containerd/certs.d"'],
    ]);
    expect(r.changes.map((c) => [c.setting, c.before, c.after])).toEqual([
      ["SystemdCgroup", "false", "true"],
      ["sandbox", '"registry.k8s.io/pause:3.6"', `"${PAUSE}"`],
      ["config_path", '""', '"/etc/containerd/certs.d"'],
    ]);
    expect(r.changes[0]?.key).toBe(
      'plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options.SystemdCgroup',
    );
    expect(r.conflicts).toEqual([]);
    expectIdempotent(r.text);
  });

  it("leaves the legacy CRI-level systemd_cgroup alone (it is for the removed v1 runtime)", () => {
    const r = editContainerdConfig(V1_DEFAULT, SYSTEMD);
    expect(r.text).toContain("\n    systemd_cgroup = false\n");
  });

  it("cgroupfs keeps SystemdCgroup = false", () => {
    const settings: ContainerdSettings = { ...SYSTEMD, cgroupDriver: "cgroupfs" };
    const r = editContainerdConfig(V1_DEFAULT, settings);
    expect(r.changes.map((c) => c.setting)).toEqual(["sandbox", "config_path"]);
    expect(r.text).toContain("            SystemdCgroup = false\n");
    expectIdempotent(r.text, settings);
    // and switches a systemd config back
    const back = editContainerdConfig(editContainerdConfig(V1_DEFAULT, SYSTEMD).text, settings);
    expect(back.text).toBe(r.text);
  });

  it("rewrites other values in place, keeping comments, quoting and everything else", () => {
    const before = `# managed by hand
version = 2

[plugins."io.containerd.grpc.v1.cri"]
  # the pause image
  sandbox_image = "k8s.gcr.io/pause:3.2"   # old
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "/etc/docker/certs.d"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
    SystemdCgroup = true
    BinaryName = "/usr/local/bin/runc"
`;
    const r = editContainerdConfig(before, SYSTEMD);
    expect(changedLines(before, r.text)).toEqual([
      ['  sandbox_image = "k8s.gcr.io/pause:3.2"   # old', `  sandbox_image = "${PAUSE}"   # old`],
      ['    config_path = "/etc/docker/certs.d"', '    config_path = "/etc/containerd/certs.d"'],
    ]);
    expect(r.changes.map((c) => c.setting)).toEqual(["sandbox", "config_path"]);
    expectIdempotent(r.text);
  });

  it("treats a value of the wrong type as different", () => {
    const before = `version = 2
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
  SystemdCgroup = "true"
`;
    const r = editContainerdConfig(before, SYSTEMD);
    expect(r.text).toContain("  SystemdCgroup = true\n");
    expect(r.changes[0]).toMatchObject({ setting: "SystemdCgroup", before: '"true"', after: "true" });
  });

  it("adds missing keys next to their table's last key, and missing tables after their parent", () => {
    const before = `version = 2

[plugins]
  [plugins."io.containerd.grpc.v1.cri"]
    max_concurrent_downloads = 3

    [plugins."io.containerd.grpc.v1.cri".containerd]
      default_runtime_name = "runc"

  [plugins."io.containerd.internal.v1.opt"]
    path = "/opt/containerd"
`;
    const r = editContainerdConfig(before, SYSTEMD);
    expect(r.text).toBe(`version = 2

[plugins]
  [plugins."io.containerd.grpc.v1.cri"]
    max_concurrent_downloads = 3
    sandbox_image = "${PAUSE}"

    [plugins."io.containerd.grpc.v1.cri".containerd]
      default_runtime_name = "runc"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = true

    [plugins."io.containerd.grpc.v1.cri".registry]
      config_path = "/etc/containerd/certs.d"

  [plugins."io.containerd.internal.v1.opt"]
    path = "/opt/containerd"
`);
    expect(r.changes.every((c) => c.before === undefined)).toBe(true);
    expectIdempotent(r.text);
  });

  it("fills an empty table under its header", () => {
    const before = `version = 2
[plugins."io.containerd.grpc.v1.cri".registry]
[plugins."io.containerd.grpc.v1.cri".registry.mirrors]
`;
    const r = editContainerdConfig(before, SYSTEMD);
    expect(r.text.split("\n").slice(0, 4)).toEqual([
      "version = 2",
      '[plugins."io.containerd.grpc.v1.cri".registry]',
      '  config_path = "/etc/containerd/certs.d"',
      '[plugins."io.containerd.grpc.v1.cri".registry.mirrors]',
    ]);
    expect(r.conflicts).toEqual([]); // an empty mirrors table is what containerd itself writes
    expectIdempotent(r.text);
  });

  it("adds real keys next to commented-out ones, keeping the comments", () => {
    const before = `version = 2
[plugins."io.containerd.grpc.v1.cri"]
  # sandbox_image = "registry.k8s.io/pause:3.9"
  stream_server_address = "127.0.0.1"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
    BinaryName = ""
    # SystemdCgroup = true
  [plugins."io.containerd.grpc.v1.cri".registry]
    # config_path = "/etc/containerd/certs.d"
`;
    const r = editContainerdConfig(before, SYSTEMD);
    expect(insertedLines(before, r.text)).toEqual([
      `  sandbox_image = "${PAUSE}"`,
      "    SystemdCgroup = true",
      '    config_path = "/etc/containerd/certs.d"',
    ]);
    expect(r.text).toContain('  # sandbox_image = "registry.k8s.io/pause:3.9"\n');
    expect(r.text).toContain(`  stream_server_address = "127.0.0.1"\n  sandbox_image = "${PAUSE}"\n`);
    expect(r.text).toContain('    BinaryName = ""\n    SystemdCgroup = true\n    # SystemdCgroup = true\n');
    expect(r.text).toContain(
      '  [plugins."io.containerd.grpc.v1.cri".registry]\n    config_path = "/etc/containerd/certs.d"\n    # config_path',
    );
    expectIdempotent(r.text);
  });

  it("writes dotted keys where the table is only defined by dotted keys", () => {
    const before = `version = 2
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"
  options.BinaryName = "/usr/bin/runc"
`;
    const r = editContainerdConfig(before, SYSTEMD);
    expect(r.text).toContain('  options.BinaryName = "/usr/bin/runc"\n  options.SystemdCgroup = true\n');
    expectIdempotent(r.text);
  });

  it("sets the cgroup driver on every runc-type runtime, not only runc", () => {
    const before = `version = 2
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.crun]
  runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.crun.options]
    BinaryName = "/usr/bin/crun"
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.kata]
  runtime_type = "io.containerd.kata.v2"
`;
    const r = editContainerdConfig(before, SYSTEMD);
    expect(r.changes.filter((c) => c.setting === "SystemdCgroup").map((c) => c.key)).toEqual([
      'plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options.SystemdCgroup',
      'plugins."io.containerd.grpc.v1.cri".containerd.runtimes.crun.options.SystemdCgroup',
    ]);
    expect(r.text).toContain('    BinaryName = "/usr/bin/crun"\n    SystemdCgroup = true\n');
    expect(r.text).not.toContain("kata.options");
    expectIdempotent(r.text);
  });

  it("keeps CRLF line endings", () => {
    const before = 'version = 2\r\n[plugins."io.containerd.grpc.v1.cri"]\r\n  sandbox_image = "x"\r\n';
    const r = editContainerdConfig(before, SYSTEMD);
    expect(r.text.replaceAll("\r\n", "")).not.toContain("\n");
    expectIdempotent(r.text);
  });

  it("copes with multi-line arrays and strings around the keys", () => {
    const before = `version = 2
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "x" # [not a table]
  notes = """
[plugins."io.containerd.grpc.v1.cri".registry]
config_path = "inside a string"
"""
  tags = [
    "a", # comment ]
    "b",
  ]
`;
    const r = editContainerdConfig(before, SYSTEMD);
    expect(
      r.text.startsWith(`version = 2
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE}" # [not a table]
  notes = """
[plugins."io.containerd.grpc.v1.cri".registry]
config_path = "inside a string"
"""
  tags = [`),
    ).toBe(true);
    expect(r.text).toContain(
      '\n  [plugins."io.containerd.grpc.v1.cri".registry]\n    config_path = "/etc/containerd/certs.d"\n',
    );
    expectIdempotent(r.text);
  });

  it("reports deprecated registry mirrors and TLS configs that containerd refuses next to config_path", () => {
    const before = `version = 2
[plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]
  endpoint = ["https://docker.m.daocloud.io"]
[plugins."io.containerd.grpc.v1.cri".registry.configs."harbor.local".tls]
  insecure_skip_verify = true
[plugins."io.containerd.grpc.v1.cri".registry.configs."harbor.local".auth]
  username = "u"
`;
    expect(editContainerdConfig(before, SYSTEMD).conflicts).toEqual([
      'plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"',
      'plugins."io.containerd.grpc.v1.cri".registry.configs."harbor.local".tls',
    ]);
  });
});

describe("containerd config.toml, version 3 (containerd 2.x)", () => {
  it("edits the 2.x default: two values in place, SystemdCgroup added to the runc options", () => {
    const r = editContainerdConfig(V2_DEFAULT, SYSTEMD);
    expect(r.version).toBe(3);
    const withoutAdded = r.text.replace("            SystemdCgroup = true\n", "");
    expect(changedLines(V2_DEFAULT, withoutAdded)).toEqual([
      ["      sandbox = 'registry.k8s.io/pause:3.10'", `      sandbox = '${PAUSE}'`],
      ["      config_path = ''", "      config_path = '/etc/containerd/certs.d'"],
    ]);
    expect(r.text).toContain("            ShimCgroup = ''\n            SystemdCgroup = true\n\n");
    expect(r.text).toContain(
      "    [plugins.'io.containerd.cri.v1.images'.registry]\n      config_path = '/etc/containerd/certs.d'\n",
    );
    // the transfer service's own config_path is not the CRI one
    expect(r.text).toContain(
      "  [plugins.'io.containerd.transfer.v1.local']\n    max_concurrent_downloads = 3\n",
    );
    expect(r.text).toMatch(/transfer\.v1\.local'\]\n(?:.*\n){2}\s+config_path = ''\n/);
    expect(r.changes.map((c) => [c.setting, c.key, c.before, c.after])).toEqual([
      [
        "SystemdCgroup",
        "plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options.SystemdCgroup",
        undefined,
        "true",
      ],
      [
        "sandbox",
        "plugins.'io.containerd.cri.v1.images'.pinned_images.sandbox",
        "'registry.k8s.io/pause:3.10'",
        `'${PAUSE}'`,
      ],
      [
        "config_path",
        "plugins.'io.containerd.cri.v1.images'.registry.config_path",
        "''",
        "'/etc/containerd/certs.d'",
      ],
    ]);
    expectIdempotent(r.text);
  });

  it("matches table names whichever quotes they use", () => {
    const before = `version = 3
[plugins."io.containerd.cri.v1.images".pinned_images]
  sandbox = "registry.k8s.io/pause:3.10"
[plugins . "io.containerd.cri.v1.runtime" . containerd.runtimes.runc.options]
  SystemdCgroup = true
[plugins."io.containerd.cri.v1.images".registry]
  config_path = "/etc/containerd/certs.d"
`;
    const r = editContainerdConfig(before, SYSTEMD);
    expect(changedLines(before, r.text)).toEqual([
      ['  sandbox = "registry.k8s.io/pause:3.10"', `  sandbox = "${PAUSE}"`],
    ]);
  });

  it("does not confuse the 1.x CRI tables with the 2.x ones", () => {
    const before = `version = 3
[plugins.'io.containerd.grpc.v1.cri']
  stream_server_address = '127.0.0.1'
`;
    const r = editContainerdConfig(before, SYSTEMD);
    expect(r.text).not.toContain("sandbox_image");
    expect(r.text).toContain("[plugins.'io.containerd.cri.v1.images'.pinned_images]\n  sandbox = '");
    expect(r.text).toContain("[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]\n");
    expectIdempotent(r.text);
  });

  it("reports deprecated mirrors under the 2.x images plugin", () => {
    const before = `version = 3
[plugins.'io.containerd.cri.v1.images'.registry.mirrors.'docker.io']
  endpoint = ['https://docker.m.daocloud.io']
`;
    expect(editContainerdConfig(before, SYSTEMD).conflicts).toEqual([
      "plugins.'io.containerd.cri.v1.images'.registry.mirrors.'docker.io'",
    ]);
  });
});

describe("files that cannot be edited safely", () => {
  const code = (text: string, opts = {}) => {
    try {
      editContainerdConfig(text, SYSTEMD, opts);
      return "ok";
    } catch (e) {
      expect(e).toBeInstanceOf(ContainerdConfigError);
      return (e as ContainerdConfigError).code;
    }
  };

  it("an empty file gets a version line only when the caller knows containerd's version", () => {
    expect(code("")).toBe("no-version");
    const r = editContainerdConfig("# nothing yet\n", SYSTEMD, { versionForEmpty: 3 });
    expect(r.text.startsWith("version = 3\n# nothing yet\n\n[plugins.'io.containerd.cri.v1.runtime'")).toBe(
      true,
    );
    expect(r.changes[0]).toEqual({ setting: "version", key: "version", before: undefined, after: "3" });
    expectIdempotent(r.text);
    const v2 = editContainerdConfig('root = "/data/containerd"', SYSTEMD, { versionForEmpty: 2 });
    expect(
      v2.text.startsWith('version = 2\nroot = "/data/containerd"\n\n[plugins."io.containerd.grpc.v1.cri'),
    ).toBe(true);
    expectIdempotent(v2.text);
  });

  it("refuses version-less plugin sections, version 1 and unknown versions", () => {
    expect(code('[plugins.cri]\n  sandbox_image = "x"\n', { versionForEmpty: 2 })).toBe("no-version");
    expect(code("version = 1\n")).toBe("unsupported-version");
    expect(code("version = 5\n")).toBe("unsupported-version");
  });

  it("refuses invalid TOML with the line number", () => {
    const err = (() => {
      try {
        editContainerdConfig('version = 2\n[plugins\nsandbox_image = "x"\n', SYSTEMD);
      } catch (e) {
        return e as ContainerdConfigError;
      }
    })();
    expect(err?.code).toBe("parse");
    expect(err?.detail).toMatch(/^line 2: /);
    expect(code('version = 2\nkey = "unterminated\n')).toBe("parse");
    expect(code("version = 2\nkey = [1, 2\n")).toBe("parse");
  });

  it("refuses tables written inline, which a line edit would break", () => {
    const before = `version = 2
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
  options = { SystemdCgroup = false }
`;
    expect(code(before)).toBe("inline-table");
  });
});

describe("hosts.toml", () => {
  it("docker.io falls back to registry-1.docker.io after its mirrors", () => {
    expect(
      renderHostsToml("docker.io", ["https://docker.m.daocloud.io/", "https://mirror.example.com"]),
    ).toBe(
      `# Managed by kadm-wizard: mirrors are tried in order, then the server.
server = "https://registry-1.docker.io"

[host."https://docker.m.daocloud.io"]
  capabilities = ["pull", "resolve"]

[host."https://mirror.example.com"]
  capabilities = ["pull", "resolve"]
`,
    );
  });

  it("other registries fall back to https://<host>; plain-http mirrors stay http", () => {
    expect(upstreamServer("registry.k8s.io")).toBe("https://registry.k8s.io");
    const text = renderHostsToml("registry.k8s.io", ["http://127.0.0.1:5000", "http://127.0.0.1:5000/"]);
    expect(text).toContain('server = "https://registry.k8s.io"\n');
    expect(text.match(/\[host\./g)).toHaveLength(1);
    expect(text).toContain('[host."http://127.0.0.1:5000"]\n  capabilities = ["pull", "resolve"]\n');
    expect(text).not.toContain("skip_verify");
    expect(renderHostsToml("myregistry.io:5000", ["https://m.example.com/v2/proxy"])).toContain(
      '[host."https://m.example.com/v2/proxy"]',
    );
  });

  it("_default has no single upstream server", () => {
    expect(renderHostsToml("_default", ["https://m.example.com"])).not.toContain("server =");
  });

  it("refuses mirrors that are not http(s) URLs and registries that are not hosts", () => {
    expect(() => renderHostsToml("docker.io", ["docker.m.daocloud.io"])).toThrow(InvalidMirrorError);
    expect(() => renderHostsToml("docker.io", ["ftp://m.example.com"])).toThrow(InvalidMirrorError);
    expect(() => renderHostsToml("https://docker.io", ["https://m.example.com"])).toThrow(InvalidMirrorError);
    expect(() => renderHostsToml("docker.io/library", ["https://m.example.com"])).toThrow(InvalidMirrorError);
  });

  it("lives in certs.d/<registry>/hosts.toml", () => {
    expect(hostsTomlPath("/etc/containerd/certs.d/", "docker.io")).toBe(
      "/etc/containerd/certs.d/docker.io/hosts.toml",
    );
  });
});

describe("containerd config.toml, version 4 (containerd 2.3+)", () => {
  it("edits the 2.3 default like version 3: the CRI paths did not move, the server plugins are untouched", () => {
    const r = editContainerdConfig(V23_DEFAULT, SYSTEMD);
    expect(r.version).toBe(4);
    // SystemdCgroup = false exists in 2.3's default: changed in place, nothing inserted
    expect(changedLines(V23_DEFAULT, r.text)).toEqual([
      ["      sandbox = 'registry.k8s.io/pause:3.10.2'", `      sandbox = '${PAUSE}'`],
      ["      config_path = ''", "      config_path = '/etc/containerd/certs.d'"],
      ["            SystemdCgroup = false", "            SystemdCgroup = true"],
    ]);
    expect(r.changes.map((c) => c.key)).toEqual([
      "plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options.SystemdCgroup",
      "plugins.'io.containerd.cri.v1.images'.pinned_images.sandbox",
      "plugins.'io.containerd.cri.v1.images'.registry.config_path",
    ]);
    expect(r.conflicts).toEqual([]);
    // the transfer service's config_path and the grpc server plugin stay as they were
    expect(r.text).toMatch(/transfer\.v1\.local'\]\n(?:.*\n){4}\s+config_path = ''\n/);
    expect(r.text).toContain(
      "[plugins.'io.containerd.server.v1.grpc']\n    address = '/run/containerd/containerd.sock'",
    );
    expectIdempotent(r.text);
  });

  it("adds missing tables with version 3's quoting in a minimal version 4 file", () => {
    const before =
      "version = 4\n\n[plugins.'io.containerd.server.v1.grpc']\n  address = '/run/containerd/containerd.sock'\n";
    const r = editContainerdConfig(before, SYSTEMD);
    expect(insertedLines(before, r.text)).toEqual([
      "[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]",
      "  SystemdCgroup = true",
      "",
      "[plugins.'io.containerd.cri.v1.images'.pinned_images]",
      `  sandbox = '${PAUSE}'`,
      "",
      "[plugins.'io.containerd.cri.v1.images'.registry]",
      "  config_path = '/etc/containerd/certs.d'",
      "",
    ]);
    expectIdempotent(r.text);
  });

  it("an empty file on containerd 2.3 gets version 4", () => {
    const r = editContainerdConfig("", SYSTEMD, { versionForEmpty: 4 });
    expect(r.text.startsWith("version = 4\n")).toBe(true);
    expect(r.text).toContain(`[plugins.'io.containerd.cri.v1.images'.pinned_images]\n  sandbox = '${PAUSE}'`);
  });

  it("readSandboxImage understands versions 2, 3 and 4 and nothing newer", () => {
    expect(readSandboxImage(V1_DEFAULT)).toEqual({
      version: 2,
      key: 'plugins."io.containerd.grpc.v1.cri".sandbox_image',
      image: "registry.k8s.io/pause:3.6",
    });
    expect(readSandboxImage(V2_DEFAULT)).toMatchObject({ version: 3, image: "registry.k8s.io/pause:3.10" });
    expect(readSandboxImage(V23_DEFAULT)).toEqual({
      version: 4,
      key: "plugins.'io.containerd.cri.v1.images'.pinned_images.sandbox",
      image: "registry.k8s.io/pause:3.10.2",
    });
    expect(readSandboxImage("version = 5\n")).toBeUndefined();
  });
});

describe("containerd --version", () => {
  it("reads the major version of Debian, Docker and upstream builds", () => {
    expect(
      containerdMajor("containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+deb12u3"),
    ).toBe(1);
    expect(containerdMajor("containerd containerd.io 1.7.27 05044ec0a9a75232cad458027ca83437aae3f4da")).toBe(
      1,
    );
    expect(
      containerdMajor(
        "containerd github.com/containerd/containerd/v2 v2.1.4 75cb2b7193e4e490e9fbdc236c0e811ccaba3376",
      ),
    ).toBe(2);
  });

  it("knows which config version each release writes", () => {
    expect(
      configVersionFor("containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+deb12u3"),
    ).toBe(2);
    expect(configVersionFor("containerd github.com/containerd/containerd/v2 v2.2.7 abc")).toBe(3);
    expect(configVersionFor("containerd containerd.io v2.3.1 abc")).toBe(4);
    expect(configVersionFor("containerd github.com/containerd/containerd/v2 v2.4.0-beta.0 abc")).toBe(4);
  });
});

describe("configureContainerd with a fake runner", () => {
  const roots: string[] = [];
  const newRoot = () => {
    roots.push(mkdtempSync(join(tmpdir(), "kadm-ctrd-u-")));
    return roots.at(-1) as string;
  };
  afterAll(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });
  const base = (runner: FakeRunner, root = newRoot()) => ({
    runner,
    fs: rootedHostFs({ root }),
    sandboxImage: PAUSE,
    cgroupDriver: "systemd" as const,
    registryMirrors: { "docker.io": ["https://docker.m.daocloud.io"] },
  });

  it("refuses a mirror that is not a URL before touching anything", async () => {
    const runner = new FakeRunner();
    const o = { ...base(runner), registryMirrors: { "docker.io": ["docker.m.daocloud.io"] } };
    const err = await configureContainerd(o).catch((e) => e);
    expect(err).toBeInstanceOf(KadmError);
    expect(err.message).toBe(
      'registry mirror "docker.m.daocloud.io" for docker.io is not an http:// or https:// URL.',
    );
    expect(err.hint).toMatch(/docker\.io: \["https:\/\/docker\.m\.daocloud\.io"\]/);
    expect(runner.calls).toEqual([]);
    expect(readdirSync(o.fs.root)).toEqual([]);
  });

  it("says how to install containerd when it cannot be run", async () => {
    const runner = new FakeRunner({ "containerd config default": { exitCode: 127, notFound: true } });
    const o = base(runner);
    const err = await configureContainerd({ ...o, lang: "zh" }).catch((e) => e);
    expect(err).toBeInstanceOf(KadmError);
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe("无法运行 containerd（`containerd config default`：command not found）。");
    expect(err.hint).toMatch(/apt-get install containerd/);
    expect(readdirSync(o.fs.root)).toEqual([]);
  });

  it("a dry run without containerd plans config.toml from an empty file and says so (no error, nothing written)", async () => {
    const runner = new FakeRunner({ "containerd config default": { exitCode: 127, notFound: true } }, true, {
      exitCode: 127,
      notFound: true,
    });
    const root = newRoot();
    const o = { ...base(runner, root), fs: rootedHostFs({ root, dryRun: true }) };
    for (const lang of ["en", "zh"] as const) {
      const r = await configureContainerd({ ...o, lang });
      expect(r.changed).toBe(true);
      const config = r.files[0];
      expect(config?.after).toMatch(/^version = 2$/m);
      expect(config?.after).toMatch(/SystemdCgroup = true/);
      expect(config?.after).toContain(`sandbox_image = "${PAUSE}"`);
      expect(r.notes.join("\n")).toContain(
        lang === "en" ? "containerd is not installed: this plan starts" : "未安装 containerd",
      );
    }
    expect(readdirSync(root)).toEqual([]);
  });

  it("refuses a config version newer than it knows, saying that containerd is newer, not the file wrong", async () => {
    const root = newRoot();
    const o = base(new FakeRunner(), root);
    await o.fs.write(
      "/etc/containerd/config.toml",
      "version = 5\n\n[plugins.'io.containerd.cri.v2.images']\n",
    );
    for (const lang of ["en", "zh"] as const) {
      const err = await configureContainerd({ ...o, lang }).catch((e) => e);
      expect(err).toBeInstanceOf(KadmError);
      expect(err.message).toBe(
        lang === "en"
          ? "/etc/containerd/config.toml uses config version = 5; only version 2 (containerd 1.x), 3 (containerd 2.0-2.2) and 4 (containerd 2.3+) are supported. It was left unchanged."
          : "/etc/containerd/config.toml 使用的是配置 version = 5；仅支持 version 2（containerd 1.x）、3（containerd 2.0-2.2）和 4（containerd 2.3+），文件未做修改。",
      );
      expect(err.hint).toContain(
        lang === "en" ? "newer than kadm-wizard knows" : "比 kadm-wizard 所知的更新",
      );
    }
    expect(readFileSync(join(root, "etc/containerd/config.toml"), "utf8")).toBe(
      "version = 5\n\n[plugins.'io.containerd.cri.v2.images']\n",
    );
  });

  it("starts a missing config.toml of containerd 2.3 from its version 4 default", async () => {
    const runner = new FakeRunner({ "containerd config default": { stdout: V23_DEFAULT } });
    const r = await configureContainerd(base(runner));
    expect(r.files[0]?.after).toMatch(/^version = 4$/m);
    expect(r.files[0]?.after).toContain(`sandbox = '${PAUSE}'`);
    expect(r.notes.join("\n")).toContain("(config version 4)");
  });

  it("notes settings that containerd's effective config does not show (an import overriding them)", async () => {
    const runner = new FakeRunner({ "containerd config default": { stdout: V1_DEFAULT } });
    const o = base(runner);
    const dumpKey = `containerd --config ${o.fs.resolve("/etc/containerd/config.toml")} config dump`;
    const withDump = new FakeRunner({
      "containerd config default": { stdout: V1_DEFAULT },
      [dumpKey]: {
        stdout: 'version = 2\n  SystemdCgroup = false\n  sandbox_image = "registry.k8s.io/pause:3.6"\n',
      },
    });
    const r = await configureContainerd({ ...o, runner: withDump });
    expect(r.notes.filter((n) => n.startsWith("containerd's effective configuration"))).toHaveLength(3);
    expect(withDump.changes).toEqual(["systemctl restart containerd"]);
  });
});

describe('disabled_plugins (docker-ce\'s containerd.io ships ["cri"])', () => {
  const SETTINGS = { sandboxImage: "registry.k8s.io/pause:3.10", cgroupDriver: "systemd" as const };
  it("takes only the CRI names out, keeps the rest, and is idempotent", () => {
    const text =
      'version = 2\ndisabled_plugins = ["io.containerd.internal.v1.tracing", "cri", \'io.containerd.grpc.v1.cri\']\n';
    const r = editContainerdConfig(text, SETTINGS);
    expect(r.text).toContain('disabled_plugins = ["io.containerd.internal.v1.tracing"]\n');
    expect(r.changes.find((c) => c.setting === "disabled_plugins")).toEqual({
      setting: "disabled_plugins",
      key: "disabled_plugins",
      before: '["io.containerd.internal.v1.tracing", "cri", \'io.containerd.grpc.v1.cri\']',
      after: '["io.containerd.internal.v1.tracing"]',
    });
    expect(editContainerdConfig(r.text, SETTINGS).changes).toEqual([]);
  });
  it("version 3/4 files: the 2.x CRI plugin IDs count too; other arrays are left alone", () => {
    const v3 = editContainerdConfig(
      "version = 3\ndisabled_plugins = ['io.containerd.cri.v1.runtime']\n",
      SETTINGS,
    );
    expect(v3.text).toContain("disabled_plugins = []\n");
    const odd = editContainerdConfig('version = 2\ndisabled_plugins = ["cri", 1]\n', SETTINGS);
    expect(odd.changes.map((c) => c.setting)).not.toContain("disabled_plugins");
  });
});

describe("containerd.io's shipped config.toml after the packages step installed containerd.io", () => {
  const shipped = readFileSync(
    join(import.meta.dirname, "../fixtures/containerd/config-containerd.io.toml"),
    "utf8",
  );
  const SETTINGS = { sandboxImage: "registry.k8s.io/pause:3.10", cgroupDriver: "systemd" as const };
  it.each([
    [2, 'plugins."io.containerd.grpc.v1.cri".sandbox_image'],
    [3, "plugins.'io.containerd.cri.v1.images'.pinned_images.sandbox"],
    [4, "plugins.'io.containerd.cri.v1.images'.pinned_images.sandbox"],
  ] as const)(
    "config version %i (the installed containerd's): version line, CRI enabled, settings added",
    (v, key) => {
      const r = editContainerdConfig(shipped, SETTINGS, { versionForEmpty: v });
      expect(r.version).toBe(v);
      expect(r.text.startsWith(`version = ${v}\n`)).toBe(true);
      expect(r.text).toContain("\ndisabled_plugins = []\n");
      expect(r.changes.map((c) => c.setting)).toEqual([
        "version",
        "SystemdCgroup",
        "sandbox",
        "config_path",
        "disabled_plugins",
      ]);
      expect(r.changes.find((c) => c.setting === "sandbox")?.key).toBe(key);
      expect(editContainerdConfig(r.text, SETTINGS).changes).toEqual([]);
    },
  );
});
