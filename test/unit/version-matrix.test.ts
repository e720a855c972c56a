import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { versionMatrix, versionMatrixMarkdown } from "../../src/kubeadm/matrix.js";

const README = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "README.md");

describe("supported-version matrix", () => {
  it("switches to v1beta4 at 1.31 and knows every minor from 1.22", () => {
    const rows = versionMatrix();
    expect(rows.at(-1)?.minor).toBe("1.22");
    expect(rows.find((r) => r.minor === "1.30")?.apiVersion).toBe("kubeadm.k8s.io/v1beta3");
    expect(rows.find((r) => r.minor === "1.31")?.apiVersion).toBe("kubeadm.k8s.io/v1beta4");
    expect(rows.find((r) => r.minor === "1.33")).toMatchObject({ pause: "3.10" });
  });
  it("the README shows exactly the table the code uses (npm run docs:matrix)", () => {
    const text = readFileSync(README, "utf8");
    const m = /<!-- version-matrix:start -->\n([\s\S]*?)\n<!-- version-matrix:end -->/.exec(text);
    expect(m?.[1]).toBe(versionMatrixMarkdown());
  });
});
