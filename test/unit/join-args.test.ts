import { describe, expect, it } from "vitest";
import { allOptions, COMMAND_BY_NAME } from "../../src/cli/commands.js";
import { splitPastedJoin } from "../../src/cli/join-args.js";

const OPTS = allOptions(COMMAND_BY_NAME.get("join") as never);
const HASH = `sha256:${"a".repeat(64)}`;

describe("splitPastedJoin", () => {
  it("-y after the paste is ours, like --yes (kubeadm's --v=5 stays kubeadm's)", () => {
    const argv = ["kubeadm", "join", "10.0.0.1:6443", "--token", "t", "-y", "--v=5", "-h"];
    expect(splitPastedJoin(argv, OPTS)).toEqual({
      ours: ["-y", "-h"],
      pasted: ["kubeadm", "join", "10.0.0.1:6443", "--token", "t", "--v=5"],
    });
  });
  it("no paste: everything is ours", () => {
    const argv = ["--endpoint", "10.0.0.1:6443", "--token", "abcdef.0123456789abcdef", "--yes"];
    expect(splitPastedJoin(argv, OPTS)).toEqual({ ours: argv, pasted: [] });
  });
  it("the paste starts at kubeadm / sudo / join / an endpoint; our global flags stay ours", () => {
    for (const start of [["sudo", "kubeadm", "join"], ["kubeadm", "join"], ["join"], []]) {
      const argv = [
        "--yes",
        "--lang",
        "zh",
        ...start,
        "10.0.0.1:6443",
        "--token",
        "t",
        "--dry-run",
        "--discovery-token-ca-cert-hash",
        HASH,
        "--v=5",
      ];
      expect(splitPastedJoin(argv, OPTS)).toEqual({
        ours: ["--yes", "--lang", "zh", "--dry-run"],
        pasted: [...start, "10.0.0.1:6443", "--token", "t", "--discovery-token-ca-cert-hash", HASH, "--v=5"],
      });
    }
  });
  it("a value of our option is not mistaken for the paste", () => {
    expect(splitPastedJoin(["--root", "join", "kubeadm", "join", "h:6443"], OPTS)).toEqual({
      ours: ["--root", "join"],
      pasted: ["kubeadm", "join", "h:6443"],
    });
  });
  it("kubeadm's own flags inside the paste stay in the paste (--node-name, --control-plane)", () => {
    const r = splitPastedJoin(
      ["kubeadm", "join", "h:6443", "--node-name", "w1", "--control-plane", "--root", "/tmp/x"],
      OPTS,
    );
    expect(r.pasted).toEqual(["kubeadm", "join", "h:6443", "--node-name", "w1", "--control-plane"]);
    expect(r.ours).toEqual(["--root", "/tmp/x"]);
  });
});
