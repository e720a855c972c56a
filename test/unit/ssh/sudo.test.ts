import { describe, expect, it } from "vitest";
import { sudoRefused } from "../../../src/ssh/shell.js";

describe("non-root SSH users", () => {
  it("recognises sudo refusing to run without a password (sudo's own messages)", () => {
    expect(sudoRefused("sudo: a password is required\n")).toBe(true);
    expect(
      sudoRefused(
        "sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper\n",
      ),
    ).toBe(true);
    expect(sudoRefused("ubuntu is not in the sudoers file.  This incident will be reported.\n")).toBe(true);
    expect(sudoRefused("Sorry, user ubuntu may not run sudo on node-1.\n")).toBe(true);
    expect(sudoRefused("bash: line 1: sudo: command not found\n")).toBe(true);
    expect(
      sudoRefused("error execution phase preflight: couldn't validate the identity of the API Server\n"),
    ).toBe(false);
    expect(sudoRefused("")).toBe(false);
  });
});
