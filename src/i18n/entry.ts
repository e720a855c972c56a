export type Params = Record<string, string | number>;

/** One user-facing sentence in both languages side by side, so neither can be forgotten. */
export type Entry = { en: (p: Params) => string; zh: (p: Params) => string };
