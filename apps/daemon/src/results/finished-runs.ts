import type { ImageRunConfig } from "@minima/core/plans";
import { finalMetricsOf, listRuns, type Db, type Run } from "@minima/db";
import type { MetricRow } from "@minima/metrics";

/** A succeeded run of an experiment with the last value of each of its metrics. */
export interface FinishedRun {
  run: Run;
  points: MetricRow[];
}

/**
 * The experiment's succeeded runs of `kind`, each with its final metrics (one query for all of
 * them, not each run's whole history), in creation order.
 */
export async function finishedRuns(db: Db, experimentId: string, kind: "image" | "measure"): Promise<FinishedRun[]> {
  const runs = (await listRuns(db, { experimentId, status: "succeeded" })).filter((r) => r.kind === kind);
  const byRun = new Map<string, MetricRow[]>();
  for (const point of await finalMetricsOf(db, runs.map((run) => run.id))) byRun.set(point.runId, [...(byRun.get(point.runId) ?? []), point]);
  return runs.map((run) => ({ run, points: byRun.get(run.id) ?? [] }));
}

/** The value of `name` at the run's last logged epoch (Tables 1–2 and Figure 4 report final values). */
export function finalValue(points: readonly MetricRow[], name: string): number | undefined {
  let last: MetricRow | undefined;
  for (const p of points) if (p.name === name && (!last || p.epoch >= last.epoch)) last = p;
  return last?.value;
}

export const imageConfig = (run: Run) => run.config as ImageRunConfig;
