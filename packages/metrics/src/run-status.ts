/** Where a run is in its life. `blocked`: a run it depends on failed or was cancelled. */
export const RUN_STATUSES = ["queued", "blocked", "running", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A run in one of these states will not change again unless someone retries it. */
export function isFinished(status: RunStatus): boolean {
  return status === "succeeded" || status === "failed" || status === "cancelled";
}
