import type { MinimaClient } from "../client/index.ts";
import { findOrCreate } from "./find-or-create.ts";
import { gatherResults } from "./gather.ts";
import type { Progress } from "./progress.ts";
import type { ReproducePlan } from "./profiles.ts";
import { watchRuns } from "./watch-runs.ts";
import { writeResults } from "./write-results.ts";

export interface ReproduceOptions {
  plan: ReproducePlan;
  outDir: string;
  /** Poll interval of the progress lines (5 s by default). */
  intervalMs?: number;
  print?: (line: string) => void;
  signal?: AbortSignal;
}

export interface ReproduceResult {
  experimentIds: string[];
  progress: Progress;
  files: string[];
}

/**
 * `minima reproduce` against a daemon: finds (or creates) the profile's experiments, retries
 * their failed runs, waits with progress until no run is queued or running, then exports every
 * table and figure and the README from the daemon's results.
 */
export async function reproduce(client: MinimaClient, options: ReproduceOptions): Promise<ReproduceResult> {
  const print = options.print ?? console.log;
  const { plan } = options;
  const experimentIds: string[] = [];
  for (const spec of plan.experiments) {
    const found = await findOrCreate(client.api, spec, `reproduce ${plan.profile}${plan.miniature ? " (miniature)" : ""}: ${spec.name}`);
    experimentIds.push(found.id);
    const retried = found.retried ? `, ${found.retried} failed run(s) queued again` : "";
    print(`${spec.name}: ${found.created ? "created" : "resuming"} experiment ${found.id}${retried}`);
  }
  const named = plan.experiments.map((spec, i) => ({ name: spec.name, id: experimentIds[i]! }));
  const progress = await watchRuns(client.api, named, { intervalMs: options.intervalMs ?? 5000, print, ...(options.signal ? { signal: options.signal } : {}) });
  const data = await gatherResults(client.api, plan, experimentIds);
  const files = writeResults(data, options.outDir);
  print(`wrote ${files.join(", ")} to ${options.outDir}`);
  return { experimentIds, progress, files };
}
