/**
 * The node's image platform by the one architecture probe (host/steps/arch.ts): uname, else dpkg,
 * else rpm, mapped by the one table (archive-index.ts platformOfMachine). images export/import,
 * the SSH image stream and images check all ask it.
 */
import { describe, expect, it } from "vitest";
import { nodePlatform } from "../../src/host/steps/arch.js";
import { platformOfNode } from "../../src/images/archive.js";
import { FakeRunner } from "../fakes/runner.js";

const missing = { notFound: true, exitCode: 127 } as const;

describe("node platform", () => {
  it("uname first; dpkg's or rpm's word when uname is missing", async () => {
    expect(await nodePlatform(new FakeRunner({ "uname -m": { stdout: "aarch64\n" } }))).toEqual({
      platform: "linux/arm64",
      raw: "aarch64",
    });
    const dpkg = new FakeRunner({ "uname -m": missing, "dpkg --print-architecture": { stdout: "arm64\n" } });
    expect(await platformOfNode({ runner: dpkg })).toBe("linux/arm64");
    const rpm = new FakeRunner({
      "uname -m": missing,
      "dpkg --print-architecture": missing,
      "rpm --eval %{_arch}": { stdout: "x86_64\n" },
    });
    expect(await platformOfNode({ runner: rpm })).toBe("linux/amd64");
    // Platforms images are built for beyond the two we install packages on keep their variant.
    expect((await nodePlatform(new FakeRunner({ "uname -m": { stdout: "armv7l\n" } }))).platform).toBe(
      "linux/arm/v7",
    );
  });

  it("a machine no image is built for, or a node that says nothing, is one clear error", async () => {
    await expect(
      platformOfNode({ runner: new FakeRunner({ "uname -m": { stdout: "sparc64\n" } }) }),
    ).rejects.toThrow("cannot tell the node's platform from uname -m, dpkg or rpm (sparc64).");
    const silent = new FakeRunner({}, false, missing);
    expect(await nodePlatform(silent)).toEqual({ raw: "" });
    await expect(platformOfNode({ runner: silent }, "zh")).rejects.toThrow(
      "无法从 uname -m、dpkg 或 rpm 判断节点的平台（均无应答）。",
    );
  });
});
