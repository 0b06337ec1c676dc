import { gpuStackReport, type EngineManifest } from "@minima/core/engine";
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseGpuQuery } from "../machine/nvidia-smi.ts";
import { gpuStackLines } from "./doctor.ts";

// The machine sampler's query on a two-GPU host, as nvidia-smi prints it; doctor reads names and memory from it.
const NVIDIA_SMI = `0, NVIDIA H100 80GB HBM3, 0, 4, 81559, 31
1, NVIDIA L4, 0, 1, 23034, 40
`;
const TF_LOG = `I tensorflow/core/common_runtime/gpu/gpu_device.cc:2021] Created device /job:localhost/replica:0/task:0/device:GPU:0 with 79078 MB memory:  -> device: 0, name: NVIDIA H100 80GB HBM3, pci bus id: 0000:19:00.0, compute capability: 9.0
I tensorflow/core/common_runtime/gpu/gpu_device.cc:2021] Created device /job:localhost/replica:0/task:0/device:GPU:1 with 22259 MB memory:  -> device: 1, name: NVIDIA L4, pci bus id: 0000:3b:00.0, compute capability: 8.9
I external/local_xla/xla/stream_executor/cuda/cuda_dnn.cc:473] Loaded cuDNN version 90300
`;
const manifest: EngineManifest = {
  flavour: "gpu",
  tensorflowVersion: "2.21.0",
  wheel: "tensorflow-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl",
  cudaSource: "pip",
  libraryDirs: [],
  cudaLibraries: [{ soname: "libcudart.so.12", path: "/c/nvidia/cuda_runtime/lib/libcudart.so.12", version: "12.5.82" }],
  cudaArchitectures: ["sm_60", "sm_70", "sm_80", "sm_89", "compute_90"],
  gpuFallback: null,
  builtAt: "2026-03-10T12:00:00.000Z",
};

test("doctor's GPU lines: versions libtensorflow loaded, each GPU's capability, memory and kernels", () => {
  const stack = gpuStackReport({
    readings: parseGpuQuery(NVIDIA_SMI),
    capabilities: new Map(),
    driverVersion: "570.86.15",
    driverCudaVersion: "12.8",
    gpuManifest: manifest,
    cpuManifest: null,
    probe: { ok: true, gpu: true, libtensorflow: "2.21.0", maps: "", log: TF_LOG, error: null },
  });
  const lines = gpuStackLines(stack);
  assert.equal(lines[0], "gpu engine     libtensorflow 2.21.0 on the GPU: CUDA runtime 12.5.82, cuDNN 9.3.0, from the nvidia-*-cu12 wheels");
  assert.match(lines[1]!, /^gpu 0 {10}NVIDIA H100 80GB HBM3, compute capability 9\.0, 79\.6 GiB: TensorFlow's kernels JIT-compiled from PTX/);
  assert.equal(lines[2], "gpu 1          NVIDIA L4, compute capability 8.9, 22.5 GiB: native kernels (SASS)");
  assert.equal(lines.length, 3);
});

test("a GPU host left on the CPU engine: NOT on the GPU, and each problem on its own line", () => {
  const stack = gpuStackReport({
    readings: parseGpuQuery("0, NVIDIA A100-SXM4-40GB, [N/A], [N/A], 40960, [N/A]\n"),
    capabilities: new Map([["0", "8.0"]]),
    driverVersion: "550.54.15",
    driverCudaVersion: "12.4",
    gpuManifest: null,
    cpuManifest: { ...manifest, flavour: "cpu", gpuFallback: "pip could not install the CUDA wheels" },
    probe: { ok: false, gpu: false, libtensorflow: null, maps: "", log: "", error: "Cannot find module tfjs_binding.node" },
  });
  const lines = gpuStackLines(stack);
  assert.match(lines[0]!, /^gpu engine {5}libtensorflow — NOT on the GPU: CUDA runtime —, cuDNN —$/);
  assert.equal(lines[1], "gpu 0          NVIDIA A100-SXM4-40GB, compute capability 8.0, 40.0 GiB: native kernels (SASS)");
  assert.deepEqual(lines.slice(2).map((l) => l.slice(0, 15)), ["PROBLEM        ", "PROBLEM        ", "PROBLEM        "]);
});
