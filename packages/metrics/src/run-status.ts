/**
 * Where a run is in its life. `blocked`: a run it depends on failed or was cancelled; `paused`:
 * held by a user (stopped at a checkpoint if it was running) until resumed.
 */
export const RUN_STATUSES = ["queued", "blocked", "running", "paused", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A run in one of these states will not change again unless someone retries it. */
export function isFinished(status: RunStatus): boolean {
  return status === "succeeded" || status === "failed" || status === "cancelled";
}
