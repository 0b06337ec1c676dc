import assert from "node:assert/strict";
import { test } from "node:test";
import type { EngineManifest } from "../engine-manifest.ts";
import { gpuStackReport, parseComputeCapabilities, type BindingProbe, type GpuStackInput } from "./gpu-stack.ts";
import { CUDNN_MISSING, H100_REGISTERED, PIP_MAPS } from "./tf-gpu-log.fixture.ts";

const manifest: EngineManifest = {
  flavour: "gpu",
  tensorflowVersion: "2.21.0",
  wheel: "tensorflow-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl",
  cudaSource: "pip",
  libraryDirs: ["/cache/cuda12/nvidia/cuda_runtime/lib", "/cache/cuda12/nvidia/cudnn/lib"],
  cudaLibraries: [
    { soname: "libcudart.so.12", path: "/cache/cuda12/nvidia/cuda_runtime/lib/libcudart.so.12", version: "12.5.82" },
    { soname: "libcudnn.so.9", path: "/cache/cuda12/nvidia/cudnn/lib/libcudnn.so.9", version: "9.3.0.75" },
  ],
  cudaArchitectures: ["sm_60", "sm_70", "sm_80", "sm_89", "compute_90"],
  gpuFallback: null,
  builtAt: "2026-03-10T12:00:00.000Z",
};
const onGpu: BindingProbe = { ok: true, gpu: true, libtensorflow: "2.21.0", maps: PIP_MAPS, log: H100_REGISTERED, error: null };
const input = (over: Partial<GpuStackInput>): GpuStackInput => ({
  readings: [{ index: "0", name: "NVIDIA H100 80GB HBM3", memoryTotalMb: 81559 }, { index: "1", name: "NVIDIA L4", memoryTotalMb: 23034 }],
  capabilities: new Map(),
  driverVersion: "570.86.15",
  driverCudaVersion: "12.8",
  gpuManifest: manifest,
  cpuManifest: null,
  probe: onGpu,
  ...over,
});

test("a working GPU engine: versions loaded, each GPU's capability and whether its kernels are native", () => {
  // An earlier fallback's reason left in the CPU package's manifest is not a problem once the GPU works.
  const report = gpuStackReport(input({ cpuManifest: { ...manifest, flavour: "cpu", gpuFallback: "pip could not install the CUDA wheels" } }));
  assert.equal(report.usingGpu, true);
  assert.equal(report.cudaRuntime, "12.5.82", "the pip wheel's version, since its file name has none");
  assert.equal(report.cudnn, "9.3.0", "what TensorFlow says it loaded");
  assert.equal(report.cudaSource, "pip");
  assert.deepEqual(
    report.devices.map((d) => [d.name, d.computeCapability, d.kernels.split(" (")[0]]),
    [["NVIDIA H100 80GB HBM3", "9.0", "TensorFlow's kernels JIT-compiled from PTX on first use"], ["NVIDIA L4", "8.9", "native kernels"]],
  );
  assert.deepEqual(report.problems, []);
});

test("a GPU host on the CPU engine: why setup fell back, the capability from nvidia-smi, the fix", () => {
  const report = gpuStackReport(
    input({
      gpuManifest: null,
      cpuManifest: { ...manifest, flavour: "cpu", cudaSource: null, libraryDirs: [], cudaLibraries: [], gpuFallback: "pip could not install the CUDA wheels" },
      probe: { ok: false, gpu: false, libtensorflow: null, maps: "", log: "", error: "Cannot find module tfjs_binding.node" },
      capabilities: parseComputeCapabilities("0, 9.0\n1, 8.9\n"),
    }),
  );
  assert.equal(report.usingGpu, false);
  assert.deepEqual(report.devices.map((d) => d.computeCapability), ["9.0", "8.9"]);
  assert.match(report.devices[0]!.kernels, /PTX/, "without a GPU build, the kernels of the release setup-engine would build");
  assert.equal(report.problems.length, 3);
  assert.match(report.problems[0]!, /fell back to the CPU engine: pip could not install the CUDA wheels/);
  assert.match(report.problems[1]!, /not built by setup-engine for CUDA 12: run `MINIMA_ENGINE=gpu npm run setup`/);
  assert.match(report.problems[2]!, /does not load \(Cannot find module tfjs_binding\.node\)/);
});

test("libtensorflow loads but registers no GPU: the libraries it could not open", () => {
  const report = gpuStackReport(input({ probe: { ...onGpu, gpu: false, maps: "", log: CUDNN_MISSING } }));
  assert.deepEqual(report.problems, [
    "libtensorflow registered no GPU: it could not load libcudnn.so.9 (libcudnn.so.9: cannot open shared object file: No such file or directory); run `MINIMA_ENGINE=gpu npm run setup -- --force`",
  ]);
  assert.equal(report.cudnn, "9.3.0.75", "the manifest's version when nothing was loaded");
});

test("an old driver: too old for CUDA 12, and too old to JIT CUDA 12.5's PTX for a Hopper", () => {
  const report = gpuStackReport(input({ driverVersion: "470.223.02", readings: [{ index: "0", name: "NVIDIA H100 PCIe", memoryTotalMb: 81559 }] }));
  assert.match(report.problems[0]!, /older than 525\.60\.13/);
  assert.match(report.problems[1]!, /GPU 0 \(9\.0\) needs PTX JIT.*555\.42\.02 or newer.*470\.223\.02/);
});

test("nvidia-smi's compute_cap column; drivers that cannot say give nothing", () => {
  assert.deepEqual([...parseComputeCapabilities("0, 9.0\n1, 12.0\n")], [["0", "9.0"], ["1", "12.0"]]);
  assert.deepEqual([...parseComputeCapabilities('Field "compute_cap" is not a valid field to query.\n')], []);
});
