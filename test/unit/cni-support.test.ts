import { describe, expect, it } from "vitest";
import { CNI_RELEASES, findCniRelease, untestedWith } from "../../src/cni/catalog.js";
import { runCli } from "../fakes/ports.js";

describe("CNI releases vs the Kubernetes minors upstream lists as tested", () => {
  it("every release names its upstream source and at least one tested minor", () => {
    for (const r of CNI_RELEASES) {
      expect(r.kubernetes.tested.length, `${r.plugin} ${r.version}`).toBeGreaterThan(0);
      expect(r.kubernetes.source).toMatch(/tigera\/docs|flannel v0\./);
    }
  });

  it("no release is listed for 1.37 (Calico's docs stop at 1.36, flannel's e2e runs 1.36)", () => {
    for (const r of CNI_RELEASES) expect(untestedWith(r, "v1.37.1")?.minor).toBe("1.37");
    const calico = findCniRelease("calico", "v3.32.1");
    expect(calico && untestedWith(calico, "v1.36.3")).toBeUndefined();
    expect(calico && untestedWith(calico, "v1.37.1")).toEqual({
      minor: "1.37",
      tested: "1.34, 1.35, 1.36",
      source: expect.stringContaining("version-3.32"),
    });
    // Below the list is not flagged: upstream keeps only a floor there.
    expect(calico && untestedWith(calico, "v1.33.2")).toBeUndefined();
    const old = findCniRelease("calico", "v3.30.7");
    expect(old && untestedWith(old, "v1.36.0")?.tested).toBe("1.31, 1.32, 1.33, 1.34, 1.35");
  });

  it("config for 1.37 says so in the plan (en and zh); 1.36 does not", async () => {
    const base = ["config", "--yes", "--advertise-address", "10.0.0.10", "--cni", "calico"];
    const r37 = await runCli([...base, "--k8s-version", "v1.37.1"]);
    expect(r37.code, r37.stderr).toBe(0);
    expect(r37.stderr).toContain(
      "calico v3.32.1 is not yet listed as tested with Kubernetes 1.37 by Calico (tested: 1.34, 1.35, 1.36;",
    );
    const zh = await runCli([...base, "--k8s-version", "v1.37.1", "--lang", "zh"]);
    expect(zh.stderr).toContain("Calico 尚未将 calico v3.32.1 列为已在 Kubernetes 1.37 上测试");
    const r36 = await runCli([...base, "--k8s-version", "v1.36.3"]);
    expect(r36.code, r36.stderr).toBe(0);
    expect(r36.stderr).not.toContain("not yet listed as tested");
    const flannel = await runCli([
      "config",
      "--yes",
      "--advertise-address",
      "10.0.0.10",
      "--k8s-version",
      "v1.37.1",
    ]);
    expect(flannel.stderr).toContain(
      "flannel v0.28.9 is not yet listed as tested with Kubernetes 1.37 by Flannel",
    );
  });
});

describe("README's pod-network table", () => {
  it("has exactly one row per catalogue release, with its tested minors and source", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const text = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
    const block = /<!-- cni-matrix:start -->\n([\s\S]*?)\n<!-- cni-matrix:end -->/.exec(text)?.[1] ?? "";
    const rows = block.split("\n").slice(2);
    expect(rows).toEqual(
      CNI_RELEASES.map(
        (r) =>
          `| ${r.plugin === "calico" ? "Calico" : "Flannel"} | ${r.version} | ${r.kubernetes.tested.join(", ")} | ${r.kubernetes.source} |`,
      ),
    );
  });
});
