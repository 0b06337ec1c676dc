import { activeTime, formatDuration, type RunClock } from "./format.ts";

interface RunTiming extends RunClock {
  epoch: number;
  epochs: number;
}

/**
 * How long a running run still needs, from its pace so far (its time running over the epochs
 * it has done, earlier attempts included); null while there is no pace to go by or nothing is left.
 */
export function runEta(run: RunTiming, now: number): string | null {
  if (run.status !== "running" || !run.startedAt || run.epoch <= 0 || run.epoch >= run.epochs) return null;
  const elapsed = activeTime(run, now);
  if (!(elapsed > 0)) return null;
  return formatDuration((elapsed / run.epoch) * (run.epochs - run.epoch));
}
