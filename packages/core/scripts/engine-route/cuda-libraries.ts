import path from "node:path";
import type { CudaRequirement } from "./wheel-layout.ts";

/**
 * The CUDA libraries a GPU libtensorflow needs: what it dlopens when it registers the GPUs
 * (runtime, cuBLAS/cuBLASLt, cuFFT, cuSOLVER, cuSPARSE, cuDNN), what those load in turn
 * (nvJitLink) and NCCL, which it links. Each lives in a pip wheel under `nvidia/<component>/lib`
 * and, in a CUDA toolkit, under its lib64 (cuDNN and NCCL under /usr/lib/<triplet> from NVIDIA's apt repository).
 */
export interface CudaLibrary {
  soname: string;
  /** The folder under site-packages/nvidia/ (also where libtensorflow's RUNPATH looks: $ORIGIN/../nvidia/<component>/lib). */
  component: string;
  project: string;
  what: string;
  /** The Debian/Ubuntu package of NVIDIA's CUDA repository that installs it system-wide. */
  apt: string;
}

export const CUDA_LIBRARIES: readonly CudaLibrary[] = [
  { soname: "libcudart.so.12", component: "cuda_runtime", project: "nvidia-cuda-runtime-cu12", what: "CUDA 12 runtime", apt: "cuda-cudart-12-5" },
  { soname: "libcublas.so.12", component: "cublas", project: "nvidia-cublas-cu12", what: "cuBLAS 12", apt: "libcublas-12-5" },
  { soname: "libcublasLt.so.12", component: "cublas", project: "nvidia-cublas-cu12", what: "cuBLASLt 12", apt: "libcublas-12-5" },
  { soname: "libcufft.so.11", component: "cufft", project: "nvidia-cufft-cu12", what: "CUDA 12's cuFFT", apt: "libcufft-12-5" },
  { soname: "libcusolver.so.11", component: "cusolver", project: "nvidia-cusolver-cu12", what: "CUDA 12's cuSOLVER", apt: "libcusolver-12-5" },
  { soname: "libcusparse.so.12", component: "cusparse", project: "nvidia-cusparse-cu12", what: "cuSPARSE 12", apt: "libcusparse-12-5" },
  { soname: "libnvJitLink.so.12", component: "nvjitlink", project: "nvidia-nvjitlink-cu12", what: "nvJitLink 12", apt: "libnvjitlink-12-5" },
  { soname: "libcudnn.so.9", component: "cudnn", project: "nvidia-cudnn-cu12", what: "cuDNN 9", apt: "libcudnn9-cuda-12" },
  { soname: "libnccl.so.2", component: "nccl", project: "nvidia-nccl-cu12", what: "NCCL 2", apt: "libnccl2" },
];

/** The nvidia-*-cu12 wheels to install: the and-cuda extra's, minus the compiler (tfjs runs no XLA, so no ptxas). */
export function cudaWheelPins(requirements: readonly CudaRequirement[]): string[] {
  return requirements.filter((r) => r.project !== "nvidia-cuda-nvcc-cu12").map((r) => `${r.project}==${r.minimum}`);
}

export interface FoundLibrary {
  soname: string;
  path: string;
  version: string | null;
}

/** Each library found in a site-packages folder laid out by `pip install --target` (nvidia/<component>/lib/<soname>). */
export function findInSitePackages(sitePackages: string, exists: (file: string) => boolean, versions: Record<string, string> = {}): FoundLibrary[] {
  return CUDA_LIBRARIES.flatMap((lib) => {
    const file = path.join(sitePackages, "nvidia", lib.component, "lib", lib.soname);
    return exists(file) ? [{ soname: lib.soname, path: file, version: versions[lib.project] ?? null }] : [];
  });
}

/** The folders where a CUDA 12 toolkit and cuDNN 9 are installed by NVIDIA's packages and runfiles, newest toolkit first. */
export function systemLibraryDirs(cudaRoots: readonly string[], triplet = "x86_64-linux-gnu"): string[] {
  const toolkits = [...cudaRoots].filter((root) => /\/cuda(-12(\.\d+)?)?$/.test(root)).sort((a, b) => toolkitRank(b) - toolkitRank(a));
  return [
    ...toolkits.flatMap((root) => [path.join(root, "lib64"), path.join(root, "targets", `${triplet.split("-")[0]}-linux`, "lib")]),
    `/usr/lib/${triplet}`,
    "/usr/lib64",
  ];
}

const toolkitRank = (root: string): number => {
  const m = /cuda-12(?:\.(\d+))?$/.exec(root);
  return m ? 1 + Number(m[1] ?? 0) : 0;
};

/** `ldconfig -p`'s lines: "\tlibcudnn.so.9 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcudnn.so.9". */
export function parseLdconfig(output: string): Map<string, string> {
  const cache = new Map<string, string>();
  for (const line of output.split("\n")) {
    const m = /^\s*(\S+)\s+\(([^)]*)\)\s+=>\s+(\S+)/.exec(line);
    if (m && m[2]!.includes("x86-64") === process.arch.includes("x64") && !cache.has(m[1]!)) cache.set(m[1]!, m[3]!);
  }
  return cache;
}

/**
 * Each library found installed: first in the toolkit folders (in order), then in the loader's
 * cache. The version is the one a versioned file name beside it carries (libcudart.so.12.5.82).
 */
export function findInSystem(dirs: readonly string[], ldconfig: Map<string, string>, listDir: (dir: string) => string[]): FoundLibrary[] {
  return CUDA_LIBRARIES.flatMap((lib) => {
    for (const dir of dirs) {
      const names = listDir(dir);
      if (names.includes(lib.soname)) return [{ soname: lib.soname, path: path.join(dir, lib.soname), version: fileVersion(lib.soname, names) }];
    }
    const cached = ldconfig.get(lib.soname);
    return cached ? [{ soname: lib.soname, path: cached, version: fileVersion(lib.soname, listDir(path.dirname(cached))) }] : [];
  });
}

function fileVersion(soname: string, names: readonly string[]): string | null {
  const longest = names.filter((n) => n.startsWith(`${soname}.`)).sort((a, b) => b.length - a.length)[0];
  return longest ? longest.slice(soname.length - soname.split(".so.")[1]!.length) : null;
}

export function missingLibraries(found: readonly FoundLibrary[]): CudaLibrary[] {
  return CUDA_LIBRARIES.filter((lib) => !found.some((f) => f.soname === lib.soname));
}

/** What is missing and the two ways to get it, one line a library. */
export function missingMessage(missing: readonly CudaLibrary[], pins: readonly string[]): string {
  const pinOf = (project: string) => pins.find((p) => p.startsWith(`${project}==`)) ?? project;
  return missing.map((lib) => `  ${lib.soname} (${lib.what}): \`pip install ${pinOf(lib.project)}\`, or \`apt-get install ${lib.apt}\` from NVIDIA's CUDA repository`).join("\n");
}

/** The folders that hold the found libraries, in CUDA_LIBRARIES' order, each once. */
export function libraryDirs(found: readonly FoundLibrary[]): string[] {
  return [...new Set(found.map((f) => path.dirname(f.path)))];
}

/**
 * The links that put system libraries where libtensorflow's RUNPATH ($ORIGIN/../nvidia/<component>/lib)
 * looks, so a process that loads the binding finds them without LD_LIBRARY_PATH: each found
 * library and its siblings that share its stem (cuDNN 9 loads libcudnn_ops.so.9 and others beside itself).
 */
export function runpathLinks(found: readonly FoundLibrary[], listDir: (dir: string) => string[]): Array<{ link: string; target: string }> {
  return found.flatMap((f) => {
    const lib = CUDA_LIBRARIES.find((l) => l.soname === f.soname)!;
    const stem = f.soname.split(".so")[0]!;
    const dir = path.dirname(f.path);
    const siblings = listDir(dir).filter((n) => n === f.soname || (n.startsWith(`${stem}_`) && n.includes(".so")));
    return siblings.map((name) => ({ link: path.join("nvidia", lib.component, "lib", name), target: path.join(dir, name) }));
  });
}
