import * as tf from "@tensorflow/tfjs";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { activeAllocator, type AllocatorName } from "./allocator.ts";
import { registerFlippedConvInputGradient, registerFusedReluGradient, setFusion } from "./fused/index.ts";
import { installEagerGradientDisposal } from "./eager-gradients.ts";
import { preferOneDnn, registerOneDnnWorkarounds } from "./onednn.ts";

export const BACKENDS = ["tensorflow", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface Engine {
  /** The tfjs backend in use. `tensorflow` is the native engine (libtensorflow). */
  backend: BackendName;
  /** The package that provides it. */
  provider: "@tensorflow/tfjs-node-gpu" | "@tensorflow/tfjs-node" | "@tensorflow/tfjs-backend-wasm" | "@tensorflow/tfjs";
  device: "gpu" | "cpu";
  /** Why a faster engine was not used; null when the first choice loaded. */
  fallbackReason: string | null;
  tfjsVersion: string;
  /** Version of the libtensorflow the native binding loaded, when native. */
  libtensorflowVersion: string | null;
  /** Whether the native backend's fused training kernels are on (MINIMA_FUSED=0 turns them off). */
  fused: boolean;
  /** The malloc this process runs on (see allocator.ts). */
  allocator: AllocatorName;
  /** Whether libtensorflow runs its CPU ops through oneDNN (on unless TF_ENABLE_ONEDNN_OPTS=0; onednn.ts). */
  onednn: boolean;
}

export interface EngineOptions {
  /** Force a backend (also MINIMA_BACKEND); by default the fastest that loads. */
  backend?: BackendName | undefined;
  /**
   * TensorFlow's fused kernels (ReluGrad, FusedBatchNormV3 and its gradient) for training on the
   * native backend; false (or MINIMA_FUSED=0) runs the pure-tfjs path everywhere. Default true.
   */
  fused?: boolean | undefined;
}

const require = createRequire(import.meta.url);
let active: Engine | null = null;

/** True when an NVIDIA driver answers; MINIMA_ENGINE=cpu hides the GPU. */
export function cudaAvailable(): boolean {
  if (process.env.MINIMA_ENGINE === "cpu") return false;
  if (!existsSync("/proc/driver/nvidia") && !existsSync("/dev/nvidiactl")) return false;
  return spawnSync("nvidia-smi", ["-L"], { encoding: "utf8" }).status === 0;
}

function loadNative(pkg: "@tensorflow/tfjs-node-gpu" | "@tensorflow/tfjs-node"): string | null {
  // Loading the package registers the `tensorflow` backend with the one tfjs-core instance.
  const native = require(pkg) as { backend(): { binding?: { TF_Version?: string } } };
  if (!tf.findBackend("tensorflow")) throw new Error(`${pkg} loaded but registered no tensorflow backend`);
  return native.backend().binding?.TF_Version ?? null;
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}

/**
 * Picks and initializes the backend once per process: tfjs-node-gpu where CUDA is usable, else
 * tfjs-node, else wasm, else cpu. The reason for any fallback is kept for `doctor` and runs.
 */
export async function initEngine(options: EngineOptions = {}): Promise<Engine> {
  if (active) return active;
  const fused = options.fused ?? process.env.MINIMA_FUSED !== "0";
  setFusion(fused);
  registerFusedReluGradient();
  installEagerGradientDisposal();
  const forced = options.backend ?? (process.env.MINIMA_BACKEND as BackendName | undefined);
  if (forced && !BACKENDS.includes(forced)) {
    throw new Error(`Unknown backend "${forced}" (MINIMA_BACKEND); expected one of ${BACKENDS.join(", ")}.`);
  }
  const reasons: string[] = [];
  if (!forced || forced === "tensorflow") {
    const candidates = cudaAvailable()
      ? (["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"] as const)
      : (["@tensorflow/tfjs-node"] as const);
    if (!cudaAvailable()) reasons.push("no CUDA device (nvidia-smi found none), so not tfjs-node-gpu");
    const onednn = preferOneDnn();
    for (const pkg of candidates) {
      try {
        const libtensorflowVersion = loadNative(pkg);
        await tf.setBackend("tensorflow");
        await tf.ready();
        // oneDNN's own conv input gradient is fast on small maps; Eigen's is not (conv-backprop-input.ts).
        if (onednn) registerOneDnnWorkarounds();
        else registerFlippedConvInputGradient();
        return (active = {
          backend: "tensorflow",
          provider: pkg,
          device: pkg.endsWith("-gpu") ? "gpu" : "cpu",
          fallbackReason: pkg === candidates[0] ? null : reasons.join("; "),
          tfjsVersion: tf.version.tfjs,
          libtensorflowVersion,
          fused,
          allocator: activeAllocator(),
          onednn,
        });
      } catch (error) {
        reasons.push(`${pkg} did not load (${reasonOf(error)}); run \`npm run setup\` to build it`);
      }
    }
    if (forced) throw new Error(`The native backend was asked for but is not usable: ${reasons.join("; ")}`);
  }
  if (!forced || forced === "wasm") {
    try {
      const wasm = await import("@tensorflow/tfjs-backend-wasm");
      wasm.setWasmPaths(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm")) + path.sep);
      await tf.setBackend("wasm");
      await tf.ready();
      return (active = fallback("wasm", "@tensorflow/tfjs-backend-wasm", reasons));
    } catch (error) {
      reasons.push(`wasm did not load (${reasonOf(error)})`);
      if (forced) throw new Error(`The wasm backend was asked for but is not usable: ${reasons.join("; ")}`);
    }
  }
  await tf.setBackend("cpu");
  await tf.ready();
  return (active = fallback("cpu", "@tensorflow/tfjs", reasons));
}

function fallback(backend: BackendName, provider: Engine["provider"], reasons: string[]): Engine {
  const engine: Engine = {
    backend,
    provider,
    device: "cpu",
    fallbackReason: reasons.join("; ") || null,
    tfjsVersion: tf.version.tfjs,
    libtensorflowVersion: null,
    // The fused kernels are TensorFlow's: other backends always run the pure-tfjs path.
    fused: false,
    allocator: activeAllocator(),
    onednn: false,
  };
  if (reasons.length > 0) {
    console.warn(`[minima] WARNING: training on the slow ${backend} backend: ${engine.fallbackReason}`);
  }
  return engine;
}
