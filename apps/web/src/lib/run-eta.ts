import { formatDuration } from "./format.ts";

interface RunTiming {
  status: string;
  epoch: number;
  epochs: number;
  startedAt: string | null;
}

/**
 * How long a running run still needs, from its pace so far (time since it started over the
 * epochs it has done); null while there is no pace to go by or nothing is left.
 */
export function runEta(run: RunTiming, now: number): string | null {
  if (run.status !== "running" || !run.startedAt || run.epoch <= 0 || run.epoch >= run.epochs) return null;
  const elapsed = now - Date.parse(run.startedAt);
  if (!(elapsed > 0)) return null;
  return formatDuration((elapsed / run.epoch) * (run.epochs - run.epoch));
}
