import { imageRunConfigSchema, toyRunConfigSchema } from "@minima/core/plans";
import { cancelRun, getRun, pauseRun, requeueRun, resumeRun, retryRun, setPriority, appendEvent, type Db, type Restarted } from "@minima/db";
import { rmSync } from "node:fs";
import type { ArtifactStore } from "../artifacts/artifact-store.ts";
import type { EventBus } from "../daemon/event-bus.ts";
import { commitRunChanges } from "./run-changes.ts";
import type { Scheduler } from "./scheduler.ts";

/** A request the run's state does not allow, or a bad configuration: said so the user can act. */
export class RunControlError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "CONFLICT" | "BAD_REQUEST",
    message: string,
  ) {
    super(message);
  }
}

export interface RunControlDeps {
  db: Db;
  bus: EventBus;
  store: ArtifactStore;
  scheduler: Scheduler;
}

const CONFIG_SCHEMAS: Record<string, { safeParse(value: unknown): { success: true; data: { epochs: number } } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }> = {
  toy: toyRunConfigSchema,
  image: imageRunConfigSchema,
};

async function existing(db: Db, runId: string) {
  const run = await getRun(db, runId);
  if (!run) throw new RunControlError("NOT_FOUND", `No run ${runId}.`);
  return run;
}

/** A run started again from scratch: its old files go, and the queue looks for work. */
function restarted(deps: RunControlDeps, result: Restarted | null, refusal: () => RunControlError): Restarted {
  if (!result) throw refusal();
  for (const key of result.removedArtifacts) rmSync(deps.store.resolve(key), { recursive: true, force: true });
  deps.scheduler.wake();
  return result;
}

/** A failed or cancelled run starts again from scratch; the dependents its end blocked are queued again. */
export async function retry(deps: RunControlDeps, runId: string, actorId: string): Promise<{ unblocked: string[] }> {
  const run = await existing(deps.db, runId);
  const result = await commitRunChanges(deps, (tx) => retryRun(tx, runId, actorId, run));
  const { changes } = restarted(deps, result, () => new RunControlError("CONFLICT", `Run ${runId} is ${run.status}; only failed or cancelled runs are retried.`));
  return { unblocked: changes.slice(1).map((c) => c.run.id) };
}

/**
 * Starts a run again from scratch with some of its configuration changed. The new configuration
 * is validated as its kind requires, before anything is written; a running run must be paused or
 * cancelled first, and a succeeded one (its results may feed other runs) is left alone.
 */
export async function requeueWith(deps: RunControlDeps, runId: string, changes: Record<string, unknown>, actorId: string): Promise<{ status: string }> {
  const run = await existing(deps.db, runId);
  const schema = CONFIG_SCHEMAS[run.kind];
  if (!schema) throw new RunControlError("BAD_REQUEST", `Runs of kind "${run.kind}" cannot be requeued with new options.`);
  // Own keys only: `toString` is "in" every object.
  const unknown = Object.keys(changes).filter((k) => !Object.hasOwn(run.config, k));
  if (unknown.length > 0) {
    throw new RunControlError("BAD_REQUEST", `Unknown option${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; a ${run.kind} run has ${Object.keys(run.config).sort().join(", ")}.`);
  }
  const parsed = schema.safeParse({ ...run.config, ...changes });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("; ");
    throw new RunControlError("BAD_REQUEST", `Invalid options for this ${run.kind} run (${problems}).`);
  }
  const config = parsed.data as unknown as Record<string, unknown>;
  const result = await commitRunChanges(deps, (tx) => requeueRun(tx, runId, { config, epochs: parsed.data.epochs, changes, previous: run.status }, actorId));
  const why = run.status === "running" ? "pause or cancel it first" : "its results may already feed other runs; create a new experiment instead";
  const { changes: done } = restarted(deps, result, () => new RunControlError("CONFLICT", `Run ${runId} is ${run.status}: ${why}.`));
  return { status: done[0]!.run.status };
}

/** A queued run is held; a running one stops at its next checkpoint, wherever it runs. */
export async function pause(deps: RunControlDeps, runId: string, actorId: string): Promise<{ status: "paused" | "pausing" }> {
  const run = await existing(deps.db, runId);
  const change = await commitRunChanges(deps, (tx) => pauseRun(tx, runId, actorId));
  if (!change) throw new RunControlError("CONFLICT", `Run ${runId} is ${run.status}; only queued or running runs are paused.`);
  if (change.run.status === "paused") return { status: "paused" };
  await askToStop(deps, change.run);
  return { status: "pausing" };
}

/** A paused run goes back to the queue; it continues from its last checkpoint. */
export async function resume(deps: RunControlDeps, runId: string, actorId: string): Promise<{ status: string }> {
  const run = await existing(deps.db, runId);
  const change = await commitRunChanges(deps, (tx) => resumeRun(tx, runId, actorId));
  if (!change) {
    const why = run.status === "running" && run.stopRequest === "pause" ? "it is still on its way to a checkpoint; resume it once it is paused" : "only paused runs are resumed";
    throw new RunControlError("CONFLICT", `Run ${runId} is ${run.status}: ${why}.`);
  }
  deps.scheduler.wake();
  return { status: change.run.status };
}

/**
 * Cancels a waiting run at once, or asks the daemon running it (this one or another) to stop it.
 * Returns false if it had already finished or was already being cancelled.
 */
export async function cancel(deps: RunControlDeps, runId: string, actorId: string | null): Promise<boolean> {
  const [change] = await commitRunChanges(deps, (tx) => cancelRun(tx, runId, actorId));
  if (!change) return false;
  if (change.type === "run.cancel-requested") await askToStop(deps, change.run);
  else deps.scheduler.wake();
  return true;
}

/** Tells the daemon executing a run that a stop was asked of it: this one acts now, another when notified. */
async function askToStop(deps: RunControlDeps, run: { id: string; daemonId: string | null }): Promise<void> {
  if (run.daemonId) deps.bus.askToStop(run.id, run.daemonId);
  await deps.scheduler.checkStopRequests();
}

/** Sets the priority of a run or of every run of an experiment; higher runs first. */
export async function prioritize(
  deps: RunControlDeps,
  target: { runId: string; experimentId: string } | { experimentId: string },
  priority: number,
  actorId: string,
): Promise<{ runs: number }> {
  const changed = await setPriority(deps.db, "runId" in target ? { runId: target.runId } : { experimentId: target.experimentId }, priority);
  await appendEvent(deps.db, {
    type: "runId" in target ? "run.priority-changed" : "experiment.priority-changed",
    experimentId: target.experimentId,
    runId: "runId" in target ? target.runId : null,
    actorId,
    data: { priority, runs: changed.length },
  });
  deps.scheduler.wake();
  return { runs: changed.length };
}
