/**
 * The GPU code TensorFlow's own kernels ship for: SASS (`sm_XY`, native for capability X.Y and
 * X.Z with Z ≥ Y) and PTX (`compute_XY`, compiled by the driver at first use for X.Y and newer).
 * TensorFlow 2.21's Linux wheels are built with `--config=release_gpu_linux` →
 * `cuda_clang_official` → `cuda_clang`, whose HERMETIC_CUDA_COMPUTE_CAPABILITIES in the
 * repository's .bazelrc is "sm_60,sm_70,sm_80,sm_89,compute_90" (CUDA 12.5.1, cuDNN 9.3.0). The
 * CPU wheel's build_info.py says only is_cuda_build False, so this list comes from that .bazelrc.
 * Hopper (9.0) and Blackwell (10.x, 12.x) therefore run TensorFlow's kernels through PTX JIT;
 * cuBLAS and cuDNN carry their own native kernels for them.
 */
export const TENSORFLOW_CUDA_ARCHITECTURES: Record<string, readonly string[]> = {
  "2.21": ["sm_60", "sm_70", "sm_80", "sm_89", "compute_90"],
};

/**
 * The TensorFlow release the GPU route pins when MINIMA_TF_WHEEL_VERSION is unset: its CUDA
 * wheels are pinned to the versions its `and-cuda` extra requires at least, which are the ones it
 * was built and tested with (CUDA 12.5.1, cuDNN 9.3.0), so they work together.
 */
export const GPU_TENSORFLOW_VERSION = "2.21.0";

export type KernelMode = "native" | "ptx-jit" | "unsupported";

const parse = (capability: string): [number, number] | null => {
  const m = /^(\d+)\.(\d+)$/.exec(capability.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
};

/** How TensorFlow's kernels reach a GPU of this compute capability ("9.0"), given the wheel's targets. */
export function kernelMode(capability: string, architectures: readonly string[]): KernelMode {
  const cc = parse(capability);
  if (!cc) return "unsupported";
  const [major, minor] = cc;
  const targets = architectures.map((a) => /^(sm|compute)_(\d+?)(\d)$/.exec(a)).filter((m) => m !== null);
  if (targets.some((m) => m[1] === "sm" && Number(m[2]) === major && Number(m[3]) <= minor)) return "native";
  const ptx = targets.some((m) => m[1] === "compute" && (Number(m[2]) < major || (Number(m[2]) === major && Number(m[3]) <= minor)));
  return ptx ? "ptx-jit" : "unsupported";
}

/** The known targets for a TensorFlow version ("2.21.0"), or null for one this table does not know. */
export function architecturesFor(tensorflowVersion: string | null): readonly string[] | null {
  const minor = tensorflowVersion?.split(".").slice(0, 2).join(".");
  return (minor && TENSORFLOW_CUDA_ARCHITECTURES[minor]) || null;
}

/** A line for doctor: what running on this capability means. */
export function describeKernelMode(capability: string, architectures: readonly string[] | null): string {
  if (!architectures) return "kernel targets of this libtensorflow unknown";
  const mode = kernelMode(capability, architectures);
  if (mode === "native") return "native kernels (SASS)";
  if (mode === "ptx-jit") {
    return "TensorFlow's kernels JIT-compiled from PTX on first use (minutes, cached in ~/.nv/ComputeCache; cuBLAS/cuDNN are native)";
  }
  return `no kernels for this GPU (libtensorflow targets ${architectures.join(", ")})`;
}
