import type { RunStatus } from "@minima/metrics";

/** What a user may do to a run from the dashboard (the daemon's `runs.*` mutations). */
export type RunAction = "cancel" | "retry" | "pause" | "resume";

export interface Viewer {
  name: string;
  role: "admin" | "member" | "viewer";
}

/**
 * Admins control every run, members the runs of their own experiments, viewers none: the
 * daemon's rule, mirrored so the dashboard does not offer buttons it would refuse.
 */
export function mayControl(viewer: Viewer | undefined, owner: string | undefined): boolean {
  if (!viewer || viewer.role === "viewer") return false;
  return viewer.role === "admin" || (owner !== undefined && owner === viewer.name);
}

/**
 * The actions a run's status allows, in the order they are shown: a queued or running run can
 * be paused or cancelled; a paused one resumed or cancelled; a blocked one cancelled; a failed
 * or cancelled one retried. A run already on its way to a pause or a cancel offers only cancel.
 */
export function runActions(status: RunStatus, stopRequest: "pause" | "cancel" | null = null): RunAction[] {
  if (stopRequest === "cancel") return [];
  if (stopRequest === "pause") return ["cancel"];
  switch (status) {
    case "queued":
    case "running":
      return ["pause", "cancel"];
    case "paused":
      return ["resume", "cancel"];
    case "blocked":
      return ["cancel"];
    case "failed":
    case "cancelled":
      return ["retry"];
    case "succeeded":
      return [];
  }
}

/** A daemon older than the action answers "No procedure found"; the button then explains instead. */
export function isMissingProcedure(error: unknown): boolean {
  const data = (error as { data?: { code?: string } } | null)?.data;
  const message = error instanceof Error ? error.message : "";
  return data?.code === "NOT_FOUND" && /no procedure found/i.test(message);
}
