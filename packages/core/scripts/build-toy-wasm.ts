// `pnpm build:toy-wasm`: assembles src/toy/toy-kernels.wat into the committed toy-kernels.wasm with
// wabt (WebAssembly's reference toolkit, compiled to JS). toy-mlp-js.test.ts assembles it with
// the same function and fails if the two differ, so run this after every edit of the .wat.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import wabt from "wabt";

const watUrl = new URL("../src/toy/toy-kernels.wat", import.meta.url);
const wasmUrl = new URL("../src/toy/toy-kernels.wasm", import.meta.url);

/** The .wat, validated and assembled to wasm bytes. */
export async function assembleToyKernels(): Promise<Uint8Array> {
  const toolkit = await wabt();
  const module = toolkit.parseWat("toy-kernels.wat", readFileSync(watUrl, "utf8"), { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const buffer = await assembleToyKernels();
  writeFileSync(wasmUrl, buffer);
  console.log(`${fileURLToPath(wasmUrl)}: ${buffer.length} bytes`);
}
