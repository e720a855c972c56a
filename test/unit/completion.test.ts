import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { COMMAND_BY_NAME, COMMANDS } from "../../src/cli/commands.js";
import { completionScript, optionChoices, subcommands, takesPath } from "../../src/cli/completion.js";
import { GLOBAL_OPTIONS } from "../../src/cli/options.js";
import { runCli } from "../fakes/ports.js";
import { requireTool, skipTitle } from "../support/requires.js";

const dir = mkdtempSync(join(tmpdir(), "kadm-completion-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cmd = (name: string) => COMMAND_BY_NAME.get(name) ?? expect.fail(`no command ${name}`);

describe("what the table says", () => {
  it("subcommands come from the usage line", () => {
    expect(subcommands(cmd("images"))).toEqual(["list", "check", "pull", "export", "import"]);
    expect(subcommands(cmd("cni"))).toEqual(["apply"]);
    expect(subcommands(cmd("completion"))).toEqual(["bash", "zsh"]);
    for (const name of ["init", "join", "config", "prepare", "wait", "doctor", "reset", "token"]) {
      expect(subcommands(cmd(name)), name).toEqual([]);
    }
  });

  it("fixed option values and path options", () => {
    const opt = (c: string, o: string) =>
      cmd(c).options.find((d) => d.name === o) ?? expect.fail(`no option ${c} --${o}`);
    expect(optionChoices(opt("config", "cni"))).toEqual(["flannel", "calico", "none"]);
    expect(optionChoices(opt("init", "output"))).toEqual(["text", "json"]);
    expect(optionChoices(opt("config", "k8s-version"))).toEqual([]);
    expect(takesPath(opt("config", "answers"))).toBe(true);
    expect(takesPath(opt("cni", "manifest"))).toBe(true);
    expect(takesPath(opt("config", "pod-subnet"))).toBe(false);
  });
});

describe("bash", () => {
  const file = join(dir, "kadm-wizard.bash");
  writeFileSync(file, completionScript("bash", COMMANDS, GLOBAL_OPTIONS, "en"));

  /** Sources the script in a real bash and asks it to complete the last word. */
  async function complete(...words: string[]): Promise<string[]> {
    const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _kadm_wizard; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = await execa("bash", ["--norc", "-c", script, "bash", file, "kadm-wizard", ...words]);
    return r.stdout.split("\n").filter(Boolean);
  }

  it("offers every command, and completes a prefix", async () => {
    expect(await complete("")).toEqual([...COMMANDS.map((c) => c.name), "help"]);
    expect(await complete("in")).toEqual(["init"]);
    expect(await complete("--lang", "zh", "i")).toEqual(["init", "images"]);
  });

  it("offers a command's options, global ones included", async () => {
    expect(await complete("init", "--k8")).toEqual(["--k8s-version"]);
    expect(await complete("images", "pull", "--ca")).toEqual(["--candidate"]);
    expect(await complete("token", "--")).toEqual(
      expect.arrayContaining(["--control-plane", "--lang", "--root"]),
    );
    expect(await complete("token", "--")).not.toContain("--k8s-version");
  });

  it("offers exactly the options the command parses: none of init's on doctor, -y wherever --yes", async () => {
    const doctor = await complete("doctor", "--");
    expect(doctor).toEqual(expect.arrayContaining(["--k8s-version", "--cri-socket", "--host-only"]));
    expect(doctor).not.toContain("--advertise-address");
    expect(doctor).not.toContain("--yes");
    expect(await complete("config", "--")).not.toContain("--root");
    expect(await complete("reset", "-")).toContain("-y");
    expect(await complete("join", "--to")).toEqual(["--token"]);
  });

  it("skips the value of a command's option before the command, and completes `help COMMAND`", async () => {
    expect(await complete("--root", "/x", "i")).toEqual(["init", "images"]);
    expect(await complete("help", "ad")).toEqual(["add-node"]);
  });

  it("offers subcommands once, then nothing but options", async () => {
    expect(await complete("images", "")).toEqual(["list", "check", "pull", "export", "import"]);
    expect(await complete("cni", "")).toEqual(["apply"]);
    expect(await complete("completion", "")).toEqual(["bash", "zsh"]);
    expect(await complete("images", "list", "")).toEqual([]);
  });

  it("offers the fixed values of an option", async () => {
    expect(await complete("config", "--cni", "")).toEqual(["flannel", "calico", "none"]);
    expect(await complete("--lang", "")).toEqual(["en", "zh"]);
    expect(await complete("init", "--proxy-mode", "ip")).toEqual(["iptables", "ipvs"]);
  });
});

const NO_ZSH = requireTool("zsh");
describe.skipIf(NO_ZSH)(skipTitle("zsh", NO_ZSH), () => {
  it("is valid zsh and describes commands in the chosen language", async () => {
    const zh = completionScript("zsh", COMMANDS, GLOBAL_OPTIONS, "zh");
    const file = join(dir, "_kadm-wizard");
    writeFileSync(file, zh);
    await execa("zsh", ["-n", file]);
    expect(zh.startsWith("#compdef kadm-wizard\n")).toBe(true);
    expect(zh).toContain(`'init:${cmd("init").zh}'`);
    expect(zh).toContain("images) _arguments");
    expect(zh).toContain("'1:subcommand:(list check pull export import)'");
    expect(zh).toContain("(flannel calico none)");
  });
});

describe("kadm-wizard completion", () => {
  it("prints the script for bash or zsh", async () => {
    const r = await runCli(["completion", "zsh"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(completionScript("zsh", COMMANDS, GLOBAL_OPTIONS, "en"));
  });

  it.each([[[]], [["fish"]], [["bash", "zsh"]]])("%j exits 2 with one line and a fix", async (args) => {
    const r = await runCli(["completion", ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: completion .* Fix: run `source <\(kadm-wizard completion bash\)`/);
  });
});
