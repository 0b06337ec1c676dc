import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { EngineManifest, NativePackage } from "../engine-manifest.ts";
import { compareVersions, driverProblem, PTX_JIT_MIN_DRIVER } from "./driver.ts";
import { architecturesFor, describeKernelMode, GPU_TENSORFLOW_VERSION, kernelMode } from "./kernel-targets.ts";
import { loadedCudaLibraries, parseTfGpuLog, type LoadedCudaLibrary } from "./tf-gpu-log.ts";

/** A GPU as nvidia-smi lists it (the daemon's machine sampler parses it: apps/daemon/src/machine/nvidia-smi.ts). */
export interface GpuInventoryEntry {
  index: string;
  name: string;
  memoryTotalMb: number | null;
}

export interface GpuDeviceReport extends GpuInventoryEntry {
  computeCapability: string | null;
  /** Whether TensorFlow's kernels are native for it or JIT-compiled from PTX. */
  kernels: string;
}

/** The GPU stack the engine's libtensorflow loaded, for `minima doctor`. */
export interface GpuStackReport {
  driverVersion: string | null;
  /** The newest CUDA the driver supports (nvidia-smi's "CUDA Version"). */
  driverCudaVersion: string | null;
  libtensorflow: string | null;
  /** Whether TensorFlow registered a GPU and placed ops on it. */
  usingGpu: boolean;
  cudaRuntime: string | null;
  cudnn: string | null;
  cudaSource: EngineManifest["cudaSource"];
  libraries: LoadedCudaLibrary[];
  devices: GpuDeviceReport[];
  /** What stands between this host and the GPU engine, each with what to do. */
  problems: string[];
}

export interface BindingProbe {
  ok: boolean;
  gpu: boolean;
  libtensorflow: string | null;
  /** The CUDA lines of the probe's /proc/self/maps. */
  maps: string;
  /** TensorFlow's log (TF_CPP_MIN_LOG_LEVEL=0). */
  log: string;
  error: string | null;
}

const PROBE = fileURLToPath(new URL("./probe-binding.cjs", import.meta.url));

/** Loads a binding in a child process with TensorFlow's log on, and reports what it loaded. */
export function probeBinding(pkg: NativePackage, env: Record<string, string>): BindingProbe {
  const run = spawnSync(process.execPath, [PROBE, pkg], { encoding: "utf8", timeout: 120_000, env: { ...process.env, ...env, TF_CPP_MIN_LOG_LEVEL: "0" } });
  const log = run.stderr ?? "";
  try {
    if (run.status !== 0) throw new Error(log.trim().split("\n").slice(-2).join(" ") || `exit ${run.status}`);
    const facts = JSON.parse(run.stdout.trim().split("\n").pop()!) as { gpu: boolean; libtensorflow: string | null; maps: string; sum: number };
    return { ok: facts.sum === 54, gpu: facts.gpu, libtensorflow: facts.libtensorflow, maps: facts.maps, log, error: null };
  } catch (error) {
    return { ok: false, gpu: false, libtensorflow: null, maps: "", log, error: (error as Error).message };
  }
}

export interface GpuStackInput {
  readings: readonly GpuInventoryEntry[];
  /** nvidia-smi's compute_cap by GPU index (drivers before 510 cannot say). */
  capabilities: ReadonlyMap<string, string>;
  driverVersion: string | null;
  driverCudaVersion: string | null;
  /** tfjs-node-gpu's manifest, and tfjs-node's (which says why a GPU host got the CPU engine). */
  gpuManifest: EngineManifest | null;
  cpuManifest: EngineManifest | null;
  probe: BindingProbe | null;
}

/** Puts nvidia-smi, the manifests and the probe's own report together; no I/O, so its cases are tested with samples. */
export function gpuStackReport(input: GpuStackInput): GpuStackReport {
  const { gpuManifest: manifest, probe } = input;
  const tfLog = parseTfGpuLog(probe?.log ?? "");
  const libraries = loadedCudaLibraries(probe?.maps ?? "");
  const fromManifest = (soname: string) => manifest?.cudaLibraries.find((l) => l.soname === soname)?.version ?? null;
  const libtensorflow = probe?.libtensorflow ?? manifest?.tensorflowVersion ?? null;
  // Without a GPU build to ask, the kernels are those of the release setup-engine would build.
  const architectures = manifest?.cudaArchitectures.length ? manifest.cudaArchitectures : architecturesFor(libtensorflow ?? GPU_TENSORFLOW_VERSION);
  const problems: string[] = [];
  const driver = driverProblem(input.driverVersion);
  if (driver) problems.push(driver);
  if (input.cpuManifest?.gpuFallback && !probe?.gpu) problems.push(`setup-engine fell back to the CPU engine: ${input.cpuManifest.gpuFallback}`);
  if (!manifest) problems.push("tfjs-node-gpu was not built by setup-engine for CUDA 12: run `MINIMA_ENGINE=gpu npm run setup`");
  if (probe && !probe.ok) problems.push(`tfjs-node-gpu does not load (${probe.error ?? "?"}): run \`MINIMA_ENGINE=gpu npm run setup\``);
  if (probe?.ok && !probe.gpu) {
    const missing = tfLog.missingLibraries.map((m) => `${m.library} (${m.reason})`).join(", ");
    problems.push(`libtensorflow registered no GPU${missing ? `: it could not load ${missing}` : ""}; run \`MINIMA_ENGINE=gpu npm run setup -- --force\``);
  }
  const devices = input.readings.map((reading): GpuDeviceReport => {
    const computeCapability = tfLog.devices.find((d) => String(d.index) === reading.index)?.computeCapability ?? input.capabilities.get(reading.index) ?? null;
    const kernels = computeCapability ? describeKernelMode(computeCapability, architectures) : "compute capability unknown";
    if (computeCapability && architectures && kernelMode(computeCapability, architectures) === "ptx-jit" && input.driverVersion && compareVersions(input.driverVersion, PTX_JIT_MIN_DRIVER) < 0) {
      problems.push(`GPU ${reading.index} (${computeCapability}) needs PTX JIT, which CUDA 12.5's PTX needs driver ${PTX_JIT_MIN_DRIVER} or newer for; this one is ${input.driverVersion}`);
    }
    return { ...reading, computeCapability, kernels };
  });
  return {
    driverVersion: input.driverVersion,
    driverCudaVersion: input.driverCudaVersion,
    libtensorflow,
    usingGpu: probe?.gpu ?? false,
    cudaRuntime: libraries.find((l) => l.library === "cudart")?.version ?? fromManifest("libcudart.so.12"),
    cudnn: tfLog.cudnnVersion ?? libraries.find((l) => l.library === "cudnn")?.version ?? fromManifest("libcudnn.so.9"),
    cudaSource: manifest?.cudaSource ?? null,
    libraries,
    devices,
    problems,
  };
}

/** `nvidia-smi --query-gpu=index,compute_cap --format=csv,noheader`: "0, 9.0" a GPU. */
export function parseComputeCapabilities(output: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of output.split(/\r?\n/)) {
    const m = /^\s*(\d+)\s*,\s*(\d+\.\d+)\s*$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}
