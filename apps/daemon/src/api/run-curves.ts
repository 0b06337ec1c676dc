import { finalMetricsOf, getRun, listExperiments, metricsForChart, type Db } from "@minima/db";
import type { MetricRow } from "@minima/metrics";
import { z } from "zod";
import { runView, type RunView } from "./views.ts";

/** More curves than this on one page are unreadable, and each run costs a query of its points. */
export const MAX_CURVE_RUNS = 20;

export const runCurvesInput = z.object({
  runIds: z.array(z.string().uuid()).min(1).max(MAX_CURVE_RUNS),
  /** Only these metric names (`test_acc`, `lr`, …); all when absent. */
  names: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
  /** A series longer than this is thinned to about this many points, its extremes kept. */
  maxPoints: z.number().int().min(10).max(100_000).default(10_000),
});
export type RunCurvesInput = z.infer<typeof runCurvesInput>;

/** One metric of one phase of a run, in columns, ordered by epoch. */
export interface CurveSeries {
  phase: string;
  name: string;
  epoch: number[];
  step: number[];
  /** Milliseconds since the Unix epoch, as the worker measured it. */
  time: number[];
  value: number[];
}

export interface RunCurves extends RunView {
  config: Record<string, unknown>;
  experimentTitle: string;
  experimentName: string | null;
  /** Each metric's last value (of the run's last epoch that measured it), whatever `names` asks for. */
  final: Record<string, number>;
  series: CurveSeries[];
}

/**
 * Groups a run's points into one series per (phase, name), in the order they were first written,
 * each ordered by epoch; a later point for the same epoch replaces an earlier one.
 */
export function curveSeries(rows: readonly MetricRow[]): CurveSeries[] {
  const byKey = new Map<string, { phase: string; name: string; points: Map<number, MetricRow> }>();
  for (const row of rows) {
    const key = `${row.phase}\u0000${row.name}`;
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { phase: row.phase, name: row.name, points: new Map() }));
    entry.points.set(row.epoch, row);
  }
  return [...byKey.values()].map(({ phase, name, points }) => {
    const sorted = [...points.values()].sort((a, b) => a.epoch - b.epoch);
    return { phase, name, epoch: sorted.map((p) => p.epoch), step: sorted.map((p) => p.step), time: sorted.map((p) => p.time), value: sorted.map((p) => p.value) };
  });
}

/** The runs asked for, in that order, with their settings, final metrics and curves; ids of no run in `missing`. */
export async function runCurves(db: Db, input: RunCurvesInput): Promise<{ runs: RunCurves[]; missing: string[] }> {
  const ids = [...new Set(input.runIds.map((id) => id.toLowerCase()))];
  const found = (await Promise.all(ids.map((id) => getRun(db, id)))).filter((run) => run !== null);
  const experiments = new Map((await listExperiments(db, { ids: [...new Set(found.map((r) => r.experimentId))] })).map((e) => [e.id, e]));
  const finals = await finalMetricsOf(db, found.map((r) => r.id));
  const names = input.names ? new Set(input.names) : null;
  const runs = await Promise.all(
    found.map(async (run): Promise<RunCurves> => {
      const rows = await metricsForChart(db, run.id, input.maxPoints);
      const experiment = experiments.get(run.experimentId);
      return {
        ...runView(run),
        config: run.config,
        experimentTitle: experiment?.title ?? "",
        experimentName: experiment?.name ?? null,
        final: Object.fromEntries(finals.filter((m) => m.runId === run.id).map((m) => [m.name, m.value])),
        series: curveSeries(names ? rows.filter((r) => names.has(r.name)) : rows),
      };
    }),
  );
  return { runs, missing: ids.filter((id) => !found.some((r) => r.id === id)) };
}
