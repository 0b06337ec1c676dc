import type { MetricPoint, MetricRow } from "@minima/metrics";
import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import { rowsOf, uuidArray } from "../migrate.ts";
import type { Db } from "../client.ts";
import { metrics } from "../schema/index.ts";

/** Metric rows from raw SQL: bigint id and time come back as strings from node-postgres. */
function storedRows(result: unknown): MetricRow[] {
  return rowsOf<MetricRow & { id: number | string; time: number | string }>(result).map((r) => ({ ...r, id: Number(r.id), time: Number(r.time) }));
}

/**
 * Writes a batch of points in one statement and returns them with their ids. The batch travels
 * as one JSON parameter rather than seven per point: a third of the database's CPU time per
 * point (measured on PGlite, 200-point batches), which matters at 1,000 step points a second.
 */
export async function insertMetrics(db: Db, runId: string, points: readonly MetricPoint[]): Promise<MetricRow[]> {
  if (points.length === 0) return [];
  const result = await db.execute(sql`
    insert into metrics (run_id, phase, epoch, step, name, value, time)
    select ${runId}::uuid, x.phase, x.epoch, x.step, x.name, x.value, x.time
    from rows from (jsonb_to_recordset(${JSON.stringify(points)}::jsonb)
      as (phase text, epoch int, step int, name text, value float8, time bigint)) with ordinality
      as x(phase, epoch, step, name, value, time, n)
    order by x.n
    returning id, run_id as "runId", phase, epoch, step, name, value, time`);
  return storedRows(result).sort((a, b) => a.id - b.id);
}

/** A run's points in write order, optionally only those after a known id. */
export async function metricsOf(db: Db, runId: string, afterId = 0, limit = 100_000): Promise<MetricRow[]> {
  return db
    .select()
    .from(metrics)
    .where(and(eq(metrics.runId, runId), gt(metrics.id, afterId)))
    .orderBy(asc(metrics.id))
    .limit(limit);
}

/**
 * Each run's last value of every metric name (the row of its highest epoch, the latest written
 * among equals), for many runs in one query: what tables and figures read from finished runs,
 * without their step-by-step history.
 */
export async function finalMetricsOf(db: Db, runIds: readonly string[]): Promise<MetricRow[]> {
  if (runIds.length === 0) return [];
  const result = await db.execute(sql`
    select distinct on (run_id, name) id, run_id as "runId", phase, epoch, step, name, value, time
    from metrics where run_id = any(${uuidArray(runIds)})
    order by run_id, name, epoch desc, id desc`);
  return storedRows(result).sort((a, b) => a.id - b.id);
}

/**
 * A run's points for a chart: every series (phase, name) of at most `maxPoints` rows whole; a
 * longer one (a step-loss curve of a long run) thinned to about `maxPoints` rows by splitting it
 * into maxPoints / 2 buckets of consecutive rows and keeping each bucket's lowest and highest
 * value, so spikes survive, plus the series' first and last rows. In write order; the last row
 * of the run is always there, so a client can stream on from its id.
 */
export async function metricsForChart(db: Db, runId: string, maxPoints: number): Promise<MetricRow[]> {
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const result = await db.execute(sql`
    with numbered as (
      select m.*, row_number() over (partition by phase, name order by id) as n, count(*) over (partition by phase, name) as total
      from metrics m where run_id = ${runId}
    ), bucketed as (
      select numbered.*, ((n - 1) * ${buckets}) / total as bucket from numbered
    ), ranked as (
      select bucketed.*,
        row_number() over (partition by phase, name, bucket order by value, id) as low,
        row_number() over (partition by phase, name, bucket order by value desc, id) as high
      from bucketed
    )
    select id, run_id as "runId", phase, epoch, step, name, value, time from ranked
    where total <= ${maxPoints} or n = 1 or n = total or low = 1 or high = 1
    order by id`);
  return storedRows(result);
}

/** Drops every point of a run (it is starting again from scratch). */
export async function clearMetrics(db: Db, runId: string): Promise<void> {
  await db.delete(metrics).where(eq(metrics.runId, runId));
}

/**
 * Drops a run's points after `epoch` (it resumes from that epoch's checkpoint), so its curves
 * hold each epoch once. Returns how many were dropped.
 */
export async function deleteMetricsAfter(db: Db, runId: string, epoch: number): Promise<number> {
  const rows = await db
    .delete(metrics)
    .where(and(eq(metrics.runId, runId), gt(metrics.epoch, epoch)))
    .returning({ id: metrics.id });
  return rows.length;
}

/** A run's points with ids in (afterId, upToId], for relaying a batch another daemon wrote. */
export async function metricsBetween(db: Db, runId: string, afterId: number, upToId: number): Promise<MetricRow[]> {
  return db
    .select()
    .from(metrics)
    .where(and(eq(metrics.runId, runId), gt(metrics.id, afterId), lte(metrics.id, upToId)))
    .orderBy(asc(metrics.id));
}
