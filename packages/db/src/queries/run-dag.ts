import { sql } from "drizzle-orm";
import { rowsOf } from "../migrate.ts";
import { changeRuns, type Queryable, type RunChange } from "./run-changes.ts";

/** Every run downstream of `runId` in the dependency DAG, however far. */
export async function downstreamOf(q: Queryable, runId: string): Promise<string[]> {
  const result = await q.execute(sql`
    with recursive downstream as (
      select run_id from run_dependencies where depends_on_id = ${runId}
      union
      select d.run_id from run_dependencies d join downstream x on d.depends_on_id = x.run_id)
    select run_id as id from downstream`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

/** Where a run that may start again belongs: queued, or blocked while a dependency cannot succeed. */
export async function readyStatus(q: Queryable, runId: string): Promise<"queued" | "blocked"> {
  const result = await q.execute(sql`
    select exists (
      select 1 from run_dependencies d join runs p on p.id = d.depends_on_id
      where d.run_id = ${runId} and p.status in ('failed', 'cancelled', 'blocked')) as stuck`);
  return rowsOf<{ stuck: boolean }>(result)[0]?.stuck ? "blocked" : "queued";
}

/** The queued runs downstream of a run that failed or was cancelled are blocked: they cannot start. */
export async function blockDownstream(q: Queryable, run: { id: string; key: string; status: string }): Promise<RunChange[]> {
  const reason = `run ${run.key} ${run.status}`;
  return changeRuns(q, await downstreamOf(q, run.id), {
    action: "block",
    set: { status: "blocked", error: `blocked: ${reason}` },
    event: () => ({ type: "run.blocked", data: { reason } }),
  });
}

/** Blocked runs downstream of `runId` whose dependencies can all succeed again are queued. */
export async function unblockDownstream(q: Queryable, runId: string): Promise<RunChange[]> {
  const candidates = await downstreamOf(q, runId);
  const unblocked: RunChange[] = [];
  // A diamond needs several passes: a run is free only once every blocked parent is.
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of candidates) {
      if (unblocked.some((c) => c.run.id === id) || (await readyStatus(q, id)) === "blocked") continue;
      const [change] = await changeRuns(q, [id], {
        action: "unblock",
        set: { status: "queued", error: null, finishedAt: null },
        event: () => ({ type: "run.unblocked", data: { by: runId } }),
      });
      if (change) {
        unblocked.push(change);
        changed = true;
      }
    }
  }
  return unblocked;
}
