import { canonicalJson } from "@minima/metrics";
import type { MinimaClient } from "../client/index.ts";
import type { ExperimentSpec } from "./profiles.ts";

type Api = MinimaClient["api"];

export interface FoundExperiment {
  id: string;
  created: boolean;
  /** Failed runs sent back to the queue. */
  retried: number;
}

/**
 * The experiment of `spec` from an earlier `reproduce` (its title, same preset, same options once
 * the daemon has filled in their defaults), or a new one with that title. Reusing it is what makes a second
 * `reproduce` resume: finished runs stay finished, interrupted ones resume from their
 * checkpoints in the daemon, and failed ones are queued again (once per invocation, so a run
 * that fails every time does not loop). Among several matches, the one with most succeeded runs.
 */
export async function findOrCreate(api: Api, spec: ExperimentSpec, title: string): Promise<FoundExperiment> {
  const planned = await api.experiments.plan.query({ preset: spec.preset, options: spec.options });
  const wanted = canonicalJson(planned.options);
  const matches = (await api.experiments.list.query()).filter((e) => e.title === title && e.preset === spec.preset && canonicalJson(e.options) === wanted);
  matches.sort((a, b) => b.runCounts.succeeded - a.runCounts.succeeded || a.createdAt.localeCompare(b.createdAt));
  const found = matches[0];
  if (!found) {
    const { id } = await api.experiments.create.mutate({ preset: spec.preset, options: spec.options, title });
    return { id, created: true, retried: 0 };
  }
  let retried = 0;
  if (found.runCounts.failed > 0) {
    const { runs } = await api.experiments.get.query({ id: found.id });
    for (const run of runs.filter((r) => r.status === "failed")) {
      await api.runs.retry.mutate({ id: run.id });
      retried++;
    }
  }
  return { id: found.id, created: false, retried };
}
