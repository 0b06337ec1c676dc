import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";

/**
 * What `setup-engine` built, written beside the binding it built (`<package>/deps/minima-engine.json`):
 * which TensorFlow wheel, where the CUDA libraries came from and which directories hold them. The
 * daemon reads it to give its workers those directories (LD_LIBRARY_PATH: libraries the CUDA
 * libraries load in turn are found there, not only through libtensorflow's RUNPATH), and doctor
 * to say what the engine is. It is rewritten with the binding, so it never outlives it.
 */
export const ENGINE_MANIFEST_FILE = "minima-engine.json";

const manifestSchema = z.object({
  flavour: z.enum(["cpu", "gpu"]),
  tensorflowVersion: z.string(),
  wheel: z.string(),
  /** pip: the nvidia-*-cu12 wheels; system: an installed CUDA 12 toolkit and cuDNN 9. */
  cudaSource: z.enum(["pip", "system"]).nullable(),
  libraryDirs: z.array(z.string()),
  /** Each CUDA library: its file and the version of the wheel or file it came from. */
  cudaLibraries: z.array(z.object({ soname: z.string(), path: z.string(), version: z.string().nullable() })),
  /** SASS/PTX targets of the wheel's kernels (kernel-targets.ts). */
  cudaArchitectures: z.array(z.string()),
  /** On a GPU host that got the CPU engine: what was missing, and how to get it. */
  gpuFallback: z.string().nullable(),
  builtAt: z.string(),
});
export type EngineManifest = z.infer<typeof manifestSchema>;

export type NativePackage = "@tensorflow/tfjs-node-gpu" | "@tensorflow/tfjs-node";

const require = createRequire(import.meta.url);

export function manifestPath(packageDir: string): string {
  return path.join(packageDir, "deps", ENGINE_MANIFEST_FILE);
}

/** The manifest of a package's binding; null when setup-engine did not write one (or it is unreadable). */
export function readEngineManifest(pkg: NativePackage, resolve: (id: string) => string = require.resolve): EngineManifest | null {
  let file: string;
  try {
    file = manifestPath(path.dirname(resolve(`${pkg}/package.json`)));
  } catch {
    return null;
  }
  if (!existsSync(file)) return null;
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  return parsed.success ? parsed.data : null;
}

/**
 * The environment a GPU training process needs from the manifest: its CUDA library directories
 * first on LD_LIBRARY_PATH (the loader reads it once, at process start, hence in the spawn
 * environment), and a PTX cache big enough that TensorFlow's kernels JIT-compiled for a GPU newer
 * than its SASS (Hopper, Blackwell) are compiled once, not at every start (the driver's default
 * cache is 256 MiB; 4 GiB is its maximum).
 */
export function gpuLibraryEnv(manifest: EngineManifest | null, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (!manifest || manifest.flavour !== "gpu" || manifest.libraryDirs.length === 0) return {};
  const current = env.LD_LIBRARY_PATH?.split(":").filter(Boolean) ?? [];
  return {
    LD_LIBRARY_PATH: [...manifest.libraryDirs, ...current.filter((dir) => !manifest.libraryDirs.includes(dir))].join(":"),
    CUDA_CACHE_MAXSIZE: env.CUDA_CACHE_MAXSIZE ?? String(2 ** 32),
  };
}

/** gpuLibraryEnv for the installed tfjs-node-gpu binding (nothing where setup-engine built none). */
export function engineProcessEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return gpuLibraryEnv(readEngineManifest("@tensorflow/tfjs-node-gpu"), env);
}
