import type { MetricPoint, MetricRow } from "@minima/metrics";
import { and, asc, eq, gt, lte } from "drizzle-orm";
import type { Db } from "../client.ts";
import { metrics } from "../schema/index.ts";

/** Writes a batch of points in one statement and returns them with their ids. */
export async function insertMetrics(db: Db, runId: string, points: readonly MetricPoint[]): Promise<MetricRow[]> {
  if (points.length === 0) return [];
  return db
    .insert(metrics)
    .values(points.map((p) => ({ runId, ...p })))
    .returning();
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
