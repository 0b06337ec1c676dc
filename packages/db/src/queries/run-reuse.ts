import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { rowsOf } from "../migrate.ts";
import { artifacts, metrics, runs } from "../schema/index.ts";
import { changeRun, type Queryable, type RunChange } from "./run-changes.ts";
import type { RunRow } from "./runs.ts";

/**
 * Twins: runs of the same fingerprint (kind, configuration, and what their dependencies computed)
 * compute the same thing, so one that succeeded stands for all. A run marked `reuse` takes a
 * twin's results instead of training: when its experiment is created (createExperiment), and
 * when a daemon would start it while a twin queued earlier has succeeded meanwhile (claimRun).
 * The results are the twin's metrics and artifact rows; the files are shared, not copied.
 */

/** The newest succeeded run of each fingerprint. */
export async function succeededByFingerprint(db: Pick<Db, "select" | "selectDistinctOn">, prints: readonly string[]): Promise<Map<string, RunRow>> {
  if (prints.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([runs.fingerprint])
    .from(runs)
    .where(and(inArray(runs.fingerprint, [...new Set(prints)]), eq(runs.status, "succeeded")))
    .orderBy(runs.fingerprint, desc(runs.finishedAt));
  return new Map(rows.map((r) => [r.fingerprint!, r]));
}

/** Which of `prints` a queued or running run has: a twin in flight. */
export async function liveFingerprints(db: Pick<Db, "selectDistinct">, prints: readonly string[]): Promise<Set<string>> {
  if (prints.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ fingerprint: runs.fingerprint })
    .from(runs)
    .where(and(inArray(runs.fingerprint, [...new Set(prints)]), inArray(runs.status, ["queued", "running"])));
  return new Set(rows.map((r) => r.fingerprint!));
}

/**
 * The runs of an experiment that will take a twin's results instead of training: queued, marked
 * `reuse`, with a twin running or queued before them. (The queue's order is also priority and
 * fairness between owners; creation order stands in for it.)
 */
export async function runsAwaitingTwins(db: Pick<Db, "execute">, experimentId: string): Promise<Set<string>> {
  const rows = await db.execute(sql`
    select r.id from runs r
    where r.experiment_id = ${experimentId} and r.status = 'queued' and r.reuse and exists (
      select 1 from runs t where t.fingerprint = r.fingerprint and t.id <> r.id
      and (t.status = 'running' or (t.status = 'queued' and (t.created_at, t.id) < (r.created_at, r.id))))`);
  return new Set(rowsOf<{ id: string }>(rows).map((r) => r.id));
}

/** What a run that takes over `twin`'s results sets on its row: the twin's outcome, and where it came from. */
export function resultsOf(twin: RunRow) {
  const { status, epoch, attempt, backend, startedAt, finishedAt, activeMs } = twin;
  return { status, epoch, attempt, backend, startedAt, finishedAt, activeMs, reusedFrom: twin.id };
}

/** Copies `from`'s metrics and artifact rows to the run `to`. */
export async function copyResults(q: Queryable, from: string, to: string): Promise<void> {
  await q.execute(sql`
    INSERT INTO ${metrics} (run_id, phase, epoch, step, name, value, time)
    SELECT ${to}::uuid, phase, epoch, step, name, value, time FROM ${metrics} WHERE run_id = ${from} ORDER BY id`);
  await q.execute(sql`
    INSERT INTO ${artifacts} (run_id, name, kind, path, size, sha256)
    SELECT ${to}::uuid, name, kind, path, size, sha256 FROM ${artifacts} WHERE run_id = ${from}`);
}

/**
 * A queued run marked `reuse` whose twin has succeeded takes that twin's results and succeeds
 * without training (event `run.succeeded`, its data naming the twin). Returns the change, or
 * null where there is no such twin (or the run is not queued, or not marked `reuse`).
 */
export async function adoptTwin(q: Queryable, run: Pick<RunRow, "id" | "reuse" | "fingerprint">): Promise<RunChange | null> {
  if (!run.reuse || run.fingerprint === null) return null;
  const twin = (await succeededByFingerprint(q, [run.fingerprint])).get(run.fingerprint);
  if (!twin || twin.id === run.id) return null;
  const adopted = await changeRun(q, run.id, {
    action: "adopt",
    set: resultsOf(twin),
    event: () => ({ type: "run.succeeded", data: { reusedFrom: twin.id } }),
  });
  if (adopted) await copyResults(q, twin.id, run.id);
  return adopted;
}
