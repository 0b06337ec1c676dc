import type { ImageRunConfig } from "@minima/core";
import { listRuns, metricsOf, type Db, type Run } from "@minima/db";
import type { MetricRow } from "@minima/metrics";

/** A succeeded run of an experiment with its stored points. */
export interface FinishedRun {
  run: Run;
  points: MetricRow[];
}

/** The experiment's succeeded runs of `kind`, each with its metrics, in creation order. */
export async function finishedRuns(db: Db, experimentId: string, kind: "image" | "measure"): Promise<FinishedRun[]> {
  const runs = (await listRuns(db, { experimentId, status: "succeeded" })).filter((r) => r.kind === kind);
  return Promise.all(runs.map(async (run) => ({ run, points: await metricsOf(db, run.id) })));
}

/** The value of `name` at the run's last logged epoch (Tables 1–2 and Figure 4 report final values). */
export function finalValue(points: readonly MetricRow[], name: string): number | undefined {
  let last: MetricRow | undefined;
  for (const p of points) if (p.name === name && (!last || p.epoch >= last.epoch)) last = p;
  return last?.value;
}

export const imageConfig = (run: Run) => run.config as ImageRunConfig;
