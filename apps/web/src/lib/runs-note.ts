import type { RunStatus } from "@minima/metrics";

/**
 * Why a table or figure is still empty, in a line: "2 of 12 runs finished, 3 running, 1 failed".
 * Only counts that are not zero are named; failures are named because they leave holes.
 */
export function runsNote(runs: readonly { status: RunStatus }[]): string {
  if (runs.length === 0) return "The experiment has no runs.";
  const count = (status: RunStatus) => runs.filter((r) => r.status === status).length;
  const parts = [`${count("succeeded")} of ${runs.length} runs finished`];
  for (const status of ["running", "queued", "paused", "failed", "blocked", "cancelled"] as const) {
    const n = count(status);
    if (n > 0) parts.push(`${n} ${status}`);
  }
  return parts.join(", ");
}
