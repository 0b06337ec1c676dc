import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { ENGINE_MANIFEST_FILE, gpuLibraryEnv, readEngineManifest, type EngineManifest } from "./engine-manifest.ts";

const gpu: EngineManifest = {
  flavour: "gpu",
  tensorflowVersion: "2.21.0",
  wheel: "tensorflow-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl",
  cudaSource: "system",
  libraryDirs: ["/usr/local/cuda-12.5/lib64", "/usr/lib/x86_64-linux-gnu"],
  cudaLibraries: [],
  cudaArchitectures: [],
  gpuFallback: null,
  builtAt: "2026-03-10T12:00:00.000Z",
};

test("the workers' LD_LIBRARY_PATH: the manifest's folders first, the user's after, none twice", () => {
  assert.deepEqual(gpuLibraryEnv(gpu, {}), { LD_LIBRARY_PATH: "/usr/local/cuda-12.5/lib64:/usr/lib/x86_64-linux-gnu", CUDA_CACHE_MAXSIZE: String(2 ** 32) });
  assert.equal(gpuLibraryEnv(gpu, { LD_LIBRARY_PATH: "/opt/x:/usr/lib/x86_64-linux-gnu" }).LD_LIBRARY_PATH, "/usr/local/cuda-12.5/lib64:/usr/lib/x86_64-linux-gnu:/opt/x");
  assert.equal(gpuLibraryEnv(gpu, { CUDA_CACHE_MAXSIZE: "1000" }).CUDA_CACHE_MAXSIZE, "1000");
});

test("nothing to add for a CPU engine or without a manifest", () => {
  assert.deepEqual(gpuLibraryEnv(null, {}), {});
  assert.deepEqual(gpuLibraryEnv({ ...gpu, flavour: "cpu" }, {}), {});
});

test("read from <package>/deps; a missing or malformed one is null", () => {
  const pkg = mkdtempSync(path.join(os.tmpdir(), "minima-manifest-"));
  const resolve = () => path.join(pkg, "package.json");
  assert.equal(readEngineManifest("@tensorflow/tfjs-node-gpu", resolve), null);
  mkdirSync(path.join(pkg, "deps"));
  writeFileSync(path.join(pkg, "deps", ENGINE_MANIFEST_FILE), JSON.stringify(gpu));
  assert.deepEqual(readEngineManifest("@tensorflow/tfjs-node-gpu", resolve), gpu);
  writeFileSync(path.join(pkg, "deps", ENGINE_MANIFEST_FILE), JSON.stringify({ ...gpu, flavour: "tpu" }));
  assert.equal(readEngineManifest("@tensorflow/tfjs-node-gpu", resolve), null);
  assert.equal(readEngineManifest("@tensorflow/tfjs-node-gpu", () => { throw new Error("not installed"); }), null);
});
