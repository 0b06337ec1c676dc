/**
 * The NVIDIA driver as the kernel module reports it. CUDA 12 runtimes (TensorFlow 2.21's wheels
 * are built with 12.5) run on any driver from 525.60.13 on through CUDA's minor-version
 * compatibility; compiling PTX for a GPU newer than the wheel's kernels needs a driver that knows
 * the PTX's CUDA version (12.5: 555.42.02 or newer).
 */
export const CUDA12_MIN_DRIVER = "525.60.13";
export const PTX_JIT_MIN_DRIVER = "555.42.02";

/**
 * The version in /proc/driver/nvidia/version, e.g. "NVRM version: NVIDIA UNIX x86_64 Kernel Module
 * 550.54.15  Tue Mar 5 ..." or "... Open Kernel Module for x86_64  570.86.15  Release Build ...".
 */
export function parseDriverVersion(procVersion: string): string | null {
  const line = procVersion.split("\n").find((l) => l.startsWith("NVRM version:"));
  return line ? (/\s(\d+\.\d+(?:\.\d+)?)\s/.exec(`${line} `)?.[1] ?? null) : null;
}

/** Dotted versions compared number by number ("525.60.13" < "550.54.15"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Why this driver cannot run CUDA 12 libraries, or null when it can. */
export function driverProblem(version: string | null): string | null {
  if (!version) return "no NVIDIA driver answers (neither /proc/driver/nvidia/version nor nvidia-smi)";
  if (compareVersions(version, CUDA12_MIN_DRIVER) < 0) {
    return `NVIDIA driver ${version} is older than ${CUDA12_MIN_DRIVER}, the oldest that runs CUDA 12 libraries; install a current driver (e.g. \`apt-get install nvidia-driver-570\`) and reboot`;
  }
  return null;
}
