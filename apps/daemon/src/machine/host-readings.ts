import type os from "node:os";

/** A process's resident memory now and at its peak (the kernel's high-water mark), in bytes. */
export interface ProcessMemory {
  rssBytes: number;
  peakBytes: number | null;
}

/** The host's memory in bytes; `available` counts what the kernel would free for a new process. */
export interface HostMemory {
  totalBytes: number;
  availableBytes: number;
}

/** The `Key:  value kB` lines of a /proc file, in bytes. */
function kibFields(text: string): Map<string, number> {
  const fields = new Map<string, number>();
  for (const match of text.matchAll(/^(\w+):\s+(\d+)\s*kB$/gm)) fields.set(match[1]!, Number(match[2]) * 1024);
  return fields;
}

/** /proc/<pid>/status → VmRSS and VmHWM; null for a process that has none (a zombie, a kernel thread). */
export function parseProcStatus(text: string): ProcessMemory | null {
  const fields = kibFields(text);
  const rssBytes = fields.get("VmRSS");
  if (rssBytes === undefined) return null;
  return { rssBytes, peakBytes: fields.get("VmHWM") ?? null };
}

/**
 * /proc/meminfo → total and available memory. Kernels before 3.14 have no MemAvailable: there
 * free + buffers + page cache is the usual estimate.
 */
export function parseMeminfo(text: string): HostMemory | null {
  const fields = kibFields(text);
  const totalBytes = fields.get("MemTotal");
  if (totalBytes === undefined) return null;
  const available = fields.get("MemAvailable") ?? (fields.get("MemFree") ?? 0) + (fields.get("Buffers") ?? 0) + (fields.get("Cached") ?? 0);
  return { totalBytes, availableBytes: Math.min(available, totalBytes) };
}

/** Busy and total CPU time over all cores, in milliseconds since boot. */
export interface CpuTimes {
  busyMs: number;
  totalMs: number;
}

/** Sums `os.cpus()`'s times over all cores. */
export function cpuTimesOf(cpus: readonly os.CpuInfo[]): CpuTimes {
  let busyMs = 0;
  let totalMs = 0;
  for (const { times } of cpus) {
    const busy = times.user + times.nice + times.sys + times.irq;
    busyMs += busy;
    totalMs += busy + times.idle;
  }
  return { busyMs, totalMs };
}

/** The share of CPU time spent busy between two readings, in percent of all cores; null without time between them. */
export function cpuPercentBetween(before: CpuTimes, after: CpuTimes): number | null {
  const total = after.totalMs - before.totalMs;
  if (total <= 0) return null;
  return Math.min(100, Math.max(0, ((after.busyMs - before.busyMs) / total) * 100));
}
