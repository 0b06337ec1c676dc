import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseDriverVersion, driverProblem } from "../../src/engine/gpu/driver.ts";
import {
  cudaWheelPins,
  findInSitePackages,
  findInSystem,
  libraryDirs,
  missingLibraries,
  missingMessage,
  parseLdconfig,
  runpathLinks,
  systemLibraryDirs,
  type FoundLibrary,
} from "./cuda-libraries.ts";
import type { RouteTools } from "./wheel-fetch.ts";
import type { CudaRequirement } from "./wheel-layout.ts";

/** Setting the GPU engine up failed for a reason the user can fix; setup-engine falls back to the CPU engine. */
export class GpuRouteError extends Error {}

export interface GpuHost {
  gpu: boolean;
  driverVersion: string | null;
  /** Why the GPU route is (not) taken, for the log. */
  reason: string;
}

/**
 * Whether to build the GPU engine: MINIMA_ENGINE=cpu|gpu decides; otherwise a loaded NVIDIA kernel
 * module (/proc/driver/nvidia/version) or an nvidia-smi that lists a GPU. The driver's version is
 * the kernel module's, else nvidia-smi's `driver_version` (a container may not see the former).
 */
export function gpuHost(env: NodeJS.ProcessEnv, procVersion: string | null, smiList: string | null, smiDriver: string | null = null): GpuHost {
  const driverVersion = (procVersion ? parseDriverVersion(procVersion) : null) ?? (/^\s*(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(smiDriver ?? "")?.[1] ?? null);
  if (env.MINIMA_ENGINE === "cpu") return { gpu: false, driverVersion, reason: "MINIMA_ENGINE=cpu" };
  if (env.MINIMA_ENGINE === "gpu") return { gpu: true, driverVersion, reason: "MINIMA_ENGINE=gpu" };
  if (driverVersion) return { gpu: true, driverVersion, reason: `NVIDIA driver ${driverVersion}` };
  if (smiList && /^GPU \d+:/m.test(smiList)) return { gpu: true, driverVersion, reason: "nvidia-smi lists a GPU" };
  return { gpu: false, driverVersion, reason: "no NVIDIA driver" };
}

export function probeGpuHost(env: NodeJS.ProcessEnv = process.env): GpuHost {
  const proc = existsSync("/proc/driver/nvidia/version") ? readFileSync("/proc/driver/nvidia/version", "utf8") : null;
  const smi = spawnSync("nvidia-smi", ["-L"], { encoding: "utf8" });
  const driver = proc || smi.status !== 0 ? null : spawnSync("nvidia-smi", ["--query-gpu=driver_version", "--format=csv,noheader"], { encoding: "utf8" });
  return gpuHost(env, proc, smi.status === 0 ? smi.stdout : null, driver?.status === 0 ? driver.stdout : null);
}

/** Throws GpuRouteError when the driver cannot run CUDA 12. */
export function checkDriver(host: GpuHost): void {
  const problem = driverProblem(host.driverVersion);
  if (problem) throw new GpuRouteError(problem);
}

export interface CudaLibraries {
  source: "pip" | "system";
  found: FoundLibrary[];
  /** The site-packages of the pip wheels (source pip). */
  sitePackages: string | null;
}

const listDir = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

function pipVersions(sitePackages: string): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const entry of listDir(sitePackages)) {
    const m = /^(nvidia_[\w]+?)-([\w.]+)\.dist-info$/.exec(entry);
    if (m) versions[m[1]!.replaceAll("_", "-")] = m[2]!;
  }
  return versions;
}

/** `pip install --target` of the pinned nvidia-*-cu12 wheels into the cache; null with pip's reason when it cannot. */
function cudaFromPip(pins: readonly string[], cacheRoot: string, tools: RouteTools): { libraries: CudaLibraries | null; problem: string } {
  const sitePackages = path.join(cacheRoot, `cuda12-${pins.map((p) => p.split("==")[1]).join("_").slice(0, 80)}`);
  const complete = path.join(sitePackages, ".complete");
  if (!existsSync(complete)) {
    rmSync(sitePackages, { recursive: true, force: true });
    tools.log(`installing the CUDA 12 wheels TensorFlow was built with (${pins.length}, about 3 GB) through pip…`);
    const pip = spawnSync(tools.python, ["-m", "pip", "install", "--retries", "1", "--no-deps", "--only-binary=:all:", "--target", sitePackages, ...pins], {
      encoding: "utf8",
      stdio: tools.quiet ? "pipe" : ["ignore", "inherit", "pipe"],
    });
    if (pip.status !== 0) {
      const reason = (pip.stderr ?? "").split("\n").find((l) => /ERROR|No matching distribution|Could not find/.test(l))?.trim() ?? `pip exited ${pip.status}`;
      return { libraries: null, problem: `pip could not install the CUDA wheels (${reason})` };
    }
    writeFileSync(complete, `${pins.join("\n")}\n`);
  }
  const found = findInSitePackages(sitePackages, existsSync, pipVersions(sitePackages));
  const missing = missingLibraries(found);
  if (missing.length > 0) return { libraries: null, problem: `the CUDA wheels lack ${missing.map((m) => m.soname).join(", ")}` };
  return { libraries: { source: "pip", found, sitePackages }, problem: "" };
}

function cudaFromSystem(): { libraries: CudaLibraries | null; found: FoundLibrary[] } {
  const roots = listDir("/usr/local").filter((d) => d.startsWith("cuda")).map((d) => path.join("/usr/local", d));
  const ldconfig = spawnSync("ldconfig", ["-p"], { encoding: "utf8" });
  const found = findInSystem(systemLibraryDirs(roots), parseLdconfig(ldconfig.stdout ?? ""), listDir);
  return { libraries: missingLibraries(found).length === 0 ? { source: "system", found, sitePackages: null } : null, found };
}

/**
 * The CUDA 12 libraries for the GPU libtensorflow: the pinned nvidia-*-cu12 wheels through pip
 * (MINIMA_CUDA=system skips them), else a CUDA 12 toolkit and cuDNN 9 installed on the system.
 * Throws GpuRouteError naming each missing library and the command that installs it.
 */
export function cudaLibraries(
  requirements: readonly CudaRequirement[],
  cacheRoot: string,
  tools: RouteTools,
  env: NodeJS.ProcessEnv = process.env,
  fromSystem: () => { libraries: CudaLibraries | null; found: FoundLibrary[] } = cudaFromSystem,
): CudaLibraries {
  const pins = cudaWheelPins(requirements);
  let pipProblem = "MINIMA_CUDA=system";
  if (env.MINIMA_CUDA !== "system") {
    if (pins.length === 0) throw new GpuRouteError("the TensorFlow wheel names no and-cuda extra, so the CUDA wheels to pin are unknown; set MINIMA_TF_WHEEL_VERSION to a TensorFlow 2.15 or newer");
    const fromPip = cudaFromPip(pins, cacheRoot, tools);
    if (fromPip.libraries) return fromPip.libraries;
    pipProblem = fromPip.problem;
    tools.log(`${pipProblem}; looking for a CUDA 12 toolkit and cuDNN 9 on this system…`);
  }
  const system = fromSystem();
  if (system.libraries) return system.libraries;
  throw new GpuRouteError(
    `${pipProblem}, and this system lacks:\n${missingMessage(missingLibraries(system.found), pins)}\n` +
      `  (all at once: \`pip install ${pins.join(" ")}\` where pip reaches PyPI, or NVIDIA's CUDA 12 toolkit and cuDNN 9 packages)`,
  );
}

/**
 * Puts the CUDA libraries where the GPU libtensorflow's RUNPATH looks ($ORIGIN/../nvidia/<component>/lib,
 * as the wheel expects them beside it in site-packages) next to each lib/ folder that holds it:
 * the pip wheels' nvidia/ folder as one link, a system install as links to each library.
 */
export function linkForRunpath(libDirParents: readonly string[], libraries: CudaLibraries): void {
  for (const parent of libDirParents) {
    const nvidia = path.join(parent, "nvidia");
    rmSync(nvidia, { recursive: true, force: true });
    if (libraries.sitePackages) {
      symlinkSync(path.join(libraries.sitePackages, "nvidia"), nvidia);
      continue;
    }
    for (const { link, target } of runpathLinks(libraries.found, listDir)) {
      mkdirSync(path.dirname(path.join(parent, link)), { recursive: true });
      symlinkSync(target, path.join(parent, link));
    }
  }
}

export { libraryDirs };
