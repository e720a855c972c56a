/**
 * Tiny signed package repositories for the real apt-get and dnf: stand-in packages built with
 * dpkg-deb and rpmbuild, indexed with apt-ftparchive and createrepo_c, signed with a throwaway gpg
 * key, served over HTTP on 127.0.0.1. The packages carry shell scripts under the binaries' names
 * (kubeadm prints its version, ...), so preflight's checks can run the installed files.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { execa } from "execa";

export interface StandIn {
  name: string;
  version: string;
  /** Installed path -> file content (made executable). */
  files: Record<string, string>;
}

/** A shell script printing `out` (the stand-ins have no other behaviour). */
export const script = (out: string) => `#!/bin/sh\ncat <<'EOF'\n${out}\nEOF\n`;

/** kubelet/kubeadm/kubectl of one release, as their version probes read them. */
export function kubeStandIns(version: string, debRevision: string): StandIn[] {
  const v = version.replace(/^v/, "");
  const full = `${v}-${debRevision}`;
  return [
    { name: "kubeadm", version: full, files: { "/usr/bin/kubeadm": script(`v${v}`) } },
    { name: "kubelet", version: full, files: { "/usr/bin/kubelet": script(`Kubernetes v${v}`) } },
    {
      name: "kubectl",
      version: full,
      files: { "/usr/bin/kubectl": script(JSON.stringify({ clientVersion: { gitVersion: `v${v}` } })) },
    },
  ];
}

/**
 * A kubeadm that also answers `kubeadm config images list --kubernetes-version V --image-repository R`
 * with `images` (names:tags, under R): a release newer than kadm-wizard's table, whose list only
 * kubeadm itself knows. Any other call prints its version, as the plain stand-ins do.
 */
export function kubeadmWithImages(version: string, revision: string, images: string[]): StandIn {
  const v = version.replace(/^v/, "");
  const list = images.map((i) => `"$repo/${i}"`).join(" ");
  return {
    name: "kubeadm",
    version: `${v}-${revision}`,
    files: {
      "/usr/bin/kubeadm": [
        "#!/bin/sh",
        'if [ "$1 $2 $3" = "config images list" ]; then',
        "  repo=registry.k8s.io",
        '  while [ $# -gt 0 ]; do [ "$1" = --image-repository ] && repo="$2"; shift; done',
        `  for i in ${list}; do echo "$i"; done`,
        "  exit 0",
        "fi",
        `echo v${v}`,
        "",
      ].join("\n"),
    },
  };
}

/** A tool package: one executable per name under /usr/sbin. */
export const tool = (name: string, version: string, bins: string[] = [name]): StandIn => ({
  name,
  version,
  files: Object.fromEntries(bins.map((b) => [`/usr/sbin/${b}`, script(`${b} stand-in`)])),
});

async function run(
  argv: string[],
  opts: { cwd?: string; env?: Record<string, string>; input?: string } = {},
) {
  const [file, ...args] = argv;
  const r = await execa(file as string, args, { reject: false, ...opts, env: { LC_ALL: "C", ...opts.env } });
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/**
 * A throwaway signing key in its own GNUPGHOME (one per repository set, never the user's). gpg 2.x
 * signs only through gpg-agent: it is launched explicitly and waited for (`gpgconf --launch`), so a
 * signature never races an agent still starting under load; everything is --batch with a loopback
 * pinentry (no terminal, no passphrase), each signature is checked with gpgv against the exported
 * public key before it is put in place (apt and dnf would otherwise be the first to notice), and
 * close() stops the agent.
 */
export class Signer {
  readonly home: string;
  private fpr = "";
  constructor() {
    // gpg-agent's socket lives in GNUPGHOME: keep the path short (sun_path is about 107 bytes).
    this.home = mkdtempSync(join(tmpdir(), "kgpg-"));
    chmodSync(this.home, 0o700);
  }
  private env() {
    return { GNUPGHOME: this.home };
  }
  private gpg(args: string[]) {
    return ["gpg", "--batch", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", "", ...args];
  }
  async init(): Promise<void> {
    await run(["gpgconf", "--launch", "gpg-agent"], { env: this.env() });
    await run(this.gpg(["--quick-gen-key", "kadm test <t@example.invalid>", "ed25519", "sign", "never"]), {
      env: this.env(),
    });
    const listed = await run(["gpg", "--batch", "--with-colons", "--list-secret-keys"], { env: this.env() });
    this.fpr = /^fpr:(?:[^:]*:){8}([0-9A-F]{40}):/m.exec(listed)?.[1] ?? "";
    if (!this.fpr) throw new Error(`no secret key after --quick-gen-key:\n${listed}`);
    writeFileSync(join(this.home, "pub.gpg"), await this.exportKey(false));
  }
  private async exportKey(armor: boolean): Promise<string | Uint8Array> {
    const r = await execa("gpg", ["--batch", ...(armor ? ["--armor"] : []), "--export", this.fpr], {
      env: { LC_ALL: "C", ...this.env() },
      encoding: armor ? "utf8" : "buffer",
      // Binary output: execa would cut a last 0x0a byte as "the final newline" (1 key in 256 broke).
      stripFinalNewline: false,
      reject: false,
    });
    if (r.exitCode !== 0 || r.stdout.length === 0) throw new Error(`gpg --export: ${r.stderr}`);
    return r.stdout;
  }
  /** The public key, ASCII-armoured (what repositories publish as Release.key / gpg / repomd.xml.key). */
  async publicKey(): Promise<string> {
    return (await this.exportKey(true)) as string;
  }
  /** Signs `file` into `out` (clear-signed InRelease, or a detached armoured signature), checked by gpgv. */
  async sign(file: string, out: string, clear = false): Promise<void> {
    const tmp = `${out}.tmp`;
    await run(
      this.gpg([
        "--yes",
        "--local-user",
        this.fpr,
        clear ? "--clearsign" : "--armor",
        ...(clear ? [] : ["--detach-sign"]),
        "-o",
        tmp,
        file,
      ]),
      { env: this.env() },
    );
    // What apt and dnf check, checked here first: a good signature by this key over this file.
    await run(["gpgv", "--keyring", join(this.home, "pub.gpg"), tmp, ...(clear ? [] : [file])]);
    renameSync(tmp, out);
  }
  async signRpms(files: string[]): Promise<void> {
    await run(
      [
        "rpmsign",
        "--define",
        "__gpg /usr/bin/gpg",
        "--define",
        `_gpg_name ${this.fpr}`,
        "--define",
        "_gpg_sign_cmd_extra_args --batch --no-tty --pinentry-mode loopback",
        "--addsign",
        ...files,
      ],
      { env: this.env() },
    );
    // Every package carries a signature now: rpm's own word (NOKEY: the key is not in this rpmdb).
    for (const f of files) {
      const r = await execa("rpm", ["-Kv", f], { reject: false, env: { LC_ALL: "C" } });
      if (!/Header V4 \S+ Signature, key ID/.test(r.stdout))
        throw new Error(`rpmsign left ${f} unsigned:\n${r.stdout}${r.stderr}`);
    }
  }
  /** Stops this home's gpg-agent and removes the home. */
  async close(): Promise<void> {
    await execa("gpgconf", ["--kill", "gpg-agent"], { env: this.env(), reject: false });
    rmSync(this.home, { recursive: true, force: true });
  }
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    const p = join(root, path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    chmodSync(p, 0o755);
  }
}

export async function buildDeb(work: string, p: StandIn, outDir: string): Promise<string> {
  const dir = mkdtempSync(join(work, `deb-${p.name}-`));
  writeTree(dir, p.files);
  mkdirSync(join(dir, "DEBIAN"));
  writeFileSync(
    join(dir, "DEBIAN/control"),
    `Package: ${p.name}\nVersion: ${p.version}\nArchitecture: amd64\nMaintainer: kadm test <t@example.invalid>\nDescription: stand-in ${p.name}\n`,
  );
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${p.name}_${p.version}_amd64.deb`);
  await run(["dpkg-deb", "--root-owner-group", "-Zgzip", "-b", dir, out]);
  return out;
}

/** A flat apt repository ("deb URL /"): Packages, Release, InRelease, Release.gpg, Release.key. */
export async function flatAptRepo(work: string, dir: string, pkgs: StandIn[], signer: Signer): Promise<void> {
  for (const p of pkgs) await buildDeb(work, p, dir);
  writeFileSync(join(dir, "Packages"), await run(["apt-ftparchive", "packages", "."], { cwd: dir }));
  writeFileSync(join(dir, "Release"), await run(["apt-ftparchive", "release", "."], { cwd: dir }));
  await signer.sign(join(dir, "Release"), join(dir, "InRelease"), true);
  await signer.sign(join(dir, "Release"), join(dir, "Release.gpg"));
  writeFileSync(join(dir, "Release.key"), await signer.publicKey());
}

/** docker-ce's apt layout under `base` (…/linux/debian): dists/<suite>/stable, pool/, gpg. */
export async function suiteAptRepo(
  work: string,
  base: string,
  suite: string,
  pkgs: StandIn[],
  signer: Signer,
) {
  const pool = join(base, "pool/stable");
  // docker-ce's suites share one pool: a package already there is not built again, or the
  // rebuilt file (new timestamps) would no longer match the hashes an earlier suite's Packages holds.
  for (const p of pkgs) {
    if (!existsSync(join(pool, `${p.name}_${p.version}_amd64.deb`))) await buildDeb(work, p, pool);
  }
  const bin = join(base, "dists", suite, "stable/binary-amd64");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "Packages"), await run(["apt-ftparchive", "packages", "pool"], { cwd: base }));
  const release = await run(
    [
      "apt-ftparchive",
      "-o",
      `APT::FTPArchive::Release::Suite=${suite}`,
      "-o",
      `APT::FTPArchive::Release::Codename=${suite}`,
      "-o",
      "APT::FTPArchive::Release::Components=stable",
      "-o",
      "APT::FTPArchive::Release::Architectures=amd64",
      "release",
      ".",
    ],
    { cwd: join(base, "dists", suite) },
  );
  writeFileSync(join(base, "dists", suite, "Release"), release);
  await signer.sign(join(base, "dists", suite, "Release"), join(base, "dists", suite, "InRelease"), true);
  writeFileSync(join(base, "gpg"), await signer.publicKey());
}

export async function buildRpm(work: string, p: StandIn, outDir: string): Promise<string> {
  const top = mkdtempSync(join(work, `rpm-${p.name}-`));
  const [version, release = "1"] = p.version.split("-");
  const install = Object.entries(p.files)
    .map(([path, text]) => {
      const b64 = Buffer.from(text).toString("base64");
      return `mkdir -p %{buildroot}${dirname(path)}\necho ${b64} | base64 -d > %{buildroot}${path}\nchmod 755 %{buildroot}${path}`;
    })
    .join("\n");
  const spec = [
    `Name: ${p.name}`,
    `Version: ${version}`,
    `Release: ${release}`,
    `Summary: stand-in ${p.name}`,
    "License: none",
    "BuildArch: x86_64",
    // The stand-ins are /bin/sh scripts: no automatic Requires on a shell the bare root lacks.
    "AutoReqProv: no",
    "%description",
    `stand-in ${p.name}`,
    "%install",
    install,
    "%files",
    ...Object.keys(p.files),
    "",
  ].join("\n");
  writeFileSync(join(top, "p.spec"), spec);
  await run([
    "rpmbuild",
    "--define",
    `_topdir ${top}`,
    "--define",
    "__os_install_post %{nil}",
    "--define",
    "_build_id_links none",
    "-bb",
    join(top, "p.spec"),
  ]);
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${p.name}-${version}-${release}.x86_64.rpm`);
  await run(["cp", join(top, "RPMS/x86_64", `${p.name}-${version}-${release}.x86_64.rpm`), out]);
  return out;
}

/** An rpm repository: signed packages, repodata/ with repomd.xml signed, the key as repomd.xml.key (pkgs.k8s.io's layout). */
export async function rpmRepo(work: string, dir: string, pkgs: StandIn[], signer: Signer, keyAt?: string) {
  const files: string[] = [];
  for (const p of pkgs) files.push(await buildRpm(work, p, dir));
  await signer.signRpms(files);
  await run(["createrepo_c", "-q", dir]);
  await signer.sign(join(dir, "repodata/repomd.xml"), join(dir, "repodata/repomd.xml.asc"));
  const key = await signer.publicKey();
  writeFileSync(join(dir, "repodata/repomd.xml.key"), key);
  if (keyAt) writeFileSync(keyAt, key);
}

/** Serves `dir` on 127.0.0.1 (a random port); every request is logged. */
export async function serve(
  dir: string,
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? "/").split("?")[0] ?? "/"));
    requests.push(path);
    const file = join(dir, path);
    try {
      if (!file.startsWith(dir) || !statSync(file).isFile()) throw new Error("no");
      const body = readFileSync(file);
      res.writeHead(200, { "content-length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function tempWork(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
