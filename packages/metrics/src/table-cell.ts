import { aggregate, type SeedStats } from "./aggregate.ts";
import { MetricsError } from "./metrics-error.ts";

/** The paper's number for a cell; Table 1 publishes no std. */
export interface PublishedValue {
  mean: number;
  std: number | null;
}

/** One cell of an assembled table: the seeds' statistics beside the paper's value. */
export interface TableCell {
  stats: SeedStats;
  published: PublishedValue | null;
  /** Measured mean − published mean; null when either is missing or the paper's is another setting's. */
  difference: number | null;
  /** The runs whose values the cell averages, in seed order (only those that gave a run id). */
  runIds: string[];
}

/** The part every stored measure shares: which seed, what value, which run produced it. */
export interface SeedMeasure {
  seed: number;
  value: number;
  runId?: string;
}

/** One cell's measures by seed; a later measure of the same seed replaces the earlier one (a rerun). */
export type SeedValues = Map<number, SeedMeasure>;

/** Adds a measure to its cell; `where` describes the cell for the error message, built only on error. */
export function addMeasure(cell: SeedValues, measure: SeedMeasure, where: () => string): void {
  if (!Number.isInteger(measure.seed)) throw new MetricsError(`${where()}: seed must be an integer; got ${measure.seed}.`);
  if (!Number.isFinite(measure.value)) {
    throw new MetricsError(`${where()}, seed ${measure.seed}${measure.runId ? ` (run ${measure.runId})` : ""}: value is ${measure.value}; a diverged run has no value to average.`);
  }
  cell.set(measure.seed, measure);
}

/**
 * Aggregates a cell's seeds (in seed order, so the sum never depends on arrival order). `compare`
 * is false when the published value is another setting's: shown beside, never subtracted.
 */
export function toCell(cell: SeedValues | undefined, published: PublishedValue | null, expectedSeeds: number, scale = 1, compare = true): TableCell {
  const measures = cell ? [...cell.values()] : [];
  if (!isSortedBySeed(measures)) measures.sort((a, b) => a.seed - b.seed);
  const values = new Array<number>(measures.length);
  const runIds: string[] = [];
  for (let i = 0; i < measures.length; i++) {
    const m = measures[i]!;
    values[i] = m.value * scale;
    if (m.runId !== undefined) runIds.push(m.runId);
  }
  const stats = aggregate(values, expectedSeeds);
  return {
    stats,
    published,
    difference: stats.mean !== null && published && compare ? stats.mean - published.mean : null,
    runIds,
  };
}

// Seeds usually arrive in order (a query sorted by run); checking is cheaper than sorting.
function isSortedBySeed(measures: readonly SeedMeasure[]): boolean {
  for (let i = 1; i < measures.length; i++) if (measures[i - 1]!.seed > measures[i]!.seed) return false;
  return true;
}
