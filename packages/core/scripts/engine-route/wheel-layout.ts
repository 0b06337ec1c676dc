import { GPU_TENSORFLOW_VERSION } from "../../src/engine/gpu/kernel-targets.ts";

/**
 * Which TensorFlow wheel the engine is built from, and which of its files the binding needs. The
 * CPU engine takes `tensorflow-cpu`; the GPU engine takes `tensorflow`, whose Linux wheel carries
 * the CUDA 12 kernels (and whose `and-cuda` extra names the nvidia-*-cu12 wheels it was built with).
 */
export type Flavour = "cpu" | "gpu";

/** The libraries the binding links: libtensorflow.so is linked to the _cc library, which carries the C API. */
export const TENSORFLOW_LIBRARIES = ["libtensorflow_cc.so.2", "libtensorflow_framework.so.2"] as const;

/** The C API headers and what they include (found with g++ -M on the binding's includes); the wheel's include/ is 270 MB. */
const HEADER_PREFIXES = ["tensorflow/c/", "tensorflow/core/platform/ctstring", "tsl/platform/ctstring", "xla/tsl/c/"].map((p) => `tensorflow/include/${p}`);

export function wheelProject(flavour: Flavour): string {
  return flavour === "gpu" ? "tensorflow" : "tensorflow-cpu";
}

/** What pip is asked for: the GPU route always pins a version, since its CUDA pins follow it. */
export function wheelRequirement(flavour: Flavour, version: string): string {
  const pinned = version || (flavour === "gpu" ? GPU_TENSORFLOW_VERSION : "");
  return pinned ? `${wheelProject(flavour)}==${pinned}` : wheelProject(flavour);
}

/** The version in a wheel's file name ("tensorflow_cpu-2.21.0-cp311-…whl" → "2.21.0"), or null when it is not the flavour's wheel. */
export function wheelVersion(flavour: Flavour, fileName: string): string | null {
  const project = wheelProject(flavour).replace("-", "_");
  return new RegExp(`^${project}-([^-]+)-.*\\.whl$`).exec(fileName)?.[1] ?? null;
}

/** The cache folder of an unpacked wheel: "tensorflow-cpu-2.21.0" (the name earlier set-ups used) or "tensorflow-2.21.0". */
export function cacheFolder(flavour: Flavour, version: string): string {
  return `${wheelProject(flavour)}-${version}`;
}

/** Where a wheel entry goes under the unpacked folder (lib/…, include/…), or null when the binding does not need it. */
export function unpackTarget(entry: string): string | null {
  if (entry.endsWith("/")) return null;
  if ((TENSORFLOW_LIBRARIES as readonly string[]).some((lib) => entry === `tensorflow/${lib}`)) return `lib/${entry.slice("tensorflow/".length)}`;
  if (HEADER_PREFIXES.some((prefix) => entry.startsWith(prefix))) return `include/${entry.slice("tensorflow/include/".length)}`;
  return null;
}

/** The entries to unpack, each with its destination, from a wheel's list of entries. */
export function unpackPlan(entries: readonly string[]): Record<string, string> {
  return Object.fromEntries(entries.flatMap((entry) => {
    const target = unpackTarget(entry);
    return target ? [[entry, target]] : [];
  }));
}

export interface CudaRequirement {
  /** pip project, e.g. nvidia-cudnn-cu12. */
  project: string;
  /** The lowest version the wheel accepts: the one it was built with, and the pin. */
  minimum: string;
}

/** The `and-cuda` extra of a wheel's METADATA ("Requires-Dist: nvidia-cudnn-cu12<10.0,>=9.3.0.75; extra == \"and-cuda\""). */
export function cudaRequirements(metadata: string): CudaRequirement[] {
  const out: CudaRequirement[] = [];
  for (const line of metadata.split(/\r?\n/)) {
    const m = /^Requires-Dist:\s*(nvidia-[\w-]+)\s*([^;]*);.*extra\s*==\s*["']and-cuda["']/.exec(line);
    const minimum = m && /(?:^|,)\s*>=\s*([\w.]+)/.exec(m[2]!)?.[1];
    if (m && minimum) out.push({ project: m[1]!, minimum });
  }
  return out;
}
