/** join --dry-run for a release newer than our table: the plan says where the image list will come from. */
import { describe, expect, it } from "vitest";
import { runCli } from "../fakes/ports.js";
import { FakeRunner, NOT_FOUND } from "../fakes/runner.js";

// Our options first: what follows `kubeadm join` is the pasted command.
const JOIN = [
  "join",
  "--dry-run",
  "--k8s-version",
  "v1.38.0",
  "--cni",
  "none",
  "kubeadm",
  "join",
  "10.0.0.10:6443",
  "--token",
  "abcdef.0123456789abcdaa",
  "--discovery-token-ca-cert-hash",
  `sha256:${"a".repeat(64)}`,
];

describe("join --dry-run, day 0", () => {
  it("with --install-packages: kubeadm v1.38.0 is installed first and asked (en, zh); without: our table", async () => {
    // No kubeadm on this node yet.
    const runner = (d: boolean) => new FakeRunner({}, d, NOT_FOUND);
    const argv = JOIN;
    const r = await runCli(["--install-packages", ...argv], { overrides: { runner } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "kubeadm images: the real run installs kubeadm v1.38.0 first (--install-packages) and takes its list; shown here from our table (v1.37.1), which is older",
    );
    const zh = await runCli(["--install-packages", "--lang", "zh", ...argv], { overrides: { runner } });
    expect(zh.stderr).toContain("实际运行时会先安装 kubeadm v1.38.0（--install-packages）并采用它给出的列表");
    const plain = await runCli(argv, { overrides: { runner } });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain("kubeadm images: from our table (v1.37.1; kubeadm not installed yet)");
  });
});
