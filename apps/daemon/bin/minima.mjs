#!/usr/bin/env node
// The `minima` command: loads the TypeScript sources through tsx, then runs the CLI.
import { register } from "tsx/esm/api";

process.env.TF_CPP_MIN_LOG_LEVEL ??= "2";
register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
