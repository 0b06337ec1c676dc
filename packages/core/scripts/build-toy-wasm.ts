#!/usr/bin/env node
// `pnpm build:toy-wasm`: assembles src/toy/toy-kernels.wat into the committed toy-kernels.wasm with
// wabt (WebAssembly's reference toolkit, compiled to JS). toy-mlp-js.test.ts assembles it the same
// way and fails if the two differ, so run this after every edit of the .wat.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import wabt from "wabt";

const watPath = fileURLToPath(new URL("../src/toy/toy-kernels.wat", import.meta.url));
const wasmPath = fileURLToPath(new URL("../src/toy/toy-kernels.wasm", import.meta.url));

const { parseWat } = await wabt();
const module = parseWat("toy-kernels.wat", readFileSync(watPath, "utf8"), { simd: true });
try {
  module.validate();
  const { buffer } = module.toBinary({});
  writeFileSync(wasmPath, buffer);
  console.log(`${wasmPath}: ${buffer.length} bytes`);
} finally {
  module.destroy();
}
