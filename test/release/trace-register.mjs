import { register } from "node:module";

register(new URL("./trace-hooks.mjs", import.meta.url));
