/** A GPU of this daemon at one moment; null where nvidia-smi could not say (or did not answer). */
export interface GpuSample {
  /** The id runs are placed by (CUDA_VISIBLE_DEVICES, nvidia-smi's index). */
  id: string;
  name: string | null;
  utilizationPercent: number | null;
  memoryUsedMb: number | null;
  memoryTotalMb: number | null;
  temperatureC: number | null;
}

/** A run's worker process at one moment: its memory (null where /proc cannot say: not Linux, already gone). */
export interface WorkerSample {
  runId: string;
  pid: number | null;
  /** The GPU it was given; null on a CPU host. */
  gpu: string | null;
  rssBytes: number | null;
  /** The most it has held resident since it started (VmHWM). */
  peakBytes: number | null;
}

/** What this daemon measured of its host at one moment. */
export interface MachineSample {
  /** Milliseconds since 1970, strictly increasing: also the sample's id in `machines.onSamples`. */
  time: number;
  /** Busy share of all cores since the previous sample, in percent. */
  cpuPercent: number | null;
  /** The 1-minute load average (0 where the OS has none). */
  load1: number;
  memoryTotalBytes: number;
  /** Total less what the kernel could hand a new process (MemAvailable). */
  memoryUsedBytes: number;
  gpus: GpuSample[];
  workers: WorkerSample[];
}

/** What does not change while a daemon lives: where it runs. */
export interface HostFacts {
  hostname: string;
  /** e.g. "linux-x64". */
  platform: string;
  cpus: number;
  cpuModel: string;
}

/** What a daemon tells the others through the database: its host and its latest sample. */
export interface MachineReport {
  host: HostFacts;
  latest: MachineSample;
}
