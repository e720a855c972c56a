#!/usr/bin/env node
/**
 * A stand-in `ctr` for the bundle tests: images live in a file of JSON lines ($FAKE_CTR_STATE: ref,
 * digest, bytes; appended, so concurrent pulls do not lose each other), `images pull` adds one, `images export` writes a small OCI layout tar (index.json naming
 * the images, oci-layout, one blob per image) with the real tar, `images import` reads index.json
 * back. Every call is appended to $FAKE_CTR_STATE.log.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const stateFile = process.env.FAKE_CTR_STATE;
if (!stateFile) {
  process.stderr.write("ctr: FAKE_CTR_STATE not set\n");
  process.exit(1);
}
const args = process.argv.slice(2);
appendFileSync(`${stateFile}.log`, `${args.join(" ")}\n`);
const rest = [];
for (let i = 0; i < args.length; i++) {
  if (["--address", "-a", "--namespace", "-n"].includes(args[i])) i++;
  else rest.push(args[i]);
}
const state = {};
if (existsSync(stateFile)) {
  for (const line of readFileSync(stateFile, "utf8").split("\n").filter(Boolean)) {
    const { ref, ...v } = JSON.parse(line);
    state[ref] = v;
  }
}
const add = (ref, v) => appendFileSync(stateFile, `${JSON.stringify({ ref, ...v })}\n`);
const digest = (ref) => `sha256:${createHash("sha256").update(ref).digest("hex")}`;
const [group, cmd, ...more] = rest;
if (group !== "images") process.exit(2);
if (cmd === "ls") {
  const lines = ["REF TYPE DIGEST SIZE PLATFORMS LABELS"];
  for (const [ref, v] of Object.entries(state))
    lines.push(
      `${ref} application/vnd.oci.image.index.v1+json ${v.digest} ${(v.bytes / 1024).toFixed(1)} KiB linux/amd64 -`,
    );
  process.stdout.write(`${lines.join("\n")}\n`);
} else if (cmd === "pull") {
  const ref = more.at(-1);
  add(ref, { digest: digest(ref), bytes: 2048 });
} else if (cmd === "export") {
  const plain = more.filter((a, i) => !a.startsWith("--") && more[i - 1] !== "--platform");
  const [path, ...refs] = plain;
  const missing = refs.filter((r) => !state[r]);
  if (missing.length > 0) {
    process.stderr.write(`ctr: image "${missing[0]}": not found\n`);
    process.exit(1);
  }
  const dir = mkdtempSync(join(tmpdir(), "fake-oci-"));
  mkdirSync(join(dir, "blobs/sha256"), { recursive: true });
  const manifests = refs.map((ref) => {
    const d = state[ref].digest;
    writeFileSync(join(dir, "blobs/sha256", d.slice(7)), `blob of ${ref}\n`);
    return {
      mediaType: "application/vnd.oci.image.index.v1+json",
      digest: d,
      size: 10,
      annotations: { "io.containerd.image.name": ref },
    };
  });
  writeFileSync(join(dir, "index.json"), JSON.stringify({ schemaVersion: 2, manifests }));
  writeFileSync(join(dir, "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
  execFileSync("tar", ["-cf", path, "-C", dir, "index.json", "oci-layout", "blobs"]);
  rmSync(dir, { recursive: true, force: true });
} else if (cmd === "import") {
  const path = more.filter((a, i) => !a.startsWith("--") && more[i - 1] !== "--platform").at(-1);
  const index = JSON.parse(execFileSync("tar", ["-xOf", path, "index.json"], { encoding: "utf8" }));
  for (const m of index.manifests) {
    const ref = m.annotations["io.containerd.image.name"];
    add(ref, { digest: m.digest, bytes: 2048 });
    process.stdout.write(`unpacking ${ref} (${m.digest})...done\n`);
  }
} else process.exit(2);
