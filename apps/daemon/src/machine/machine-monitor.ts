import { EventEmitter, on } from "node:events";
import { readFile } from "node:fs/promises";
import os from "node:os";
import type { Gpu } from "../daemon/config.ts";
import type { Logger } from "../daemon/logger.ts";
import { cpuPercentBetween, cpuTimesOf, parseMeminfo, parseProcStatus, type CpuTimes } from "./host-readings.ts";
import type { GpuSample, HostFacts, MachineReport, MachineSample, WorkerSample } from "./machine-sample.ts";
import { queryGpuReadings, type GpuReading } from "./nvidia-smi.ts";
import { RingBuffer } from "./ring-buffer.ts";

/** A run this daemon trains now, as the scheduler knows it. */
export interface RunningWorker {
  runId: string;
  pid: number | undefined;
  gpu: string | null;
}

/** Where the monitor reads the machine; tests replace them. */
export interface MachineProbes {
  /** A file's text, or null where it cannot be read (no /proc on this OS, a process gone). */
  readText: (path: string) => Promise<string | null>;
  queryGpus: () => Promise<GpuReading[]>;
  cpuTimes: () => CpuTimes;
  loadAverage: () => number;
  totalMemory: () => number;
  freeMemory: () => number;
  now: () => number;
}

export interface MachineMonitorOptions {
  /** The daemon that samples (the daemons table's id). */
  daemonId: string;
  /** The runs this daemon trains now, with their workers' pids and GPUs. */
  workers: () => readonly RunningWorker[];
  /** This daemon's GPUs; none on a CPU host (nvidia-smi is then never asked). */
  gpus: readonly Gpu[];
  logger: Logger;
  intervalMs?: number;
  /** How far back samples are kept. */
  historyMs?: number;
  probes?: Partial<MachineProbes>;
  /**
   * Where the host and its latest sample are told to the other daemons (the database), every
   * `reportEveryMs`; resolves false when it could not be kept yet (the daemon is not registered),
   * and then, as on a failure, the next sample is reported.
   */
  report?: (report: MachineReport) => Promise<boolean>;
  reportEveryMs?: number;
}

export const SAMPLE_EVERY_MS = 5000;
export const HISTORY_MS = 3 * 60 * 60 * 1000;
export const REPORT_EVERY_MS = 15_000;

/** This host's name, platform and CPUs. */
export function hostFacts(): HostFacts {
  return { hostname: os.hostname(), platform: `${os.platform()}-${os.arch()}`, cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model.trim() ?? "CPU" };
}

const defaultProbes: MachineProbes = {
  readText: (path) => readFile(path, "utf8").catch(() => null),
  queryGpus: () => queryGpuReadings(),
  cpuTimes: () => cpuTimesOf(os.cpus()),
  loadAverage: () => os.loadavg()[0] ?? 0,
  totalMemory: () => os.totalmem(),
  freeMemory: () => os.freemem(),
  now: () => Date.now(),
};

/**
 * Samples this daemon's host every few seconds — CPU, load, memory, each GPU (nvidia-smi) and each
 * run's worker (/proc/<pid>/status) — and keeps the last hours in memory (a ring of samples: no
 * table, nothing survives a restart). Subscribers get each sample as it is taken.
 */
export class MachineMonitor {
  readonly intervalMs: number;
  readonly historyMs: number;
  private readonly history: RingBuffer<MachineSample>;
  private readonly probes: MachineProbes;
  private readonly emitter = new EventEmitter();
  private timer: NodeJS.Timeout | null = null;
  private sampling: Promise<MachineSample> | null = null;
  private lastCpu: CpuTimes;
  /** Why the GPUs could not be read last time: said once, not every few seconds. */
  private gpuProblem: string | null = null;
  private reportedAt = -Infinity;

  constructor(private readonly o: MachineMonitorOptions) {
    this.intervalMs = o.intervalMs ?? SAMPLE_EVERY_MS;
    this.historyMs = o.historyMs ?? HISTORY_MS;
    this.history = new RingBuffer(Math.max(1, Math.ceil(this.historyMs / this.intervalMs)));
    this.probes = { ...defaultProbes, ...o.probes };
    this.lastCpu = this.probes.cpuTimes();
    this.emitter.setMaxListeners(0);
  }

  /** Takes a sample now and then every `intervalMs`. */
  start(): void {
    if (this.timer) return;
    const tick = () => void this.sample().catch((err: unknown) => this.o.logger.warn({ err }, "machine sampling failed"));
    tick();
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sampling;
  }

  get daemonId(): string {
    return this.o.daemonId;
  }

  /** This daemon's GPUs; none on a CPU host. */
  get gpus(): readonly Gpu[] {
    return this.o.gpus;
  }

  /** The newest sample, if one was taken. */
  latest(): MachineSample | null {
    return this.history.last() ?? null;
  }

  /** The samples kept that were taken after `time` (all of them for 0), oldest first. */
  since(time: number): MachineSample[] {
    return this.history.toArray().filter((sample) => sample.time > time);
  }

  /** Every sample from now on; buffers from the moment it is called (subscribe before the backlog). */
  samples(signal: AbortSignal | undefined): AsyncIterableIterator<[MachineSample]> {
    return on(this.emitter, "sample", signal ? { signal } : {}) as AsyncIterableIterator<[MachineSample]>;
  }

  /** Takes one sample (or joins the one being taken), keeps it and tells subscribers. */
  sample(): Promise<MachineSample> {
    this.sampling ??= this.take().finally(() => (this.sampling = null));
    return this.sampling;
  }

  private async take(): Promise<MachineSample> {
    const [memory, gpus, workers] = await Promise.all([this.hostMemory(), this.gpuSamples(), this.workerSamples()]);
    const cpu = this.probes.cpuTimes();
    const previous = this.history.last();
    const sample: MachineSample = {
      time: Math.max(this.probes.now(), (previous?.time ?? 0) + 1),
      cpuPercent: cpuPercentBetween(this.lastCpu, cpu),
      load1: this.probes.loadAverage(),
      memoryTotalBytes: memory.totalBytes,
      memoryUsedBytes: memory.totalBytes - memory.availableBytes,
      gpus,
      workers,
    };
    this.lastCpu = cpu;
    this.history.push(sample);
    this.emitter.emit("sample", sample);
    this.reportNow(sample);
    return sample;
  }

  private reportNow(latest: MachineSample): void {
    const { report, reportEveryMs = REPORT_EVERY_MS } = this.o;
    if (!report || latest.time - this.reportedAt < reportEveryMs) return;
    this.reportedAt = latest.time;
    // A database that is away is the scheduler's to say; here the next sample is reported instead.
    const retry = () => (this.reportedAt = -Infinity);
    report({ host: hostFacts(), latest }).then(
      (kept) => kept || retry(),
      (err: unknown) => {
        retry();
        this.o.logger.debug({ err }, "machine report not stored");
      },
    );
  }

  private async hostMemory() {
    const meminfo = await this.probes.readText("/proc/meminfo");
    return (meminfo === null ? null : parseMeminfo(meminfo)) ?? { totalBytes: this.probes.totalMemory(), availableBytes: this.probes.freeMemory() };
  }

  private async workerSamples(): Promise<WorkerSample[]> {
    return Promise.all(
      this.o.workers().map(async ({ runId, pid, gpu }) => {
        const status = pid === undefined ? null : await this.probes.readText(`/proc/${pid}/status`);
        const memory = status === null ? null : parseProcStatus(status);
        return { runId, pid: pid ?? null, gpu, rssBytes: memory?.rssBytes ?? null, peakBytes: memory?.peakBytes ?? null };
      }),
    );
  }

  /** This daemon's GPUs, each with what nvidia-smi says of it (nulls while it does not answer). */
  private async gpuSamples(): Promise<GpuSample[]> {
    if (this.o.gpus.length === 0) return [];
    let readings: GpuReading[] = [];
    try {
      readings = await this.probes.queryGpus();
      if (this.gpuProblem !== null) this.o.logger.info("machine sampling: nvidia-smi answers again");
      this.gpuProblem = null;
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      if (this.gpuProblem === null) this.o.logger.warn(`machine sampling: ${problem}; GPU utilisation and memory are unknown until it answers`);
      this.gpuProblem = problem;
    }
    return this.o.gpus.map((gpu) => {
      const reading = readings.find((r) => r.index === gpu.id);
      return {
        id: gpu.id,
        name: reading?.name ?? null,
        utilizationPercent: reading?.utilizationPercent ?? null,
        memoryUsedMb: reading?.memoryUsedMb ?? null,
        memoryTotalMb: reading?.memoryTotalMb ?? gpu.memoryMb,
        temperatureC: reading?.temperatureC ?? null,
      };
    });
  }
}
