/**
 * What a user may do to a run from the dashboard (the daemon's `runs.*` mutations); which of
 * them a run's status allows is the lifecycle's to say (`userActions` in @minima/metrics).
 */
export { userActions as runActions, type UserAction as RunAction } from "@minima/metrics";

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

/** A daemon older than the action answers "No procedure found"; the button then explains instead. */
export function isMissingProcedure(error: unknown): boolean {
  const data = (error as { data?: { code?: string } } | null)?.data;
  const message = error instanceof Error ? error.message : "";
  return data?.code === "NOT_FOUND" && /no procedure found/i.test(message);
}
