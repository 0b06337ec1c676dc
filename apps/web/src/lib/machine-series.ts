/** The parts of a machine sample the charts draw (see the daemon's machine-sample.ts). */
export interface SampleLike {
  time: number;
  cpuPercent: number | null;
  memoryTotalBytes: number;
  memoryUsedBytes: number;
  gpus: ReadonlyArray<{ id: string; utilizationPercent: number | null; memoryUsedMb: number | null; memoryTotalMb: number | null }>;
}

/**
 * Samples merged by time, oldest first, each time once (the daemon may send one again after a
 * reconnect), without those older than `keepMs` before the newest.
 */
export function mergeSamples<S extends SampleLike>(held: readonly S[], incoming: readonly S[], keepMs: number): S[] {
  const byTime = new Map<number, S>();
  for (const sample of [...held, ...incoming]) byTime.set(sample.time, sample);
  const sorted = [...byTime.values()].sort((a, b) => a.time - b.time);
  const newest = sorted.at(-1)?.time ?? 0;
  return sorted.filter((sample) => sample.time >= newest - keepMs);
}

const share = (used: number | null, total: number | null) => (used === null || total === null || total <= 0 ? null : (used / total) * 100);

/** What the charts draw: time in seconds (uPlot's), and each series in percent, one value a sample. */
export interface MachineSeries {
  x: number[];
  cpu: (number | null)[];
  memory: (number | null)[];
  /** A GPU's utilisation and memory in use, by its id, in the order the GPUs first appear. */
  gpus: Array<{ id: string; utilization: (number | null)[]; memory: (number | null)[] }>;
}

export function machineSeries(samples: readonly SampleLike[]): MachineSeries {
  const ids = [...new Set(samples.flatMap((s) => s.gpus.map((g) => g.id)))];
  return {
    x: samples.map((s) => s.time / 1000),
    cpu: samples.map((s) => s.cpuPercent),
    memory: samples.map((s) => share(s.memoryUsedBytes, s.memoryTotalBytes)),
    gpus: ids.map((id) => {
      const of = samples.map((s) => s.gpus.find((g) => g.id === id));
      return { id, utilization: of.map((g) => g?.utilizationPercent ?? null), memory: of.map((g) => (g ? share(g.memoryUsedMb, g.memoryTotalMb) : null)) };
    }),
  };
}
