import assert from "node:assert/strict";
import { test } from "node:test";
import { CUDNN_MISSING, H100_REGISTERED, PIP_MAPS, TOOLKIT_MAPS } from "./tf-gpu-log.fixture.ts";
import { cudnnVersionString, loadedCudaLibraries, parseTfGpuLog } from "./tf-gpu-log.ts";

test("the devices TensorFlow created, with capability and memory, and the cuDNN it loaded", () => {
  const log = parseTfGpuLog(H100_REGISTERED);
  assert.deepEqual(log.devices, [
    { index: 0, name: "NVIDIA H100 80GB HBM3", computeCapability: "9.0", memoryMb: 79078 },
    { index: 1, name: "NVIDIA L4", computeCapability: "8.9", memoryMb: 22259 },
  ]);
  assert.equal(log.cudnnVersion, "9.3.0");
  assert.equal(log.gpuSkipped, false);
  assert.deepEqual(log.missingLibraries, []);
});

test("a missing library is named once, with the loader's reason, and the GPUs are skipped", () => {
  const log = parseTfGpuLog(CUDNN_MISSING);
  assert.deepEqual(log.missingLibraries, [{ library: "libcudnn.so.9", reason: "libcudnn.so.9: cannot open shared object file: No such file or directory" }]);
  assert.equal(log.gpuSkipped, true);
  assert.deepEqual(log.devices, []);
});

test("cuDNN's integer versions: 9.x as major*10000, 8.x as major*1000", () => {
  assert.equal(cudnnVersionString(90300), "9.3.0");
  assert.equal(cudnnVersionString(91002), "9.10.2");
  assert.equal(cudnnVersionString(8907), "8.9.7");
});

test("mapped CUDA libraries: the pip wheels' carry no version in the name, a toolkit's do", () => {
  assert.deepEqual(
    loadedCudaLibraries(PIP_MAPS).map((l) => [l.library, l.version]),
    [["cudart", null], ["cudnn", null], ["cuda", "570.86.15"]],
  );
  assert.deepEqual(
    loadedCudaLibraries(TOOLKIT_MAPS).map((l) => [l.library, l.version]),
    [["cudart", "12.4.127"], ["cudnn", "9.1.0"], ["cublasLt", "12.4.5.8"]],
  );
  assert.deepEqual(loadedCudaLibraries(""), []);
});
