import { createHash } from "node:crypto";
import type { PlannedRun } from "./experiments.ts";

/** JSON with object keys sorted, so equal configurations give equal text whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

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
    const hash = createHash("sha256").update(canonical({ kind: run.kind, config: run.config, deps })).digest("hex");
    done.set(key, hash);
    return hash;
  };
  for (const run of plan) of(run.key);
  return done;
}
