/** Where a run stands in the paper's protocol. */
export type RunPhase = "pretrain" | "train" | "measure";

/**
 * A run's phase from what the plan made it: measurement runs are their own kind; Algorithm 1's
 * pre-training on the confusion set is an image run its plan titles so; every other run trains.
 */
export function runPhase(run: { kind: string; title: string }): RunPhase {
  if (run.kind === "measure") return "measure";
  if (/\bpre-?training\b/i.test(run.title)) return "pretrain";
  return "train";
}
