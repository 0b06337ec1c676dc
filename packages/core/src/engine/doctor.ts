import { spawnSync } from "node:child_process";
import os from "node:os";
import { allocatorAdvice } from "./allocator.ts";
import { gpuLibraryEnv, readEngineManifest } from "./engine-manifest.ts";
import { gpuStackReport, parseComputeCapabilities, probeBinding, type GpuInventoryEntry, type GpuStackReport } from "./gpu/gpu-stack.ts";
import { cudaAvailable, type Engine } from "./select-backend.ts";

export interface GpuFacts {
  available: boolean;
  devices: string[];
  driverVersion: string | null;
  cudaVersion: string | null;
  /** A known incompatibility between the loaded libtensorflow and this GPU stack. */
  warning: string | null;
  /** What tfjs-node-gpu's libtensorflow loads (CUDA, cuDNN) and each GPU's kernels; null without a GPU. */
  stack: GpuStackReport | null;
}

export interface EngineReport {
  engine: Engine;
  node: string;
  platform: string;
  cpus: number;
  memoryGiB: number;
  gpu: GpuFacts;
  /** Which malloc the daemon's workers get, or how to install tcmalloc. */
  workerAllocator: string;
}

/**
 * What nvidia-smi says about the GPUs, driver and CUDA version, and what tfjs-node-gpu's
 * libtensorflow loads (probed in a child process). `readings` are the GPUs as the daemon's machine
 * sampler parses them (name, memory); without them the stack report lists no devices.
 */
export function gpuFacts(engine: Engine | null, readings: readonly GpuInventoryEntry[] = []): GpuFacts {
  if (!cudaAvailable()) return { available: false, devices: [], driverVersion: null, cudaVersion: null, warning: null, stack: null };
  const list = spawnSync("nvidia-smi", ["-L"], { encoding: "utf8" }).stdout.trim().split("\n").filter(Boolean);
  const header = spawnSync("nvidia-smi", [], { encoding: "utf8" }).stdout;
  const driverVersion = /Driver Version:\s*([\d.]+)/.exec(header)?.[1] ?? null;
  const cudaVersion = /CUDA Version:\s*([\d.]+)/.exec(header)?.[1] ?? null;
  let warning: string | null = null;
  if (engine?.device !== "gpu") {
    warning = "A GPU is present but training runs on the CPU: run `MINIMA_ENGINE=gpu npm run setup` (it names anything missing; see the problems below).";
  } else if (engine.libtensorflowVersion?.startsWith("2.9") && cudaVersion && Number(cudaVersion.split(".")[0]) >= 12) {
    // Stock tfjs-node-gpu 4.22 ships libtensorflow 2.9.1 (CUDA 11.2, cuDNN 8.1): PTX JIT on newer GPUs.
    warning = `libtensorflow ${engine.libtensorflowVersion} expects CUDA 11.2 / cuDNN 8.1 but the driver runs CUDA ${cudaVersion}; kernels may JIT slowly or fail. Rebuild against a CUDA 12 TensorFlow.`;
  }
  const gpuManifest = readEngineManifest("@tensorflow/tfjs-node-gpu");
  const capabilities = spawnSync("nvidia-smi", ["--query-gpu=index,compute_cap", "--format=csv,noheader"], { encoding: "utf8" }).stdout ?? "";
  const stack = gpuStackReport({
    readings,
    capabilities: parseComputeCapabilities(capabilities),
    driverVersion,
    driverCudaVersion: cudaVersion,
    gpuManifest,
    cpuManifest: readEngineManifest("@tensorflow/tfjs-node"),
    probe: probeBinding("@tensorflow/tfjs-node-gpu", gpuLibraryEnv(gpuManifest)),
  });
  return { available: true, devices: list, driverVersion, cudaVersion, warning, stack };
}

export function engineReport(engine: Engine, gpuReadings: readonly GpuInventoryEntry[] = []): EngineReport {
  return {
    engine,
    node: process.version,
    platform: `${os.platform()} ${os.arch()} ${os.release()}`,
    cpus: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    gpu: gpuFacts(engine, gpuReadings),
    workerAllocator: allocatorAdvice(),
  };
}
