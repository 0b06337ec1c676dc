import type { RunStatus } from "@minima/metrics";

/** What `runs.onEvent` reports whenever a run changes status or finishes an epoch. */
export interface RunEvent {
  runId: string;
  experimentId: string;
  status: RunStatus;
  epoch: number;
  epochs: number;
}

type RunProgress = Pick<RunEvent, "status" | "epoch" | "epochs"> & { id: string };

/** Applies an event to one run; returns the same object when nothing it shows changed. */
export function applyRunEventToRun<R extends RunProgress>(run: R, event: RunEvent): R {
  if (run.id !== event.runId) return run;
  if (run.status === event.status && run.epoch === event.epoch && run.epochs === event.epochs) return run;
  return { ...run, status: event.status, epoch: event.epoch, epochs: event.epochs };
}

/**
 * Applies an event to a cached list of runs; returns the same array when nothing changed, so
 * React Query does not re-render for events about runs the list does not show.
 */
export function applyRunEvent<R extends RunProgress>(runs: R[], event: RunEvent): R[] {
  const i = runs.findIndex((r) => r.id === event.runId);
  if (i < 0) return runs;
  const updated = applyRunEventToRun(runs[i]!, event);
  if (updated === runs[i]) return runs;
  return runs.with(i, updated);
}

/**
 * What an event means for the cached runs it is checked against: `progress` (an epoch tick a
 * patch can carry), `status` (a status change, which also moves the experiment's aggregate
 * status, run counts, timings and figures, so those are refetched) or `unknown` (a run the
 * cache has not seen, e.g. of a new experiment).
 */
export function classifyRunEvent(cached: readonly RunProgress[], event: RunEvent): "progress" | "status" | "unknown" {
  const matches = cached.filter((r) => r.id === event.runId);
  if (matches.length === 0) return "unknown";
  return matches.some((r) => r.status !== event.status) ? "status" : "progress";
}
