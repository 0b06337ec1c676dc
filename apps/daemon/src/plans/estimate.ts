import { listRuns, type Db, type PlannedRun } from "@minima/db";

/** What makes two runs' epochs cost about the same: kind, data, model and sizes, not seed or mode. */
function shapeOf(kind: string, config: Record<string, unknown>): string {
  const confusion = config.confusion as { replicas?: number } | null | undefined;
  const pick = ["dataset", "model", "width", "trainSubset", "batchSize", "phase", "labels", "augment", "measure"].map((k) => config[k]);
  return JSON.stringify([kind, ...pick, confusion?.replicas ?? null]);
}

export interface PlanEstimate {
  /** Training time of the runs still to run, summed; null when no run of the plan's shapes has finished yet. */
  computeSeconds: number | null;
  /** The same spread over the daemon's concurrent runs: roughly the wall-clock time, queue permitting. */
  wallSeconds: number | null;
  /** Runs whose shape this daemon has never finished, left out of the sums. */
  unknownRuns: number;
}

/**
 * A plan's expected duration from what this database has seen: each run's epochs times the seconds
 * per epoch of the newest finished run of the same shape (pre-training stops early, so its cap
 * makes the estimate an upper bound). Runs that will be reused (a twin finished, or is queued or
 * running) cost nothing.
 */
export async function estimatePlan(db: Db, runs: readonly PlannedRun[], reusable: ReadonlySet<string>, concurrency: number): Promise<PlanEstimate> {
  const perEpoch = new Map<string, number>();
  const finished = (await listRuns(db, { status: "succeeded" })).filter((r) => r.startedAt && r.finishedAt && r.epoch > 0 && !r.reusedFrom);
  finished.sort((a, b) => a.finishedAt!.getTime() - b.finishedAt!.getTime());
  for (const run of finished) perEpoch.set(shapeOf(run.kind, run.config), (run.finishedAt!.getTime() - run.startedAt!.getTime()) / 1000 / run.epoch);
  let seconds = 0;
  let known = 0;
  let unknownRuns = 0;
  for (const run of runs) {
    if (reusable.has(run.key)) continue;
    const rate = perEpoch.get(shapeOf(run.kind, run.config));
    if (rate === undefined) unknownRuns++;
    else {
      seconds += rate * run.epochs;
      known++;
    }
  }
  const computeSeconds = known > 0 ? Math.round(seconds) : null;
  return { computeSeconds, wallSeconds: computeSeconds === null ? null : Math.round(computeSeconds / Math.max(1, concurrency)), unknownRuns };
}
