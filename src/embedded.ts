/**
 * What the single-file builds (dist/kadm-wizard.mjs and the executable) carry inside themselves
 * because there is no package directory next to them: the version and the built-in profiles.
 * scripts/bundle.mjs defines `__KADM_EMBEDDED__`; the tsc build leaves it undeclared, so the
 * package's own package.json and profiles/ are read instead.
 */
export interface Embedded {
  version: string;
  /** Built-in profile name -> the YAML text of profiles/<name>.yaml. */
  profiles: Record<string, string>;
  /** `--help` text per language, precomputed by scripts/fast-paths.mjs (absent in older builds). */
  help?: { en: string; zh: string } | undefined;
}

declare const __KADM_EMBEDDED__: Embedded | undefined;

export const EMBEDDED: Embedded | undefined =
  typeof __KADM_EMBEDDED__ === "undefined" ? undefined : __KADM_EMBEDDED__;
