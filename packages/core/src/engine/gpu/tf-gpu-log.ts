/**
 * What libtensorflow says about the GPU stack it loaded, read from its own log (TF_CPP_MIN_LOG_LEVEL=0
 * and TF_CPP_MAX_VLOG_LEVEL unset) and from the shared objects the process mapped. Those lines are
 * TensorFlow's, not ours: gpu_device.cc's "Created device", cuda_dnn.cc's "Loaded cuDNN version",
 * dso_loader's "Could not load dynamic library", and gpu_device.cc's PTX warning.
 */
export interface TfGpuDevice {
  index: number;
  name: string;
  computeCapability: string;
  /** The memory TensorFlow's allocator took, in MB. */
  memoryMb: number;
}

export interface TfGpuLog {
  devices: TfGpuDevice[];
  /** cuDNN as TensorFlow reports it at its first use ("9.3.0"), when a cuDNN op ran. */
  cudnnVersion: string | null;
  /** Libraries TensorFlow tried to dlopen and could not, with the loader's reason. */
  missingLibraries: Array<{ library: string; reason: string }>;
  /** TensorFlow's own statement that it skipped the GPUs, or that its kernels will be JIT-compiled. */
  gpuSkipped: boolean;
  ptxJit: boolean;
}

const CREATED = /Created device \S*GPU:(\d+) with (\d+) MB memory:.*?device: \d+, name: (.+?), pci bus id: [^,]+, compute capability: (\d+\.\d+)/;
const CUDNN = /Loaded cuDNN version (\d+)/;
const DLOPEN = /Could not load dynamic library '([^']+)'; dlerror: ([^;\n]+)/;

/** cuDNN's integer version (90300 for 9.3.0, 8907 for 8.9.7). */
export function cudnnVersionString(code: number): string {
  return code >= 90000 ? `${Math.floor(code / 10000)}.${Math.floor((code % 10000) / 100)}.${code % 100}` : `${Math.floor(code / 1000)}.${Math.floor((code % 1000) / 100)}.${code % 100}`;
}

export function parseTfGpuLog(stderr: string): TfGpuLog {
  const log: TfGpuLog = { devices: [], cudnnVersion: null, missingLibraries: [], gpuSkipped: false, ptxJit: false };
  for (const line of stderr.split(/\r?\n/)) {
    const created = CREATED.exec(line);
    if (created) {
      log.devices.push({ index: Number(created[1]), memoryMb: Number(created[2]), name: created[3]!, computeCapability: created[4]! });
      continue;
    }
    const cudnn = CUDNN.exec(line);
    if (cudnn) log.cudnnVersion = cudnnVersionString(Number(cudnn[1]));
    const dlopen = DLOPEN.exec(line);
    if (dlopen && !log.missingLibraries.some((m) => m.library === dlopen[1])) log.missingLibraries.push({ library: dlopen[1]!, reason: dlopen[2]!.trim() });
    if (/Cannot dlopen some GPU libraries|Skipping registering GPU devices|Could not find cuda drivers/.test(line)) log.gpuSkipped = true;
    if (/CUDA kernels will be jit-compiled from PTX/.test(line)) log.ptxJit = true;
  }
  return log;
}

export interface LoadedCudaLibrary {
  /** Short name: cudart, cublas, cublasLt, cudnn, cufft, cusolver, cusparse, nccl, nvJitLink. */
  library: string;
  path: string;
  /** From the file name where it carries one (libcudart.so.12.5.82), else null. */
  version: string | null;
}

/** The CUDA libraries a process has mapped, from /proc/<pid>/maps text. */
export function loadedCudaLibraries(maps: string): LoadedCudaLibrary[] {
  const seen = new Map<string, LoadedCudaLibrary>();
  for (const line of maps.split("\n")) {
    const file = line.trim().split(/\s+/).slice(5).join(" ");
    const m = /\/lib(cudart|cublasLt|cublas|cudnn|cufft|cusolver|cusparse|nccl|nvJitLink|cuda)\.so\.(\d+(?:\.\d+)*)$/.exec(file);
    if (!m || seen.has(m[1]!)) continue;
    const version = m[2]!.includes(".") ? m[2]! : null;
    seen.set(m[1]!, { library: m[1]!, path: file, version });
  }
  return [...seen.values()];
}
