import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_PROFILE_DIR } from "../../src/paths.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import { FIELDS } from "../../src/spec/fields.js";
import { BUILTIN_PROFILES, parseAnswers, parseProfile } from "../../src/spec/profile.js";
import { missingRequired, resolveSpec } from "../../src/spec/resolve.js";

const resolve = (layers: Parameters<typeof resolveSpec>[0], mode: "init" | "join" = "init") =>
  resolveSpec(layers, "test", mode);

describe("spec resolution order: defaults < profile < answers < flags < prompts", () => {
  const layers = [
    { source: "default", values: BUILTIN_DEFAULTS },
    {
      source: "profile",
      values: {
        imageRepository: "profile.example/k8s",
        "networking.podSubnet": "10.1.0.0/16",
        "networking.serviceSubnet": "10.2.0.0/16",
        "cni.imageMirrors": { "docker.io": "p.example/docker.io", "quay.io": "p.example/quay.io" },
      },
    },
    {
      source: "answers",
      values: {
        "networking.podSubnet": "10.3.0.0/16",
        "networking.serviceSubnet": "10.4.0.0/16",
        "kubeProxy.mode": "ipvs",
      },
    },
    {
      source: "flags",
      values: { "networking.podSubnet": "10.5.0.0/16", "cni.imageMirrors": { "quay.io": "f.example/q" } },
    },
    { source: "prompts", values: { "kubeProxy.mode": "nftables" } },
  ] as const;

  it("takes each value from the highest layer that sets it and records where it came from", () => {
    const r = resolve([...layers]);
    expect(r.spec.kubernetesVersion).toBe(BUILTIN_DEFAULTS.kubernetesVersion);
    expect(r.provenance.kubernetesVersion).toBe("default");
    expect(r.spec.imageRepository).toBe("profile.example/k8s");
    expect(r.provenance.imageRepository).toBe("profile");
    expect(r.spec.networking.serviceSubnet).toBe("10.4.0.0/16");
    expect(r.provenance["networking.serviceSubnet"]).toBe("answers");
    expect(r.spec.networking.podSubnet).toBe("10.5.0.0/16");
    expect(r.provenance["networking.podSubnet"]).toBe("flags");
    expect(r.spec.kubeProxy.mode).toBe("nftables");
    expect(r.provenance["kubeProxy.mode"]).toBe("prompts");
  });

  it("merges mirror maps per registry so one flag does not drop the profile's other mirrors", () => {
    expect(resolve([...layers]).spec.cni.imageMirrors).toEqual({
      "docker.io": "p.example/docker.io",
      "quay.io": "f.example/q",
    });
  });

  it("expands {registry} in the offline profile's mirrors from the chosen repository", () => {
    const r = resolve([
      { source: "default", values: BUILTIN_DEFAULTS },
      {
        source: "profile",
        values: {
          "cni.imageMirrors": { "docker.io": "{registry}/docker.io" },
          registryMirrors: { "quay.io": ["https://{registry}"] },
        },
      },
      { source: "flags", values: { imageRepository: "harbor.local:8443/k8s" } },
    ]);
    expect(r.spec.cni.imageMirrors).toEqual({ "docker.io": "harbor.local:8443/docker.io" });
    expect(r.spec.registryMirrors).toEqual({ "quay.io": ["https://harbor.local:8443"] });
  });

  it("normalises versions and CRI socket paths", () => {
    const r = resolve([
      { source: "default", values: BUILTIN_DEFAULTS },
      {
        source: "flags",
        values: { kubernetesVersion: "1.33.2", "node.criSocket": "/run/containerd/containerd.sock" },
      },
    ]);
    expect(r.spec.kubernetesVersion).toBe("v1.33.2");
    expect(r.spec.node.criSocket).toBe("unix:///run/containerd/containerd.sock");
  });

  it("reports what the user still has to give, per mode and profile", () => {
    const init = resolve([{ source: "default", values: BUILTIN_DEFAULTS }]);
    expect(missingRequired(init, "init", [])).toEqual(["controlPlane.advertiseAddress"]);
    // A profile default does not satisfy a profile requirement: offline needs the user's registry.
    const offline = resolve([
      { source: "default", values: BUILTIN_DEFAULTS },
      { source: "profile", values: { imageRepository: "registry.k8s.io" } },
      { source: "flags", values: { "controlPlane.advertiseAddress": "192.0.2.10" } },
    ]);
    expect(missingRequired(offline, "init", ["imageRepository"])).toEqual(["imageRepository"]);
    const join = resolve(
      [
        { source: "default", values: BUILTIN_DEFAULTS },
        {
          source: "flags",
          values: { "join.apiServerEndpoint": "192.0.2.10:6443", "join.controlPlane": true },
        },
      ],
      "join",
    );
    expect(missingRequired(join, "join", [])).toEqual([
      "join.token",
      "join.caCertHashes",
      "join.certificateKey",
    ]);
  });
});

describe("profiles", () => {
  it("ships aliyun, upstream and offline, each valid, and nothing unlisted", () => {
    const files = readdirSync(BUILTIN_PROFILE_DIR).filter((f) => f.endsWith(".yaml"));
    expect(files.map((f) => f.replace(".yaml", "")).sort()).toEqual([...BUILTIN_PROFILES].sort());
    for (const name of BUILTIN_PROFILES) {
      const { profile, problem } = parseProfile(
        readFileSync(join(BUILTIN_PROFILE_DIR, `${name}.yaml`), "utf8"),
        name,
        name,
      );
      expect(problem, name).toBeUndefined();
      expect(profile?.name).toBe(name);
      expect(profile?.description.en).not.toBe("");
      expect(profile?.description.zh).not.toBe("");
    }
  });

  it("aliyun: Aliyun images, per-minor package mirrors and CN mirrors for every CNI registry", () => {
    const { profile } = parseProfile(
      readFileSync(join(BUILTIN_PROFILE_DIR, "aliyun.yaml"), "utf8"),
      "aliyun",
      "aliyun",
    );
    expect(profile?.values.imageRepository).toBe("registry.aliyuncs.com/google_containers");
    expect(profile?.values["packageRepository.apt"]).toBe(
      "https://mirrors.aliyun.com/kubernetes-new/core/stable/{minor}/deb/",
    );
    expect(Object.keys(profile?.values["cni.imageMirrors"] as object).sort()).toEqual([
      "docker.io",
      "ghcr.io",
      "quay.io",
    ]);
    expect(Object.keys(profile?.values.registryMirrors as object)).toContain("registry.k8s.io");
  });

  it.each([
    ["not yaml", "spec: [", /yaml/],
    ["top-level list", "- a", /notMapping/],
    ["unknown top-level key", "nmae: x", /unknownKey.*nmae/],
    [
      "unknown spec key with suggestion",
      "spec:\n  imageRepo: x",
      /unknownKey.*spec\.imageRepo.*imageRepository/,
    ],
    [
      "nested typo",
      "spec:\n  networking:\n    podSubnett: 10.0.0.0/16",
      /networking\.podSubnett.*networking\.podSubnet/,
    ],
    [
      "wrong type",
      "spec:\n  controlPlane:\n    bindPort: high",
      /badType.*spec\.controlPlane\.bindPort.*"expected":"int"/,
    ],
    ["required names a non-field", "required: [nope]", /notAField.*required.*"value":"nope"/],
    ["spec is a list", "spec: [1]", /badType.*spec/],
  ])("rejects a profile with %s, naming the key", (_, text, expected) => {
    const { problem } = parseProfile(text, "p.yaml", "p");
    expect(JSON.stringify(problem)).toMatch(expected);
  });
});

describe("answers files", () => {
  it("reads nested keys, lists from comma strings, and the profile key", () => {
    const { values, profile, problem } = parseAnswers(
      "profile: upstream\nkubernetesVersion: v1.33.2\ncontrolPlane:\n  certSANs: a.example, 192.0.2.1\nnode:\n  scheduleOnControlPlane: true\n",
    );
    expect(problem).toBeUndefined();
    expect(profile).toBe("upstream");
    expect(values).toEqual({
      kubernetesVersion: "v1.33.2",
      "controlPlane.certSANs": ["a.example", "192.0.2.1"],
      "node.scheduleOnControlPlane": true,
    });
  });

  it("refuses a bare float version rather than pinning 1.3", () => {
    expect(parseAnswers("kubernetesVersion: 1.30").problem).toMatchObject({
      kind: "badType",
      key: "kubernetesVersion",
      got: { kind: "number", value: "1.3" },
    });
  });

  it("empty file is an empty layer", () => {
    expect(parseAnswers("").values).toEqual({});
  });
});

describe("field table", () => {
  it("every field path is unique and every flag is unique", () => {
    const paths = FIELDS.map((f) => f.path);
    const flags = FIELDS.flatMap((f) => ("flag" in f ? [f.flag] : []));
    expect(new Set(paths).size).toBe(paths.length);
    expect(new Set(flags).size).toBe(flags.length);
  });
});
