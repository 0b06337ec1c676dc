import { imageRunConfigSchema, toyRunConfigSchema } from "@minima/core";
import { appendEvent, getRun, pauseRun, requeueRun, resumeRun, retryRun, setPriority, type Db, type Restarted } from "@minima/db";
import { rmSync } from "node:fs";
import type { ArtifactStore } from "../artifacts/artifact-store.ts";
import type { EventBus } from "../daemon/event-bus.ts";
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

async function announceRestart(deps: RunControlDeps, restarted: Restarted): Promise<void> {
  for (const key of restarted.removedArtifacts) rmSync(deps.store.resolve(key), { recursive: true, force: true });
  for (const id of [restarted.run.id, ...restarted.unblocked]) await deps.scheduler.publish(id);
  deps.scheduler.wake();
}

/** A failed or cancelled run starts again from scratch; the dependents its end blocked are queued again. */
export async function retry(deps: RunControlDeps, runId: string, actorId: string): Promise<{ unblocked: string[] }> {
  const run = await existing(deps.db, runId);
  const restarted = await retryRun(deps.db, runId);
  if (!restarted) throw new RunControlError("CONFLICT", `Run ${runId} is ${run.status}; only failed or cancelled runs are retried.`);
  await appendEvent(deps.db, { type: "run.retried", runId, experimentId: run.experimentId, actorId, data: { previous: run.status, error: run.error, unblocked: restarted.unblocked } });
  await announceRestart(deps, restarted);
  return { unblocked: restarted.unblocked };
}

/**
 * Starts a run again from scratch with some of its configuration changed. The new configuration
 * is validated as its kind requires; a running run must be paused or cancelled first, and a
 * succeeded one (its results may feed other runs) is left alone.
 */
export async function requeueWith(deps: RunControlDeps, runId: string, changes: Record<string, unknown>, actorId: string): Promise<{ status: string }> {
  const run = await existing(deps.db, runId);
  const schema = CONFIG_SCHEMAS[run.kind];
  if (!schema) throw new RunControlError("BAD_REQUEST", `Runs of kind "${run.kind}" cannot be requeued with new options.`);
  const unknown = Object.keys(changes).filter((k) => !(k in run.config));
  if (unknown.length > 0) {
    throw new RunControlError("BAD_REQUEST", `Unknown option${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; a ${run.kind} run has ${Object.keys(run.config).sort().join(", ")}.`);
  }
  const parsed = schema.safeParse({ ...run.config, ...changes });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("; ");
    throw new RunControlError("BAD_REQUEST", `Invalid options for this ${run.kind} run (${problems}).`);
  }
  const config = parsed.data as unknown as Record<string, unknown>;
  const restarted = await requeueRun(deps.db, runId, { config, epochs: parsed.data.epochs });
  if (!restarted) {
    const why = run.status === "running" ? "pause or cancel it first" : "its results may already feed other runs; create a new experiment instead";
    throw new RunControlError("CONFLICT", `Run ${runId} is ${run.status}: ${why}.`);
  }
  await appendEvent(deps.db, { type: "run.requeued", runId, experimentId: run.experimentId, actorId, data: { changes, previous: run.status } });
  await announceRestart(deps, restarted);
  return { status: restarted.run.status };
}

/** A queued run is held; a running one stops at its next checkpoint, wherever it runs. */
export async function pause(deps: RunControlDeps, runId: string, actorId: string): Promise<{ status: "paused" | "pausing" }> {
  const run = await existing(deps.db, runId);
  const result = await pauseRun(deps.db, runId);
  if (!result) throw new RunControlError("CONFLICT", `Run ${runId} is ${run.status}; only queued or running runs are paused.`);
  if ("paused" in result) {
    await appendEvent(deps.db, { type: "run.paused", runId, experimentId: run.experimentId, actorId, data: { reason: "held while queued" } });
    await deps.scheduler.publish(runId);
    return { status: "paused" };
  }
  await appendEvent(deps.db, { type: "run.pause-requested", runId, experimentId: run.experimentId, actorId, data: { daemonId: result.daemonId } });
  deps.bus.askToStop(runId, result.daemonId);
  await deps.scheduler.checkStopRequests();
  return { status: "pausing" };
}

/** A paused run goes back to the queue; it continues from its last checkpoint. */
export async function resume(deps: RunControlDeps, runId: string, actorId: string): Promise<{ status: string }> {
  const run = await existing(deps.db, runId);
  const resumed = await resumeRun(deps.db, runId);
  if (!resumed) {
    const why = run.status === "running" && run.stopRequest === "pause" ? "it is still on its way to a checkpoint; resume it once it is paused" : "only paused runs are resumed";
    throw new RunControlError("CONFLICT", `Run ${runId} is ${run.status}: ${why}.`);
  }
  await appendEvent(deps.db, { type: "run.resumed", runId, experimentId: run.experimentId, actorId, data: { epoch: run.epoch } });
  await deps.scheduler.publish(runId);
  deps.scheduler.wake();
  return { status: resumed.status };
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
