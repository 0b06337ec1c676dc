import type { RunStatus } from "@minima/metrics";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { uuidArray } from "../migrate.ts";
import { runDependencies, runs } from "../schema/index.ts";

export type RunRow = typeof runs.$inferSelect;
export type Run = RunRow & { dependsOn: string[] };

export async function withDependencies<R extends { id: string }>(db: Db, rows: R[]): Promise<Array<R & { dependsOn: string[] }>> {
  if (rows.length === 0) return [];
  const edges = await db
    .select()
    .from(runDependencies)
    .where(sql`${runDependencies.runId} = any(${uuidArray(rows.map((r) => r.id))})`);
  const dependsOn = new Map<string, string[]>();
  for (const edge of edges) dependsOn.set(edge.runId, [...(dependsOn.get(edge.runId) ?? []), edge.dependsOnId]);
  return rows.map((r) => ({ ...r, dependsOn: dependsOn.get(r.id) ?? [] }));
}

export async function listRuns(db: Db, filter: { experimentId?: string | undefined; status?: RunStatus | undefined } = {}): Promise<Run[]> {
  const rows = await db
    .select()
    .from(runs)
    .where(
      and(
        filter.experimentId ? eq(runs.experimentId, filter.experimentId) : undefined,
        filter.status ? eq(runs.status, filter.status) : undefined,
      ),
    )
    .orderBy(asc(runs.createdAt), asc(runs.key));
  return withDependencies(db, rows);
}

export async function getRun(db: Db, id: string): Promise<Run | null> {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  return row ? ((await withDependencies(db, [row]))[0] ?? null) : null;
}

/** A running run's progress: its epoch, the engine it trains on. Its status changes only through changeRuns. */
export async function updateRun(db: Db, id: string, patch: Partial<Pick<RunRow, "epoch" | "backend">>): Promise<RunRow | null> {
  const [row] = await db.update(runs).set(patch).where(eq(runs.id, id)).returning();
  return row ?? null;
}

