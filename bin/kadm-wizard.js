#!/usr/bin/env node
// Thin launcher: compile cache where available (Node >= 22.1), then the built CLI.
import module from "node:module";

module.enableCompileCache?.();
const { launch } = await import("../dist/launch.js");
await launch();
