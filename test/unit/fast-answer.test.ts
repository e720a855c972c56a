import { describe, expect, it } from "vitest";
import { fastAnswer } from "../../src/fast-answer.js";

const TEXTS = { version: "1.2.3", help: { en: "help en\n", zh: "帮助\n" } };

describe("fastAnswer", () => {
  it("answers a plain --version/-V and --help/-h/nothing, in the locale's language", () => {
    expect(fastAnswer(["--version"], {}, TEXTS)).toBe("kadm-wizard 1.2.3\n");
    expect(fastAnswer(["-V"], {}, TEXTS)).toBe("kadm-wizard 1.2.3\n");
    expect(fastAnswer([], { LANG: "C" }, TEXTS)).toBe("help en\n");
    expect(fastAnswer(["-h"], { LANG: "zh_CN.UTF-8" }, TEXTS)).toBe("帮助\n");
    // LC_ALL wins over LANG, as in detectLang
    expect(fastAnswer(["--help"], { LC_ALL: "en_US.UTF-8", LANG: "zh_CN.UTF-8" }, TEXTS)).toBe("help en\n");
  });
  it("leaves everything else to the CLI", () => {
    expect(fastAnswer(["--version", "--verbose"], {}, TEXTS)).toBeUndefined();
    expect(fastAnswer(["init", "--help"], {}, TEXTS)).toBeUndefined();
    expect(fastAnswer(["--lang"], {}, TEXTS)).toBeUndefined();
    expect(fastAnswer(["--help"], {}, { version: "1" })).toBeUndefined();
    expect(fastAnswer(["--version"], {}, undefined)).toBeUndefined();
  });
});
