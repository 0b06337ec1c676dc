import type { PlannedRun } from "@minima/db";
import { PlanError } from "./preset.ts";

/** Checks a run DAG before anything is stored: unique keys, known dependencies, no cycles. */
export function validatePlan(runs: readonly PlannedRun[]): void {
  if (runs.length === 0) throw new PlanError("The plan has no runs.");
  const keys = new Set<string>();
  for (const run of runs) {
    if (keys.has(run.key)) throw new PlanError(`Two runs of the plan share the key "${run.key}".`);
    keys.add(run.key);
  }
  for (const run of runs) {
    for (const dep of run.dependsOn) {
      if (!keys.has(dep)) throw new PlanError(`Run "${run.key}" depends on "${dep}", which is not in the plan.`);
    }
  }
  // Depth-first search with colours: a grey node met again closes a cycle.
  const colour = new Map<string, "grey" | "black">();
  const byKey = new Map(runs.map((r) => [r.key, r]));
  const visit = (key: string, path: string[]): void => {
    if (colour.get(key) === "black") return;
    if (colour.get(key) === "grey") throw new PlanError(`The plan has a dependency cycle: ${[...path, key].join(" → ")}.`);
    colour.set(key, "grey");
    for (const dep of byKey.get(key)!.dependsOn) visit(dep, [...path, key]);
    colour.set(key, "black");
  };
  for (const run of runs) visit(run.key, []);
}
