import { spawnSync } from "node:child_process";
import os from "node:os";
import { allocatorAdvice } from "./allocator.ts";
import { cudaAvailable, type Engine } from "./select-backend.ts";

export interface GpuFacts {
  available: boolean;
  devices: string[];
  driverVersion: string | null;
  cudaVersion: string | null;
  /** A known incompatibility between the loaded libtensorflow and this GPU stack. */
  warning: string | null;
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

/** What nvidia-smi says about the GPUs, driver and CUDA version. */
export function gpuFacts(engine: Engine | null): GpuFacts {
  if (!cudaAvailable()) return { available: false, devices: [], driverVersion: null, cudaVersion: null, warning: null };
  const list = spawnSync("nvidia-smi", ["-L"], { encoding: "utf8" }).stdout.trim().split("\n").filter(Boolean);
  const header = spawnSync("nvidia-smi", [], { encoding: "utf8" }).stdout;
  const driverVersion = /Driver Version:\s*([\d.]+)/.exec(header)?.[1] ?? null;
  const cudaVersion = /CUDA Version:\s*([\d.]+)/.exec(header)?.[1] ?? null;
  let warning: string | null = null;
  if (engine?.device !== "gpu") {
    warning = "A GPU is present but training runs on the CPU: build tfjs-node-gpu (`npm run setup` with internet, or see the README).";
  } else if (engine.libtensorflowVersion?.startsWith("2.9") && cudaVersion && Number(cudaVersion.split(".")[0]) >= 12) {
    // Stock tfjs-node-gpu 4.22 ships libtensorflow 2.9.1 (CUDA 11.2, cuDNN 8.1): PTX JIT on newer GPUs.
    warning = `libtensorflow ${engine.libtensorflowVersion} expects CUDA 11.2 / cuDNN 8.1 but the driver runs CUDA ${cudaVersion}; kernels may JIT slowly or fail. Rebuild against a CUDA 12 TensorFlow.`;
  }
  return { available: true, devices: list, driverVersion, cudaVersion, warning };
}

export function engineReport(engine: Engine): EngineReport {
  return {
    engine,
    node: process.version,
    platform: `${os.platform()} ${os.arch()} ${os.release()}`,
    cpus: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    gpu: gpuFacts(engine),
    workerAllocator: allocatorAdvice(),
  };
}
