import assert from "node:assert/strict";
import { test } from "node:test";
import { architecturesFor, describeKernelMode, kernelMode, TENSORFLOW_CUDA_ARCHITECTURES } from "./kernel-targets.ts";

const TF_2_21 = TENSORFLOW_CUDA_ARCHITECTURES["2.21"]!;

test("TensorFlow 2.21's kernels: SASS up to Ada, PTX JIT for Hopper and Blackwell", () => {
  const gpus: Array<[string, string]> = [
    ["P100", "6.0"], ["V100", "7.0"], ["T4", "7.5"], ["A100", "8.0"], ["A10", "8.6"], ["L4", "8.9"], ["H100", "9.0"], ["B200", "10.0"], ["RTX 5090", "12.0"], ["K80", "3.7"],
  ];
  const modes = Object.fromEntries(gpus.map(([gpu, cc]) => [gpu, kernelMode(cc, TF_2_21)]));
  assert.deepEqual(modes, {
    P100: "native", V100: "native", T4: "native", A100: "native", A10: "native", L4: "native",
    H100: "ptx-jit", B200: "ptx-jit", "RTX 5090": "ptx-jit", K80: "unsupported",
  });
});

test("SASS serves later minors of its major only; PTX serves every later capability", () => {
  assert.equal(kernelMode("8.6", ["sm_89"]), "unsupported");
  assert.equal(kernelMode("9.0", ["sm_90"]), "native");
  assert.equal(kernelMode("12.0", ["sm_120", "compute_120"]), "native");
  assert.equal(kernelMode("10.0", ["sm_90"]), "unsupported");
  assert.equal(kernelMode("nine", TF_2_21), "unsupported");
});

test("the table is looked up by minor release; an unknown one says so", () => {
  assert.equal(architecturesFor("2.21.0"), TF_2_21);
  assert.equal(architecturesFor("2.9.1"), null);
  assert.equal(describeKernelMode("9.0", null), "kernel targets of this libtensorflow unknown");
  assert.match(describeKernelMode("9.0", TF_2_21), /JIT-compiled from PTX/);
  assert.equal(describeKernelMode("8.0", TF_2_21), "native kernels (SASS)");
  assert.match(describeKernelMode("3.7", TF_2_21), /no kernels for this GPU \(libtensorflow targets sm_60/);
});
