import { canonicalJson } from "@minima/metrics";
import { createHash } from "node:crypto";
import type { PlannedRun } from "./experiments.ts";

/**
 * Each planned run's fingerprint: its kind and configuration and, by their fingerprints, what
 * it depends on under which key. Two runs with one fingerprint compute the same thing from the
 * same inputs, so a finished one can stand for the other. The plan must be free of cycles.
 */
export function fingerprints(plan: readonly PlannedRun[]): Map<string, string> {
  const byKey = new Map(plan.map((r) => [r.key, r]));
  const done = new Map<string, string>();
  const of = (key: string): string => {
    const known = done.get(key);
    if (known) return known;
    const run = byKey.get(key)!;
    const deps = run.dependsOn.map((dep) => [dep, of(dep)]).sort(([a], [b]) => (a! < b! ? -1 : 1));
    const hash = createHash("sha256").update(canonicalJson({ kind: run.kind, config: run.config, deps })).digest("hex");
    done.set(key, hash);
    return hash;
  };
  for (const run of plan) of(run.key);
  return done;
}
