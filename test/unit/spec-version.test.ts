import { describe, expect, it } from "vitest";
import { lastKnownPatch } from "../../src/kubeadm/images.js";
import { BUILTIN_DEFAULTS } from "../../src/spec/defaults.js";
import { normaliseKubeVersion, resolveSpec } from "../../src/spec/resolve.js";
import { newestKnownPatch, pinMinor } from "../../src/validate/known-versions.js";
import { validateSpec } from "../../src/validate/spec.js";

const issuesFor = (version: string) =>
  validateSpec(
    resolveSpec(
      [
        { source: "default", values: BUILTIN_DEFAULTS },
        {
          source: "flags",
          values: { kubernetesVersion: version, "controlPlane.advertiseAddress": "192.168.10.11" },
        },
      ],
      "test",
      "init",
    ).spec,
    { mode: "init", hostNetworks: [], hostIsTarget: false, lang: "en" },
  ).map((i) => ({ severity: i.severity, key: i.msg.key, params: i.msg.params }));

describe("a bare minor means its newest known patch", () => {
  it("newestKnownPatch reads the image table", () => {
    expect(newestKnownPatch(33)?.text).toBe("v1.33.13");
    expect(newestKnownPatch(22)?.text).toBe("v1.22.17");
    expect(newestKnownPatch(36)?.text).toBe("v1.36.3");
    expect(newestKnownPatch(21)).toBeUndefined();
    expect(newestKnownPatch(37)?.text).toBe("v1.37.1");
    // 1.38 is past the table: no GA patch to pick.
    expect(newestKnownPatch(38)).toBeUndefined();
  });

  it("lastKnownPatch is the GA table's last patch, without a made-up version to look up", () => {
    expect(lastKnownPatch(33)).toBe(13);
    expect(lastKnownPatch(35)).toBe(7);
    expect(lastKnownPatch(21)).toBeUndefined();
    expect(lastKnownPatch(37)).toBe(1);
    expect(lastKnownPatch(38)).toBeUndefined();
  });

  it("pinMinor: 1.33 and v1.33 pin v1.33.13; full versions and garbage are not minors", () => {
    expect(pinMinor("1.33")).toEqual({ kind: "pinned", minor: "v1.33", version: "v1.33.13" });
    expect(pinMinor("v1.33")).toEqual({ kind: "pinned", minor: "v1.33", version: "v1.33.13" });
    expect(pinMinor("v1.40")).toEqual({ kind: "unknown", minor: "v1.40", value: 40 });
    expect(pinMinor("v1.33.2")).toBeUndefined();
    expect(pinMinor("1.3x")).toBeUndefined();
    expect(normaliseKubeVersion("1.33")).toBe("v1.33.13");
    expect(normaliseKubeVersion("1.33.2")).toBe("v1.33.2");
    expect(normaliseKubeVersion("latest")).toBe("latest");
  });

  it("validation: a known minor is fine, an unknown or too old one is refused", () => {
    expect(issuesFor("v1.33")).toEqual([]);
    expect(issuesFor("v1.40")).toEqual([
      { severity: "error", key: "version.minorUnknown", params: { value: "v1.40" } },
    ]);
    expect(issuesFor("1.20")).toEqual([
      { severity: "error", key: "version.tooOld", params: { value: "v1.20" } },
    ]);
  });

  it("a patch newer than any known is a warning naming the newest known one", () => {
    expect(issuesFor("v1.33.99")).toEqual([
      { severity: "warning", key: "version.patchNewer", params: { value: "v1.33.99", known: "v1.33.13" } },
    ]);
    expect(issuesFor("v1.33.13")).toEqual([]);
  });
});

describe("a version of the right shape but not v1.x says what is wrong", () => {
  it("names the major version instead of asking for a form it already has", () => {
    expect(issuesFor("v9.99.0")).toContainEqual({
      severity: "error",
      key: "version.major",
      params: { value: "v9.99.0", major: "9" },
    });
    expect(issuesFor("2.0.1").map((i) => i.key)).toContain("version.major");
    // Not the shape at all: the format message, as before.
    expect(issuesFor("v1.33").map((i) => i.key)).not.toContain("version.major");
    expect(issuesFor("latest-1.33").map((i) => i.key)).not.toContain("version.major");
  });
});
