import { formatDuration } from "./format.ts";

/** What `experiments.plan` says about a plan, as far as the summary needs it. */
export interface PlanFacts {
  runs: ReadonlyArray<{ key: string }>;
  reusable: number;
  /** Runs whose twin is queued or running: trained once, for both. */
  twinsInFlight: number;
  estimate: { computeSeconds: number | null; wallSeconds: number | null; unknownRuns: number };
}

/**
 * One line before queueing: "17 runs · 6 already finished, reused · 3 queued already, trained once ·
 * about 2 h 10 min on this daemon (3 runs of a shape it has not trained yet not counted)".
 */
export function planSummary(plan: PlanFacts): string {
  const parts = [`${plan.runs.length} ${plan.runs.length === 1 ? "run" : "runs"}`];
  if (plan.reusable > 0) parts.push(`${plan.reusable} already finished, reused`);
  if (plan.twinsInFlight > 0) parts.push(`${plan.twinsInFlight} queued already, trained once`);
  const { wallSeconds, unknownRuns } = plan.estimate;
  const toTrain = plan.runs.length - plan.reusable - plan.twinsInFlight;
  if (toTrain === 0) parts.push("nothing to train");
  else if (wallSeconds === null) parts.push("no estimate yet (this daemon has not finished runs of this shape)");
  else {
    const unknown = unknownRuns > 0 ? ` (${unknownRuns} ${unknownRuns === 1 ? "run" : "runs"} of a shape it has not trained yet not counted)` : "";
    parts.push(`about ${formatDuration(wallSeconds * 1000)} on this daemon${unknown}`);
  }
  return parts.join(" · ");
}
