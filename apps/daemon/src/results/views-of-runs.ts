import type { ImageRunConfig } from "@minima/core/plans";
import type { Run } from "@minima/db";
import { paperViews, singleSetting, type PaperView, type RunEvidence, type Setting } from "@minima/metrics";
import { measureRunConfigSchema } from "../plans/measure-config.ts";

type RunOfExperiment = Pick<Run, "id" | "kind" | "config" | "dependsOn">;

/** What each run is as the views see it (paperViews), read from its config; the R of an adversarial init from its pre-training run. */
export function runEvidence(runs: readonly RunOfExperiment[]): RunEvidence[] {
  const image = (run: RunOfExperiment) => run.config as ImageRunConfig;
  const replicasOf = new Map(runs.filter((r) => r.kind === "image").map((r) => [r.id, image(r).confusion?.replicas ?? 0]));
  return runs.flatMap((run): RunEvidence[] => {
    if (run.kind === "toy") return [{ kind: "toy" }];
    if (run.kind === "measure") {
      const parsed = measureRunConfigSchema.safeParse(run.config);
      return parsed.success ? [{ kind: "measure", measure: parsed.data.measure }] : [];
    }
    if (run.kind !== "image") return [];
    const config = image(run);
    if (config.phase === "pretrain") return [{ kind: "pretrain" }];
    // A pre-training run outside the experiment (not expected) leaves R unknown; -1 is no R.
    const replicas = config.start === "dependency" ? (replicasOf.get(run.dependsOn[0] ?? "") ?? -1) : 0;
    return [{ kind: "train", mode: config.mode, replicas, dataset: config.dataset, model: config.model }];
  });
}

/**
 * The paper's views an experiment's runs feed and the dataset and model it trained (null: none or
 * several), decided from its runs, planned ones included: one rule for the dashboard and `minima reproduce`.
 */
export function viewsOfRuns(runs: readonly RunOfExperiment[]): { views: PaperView[]; setting: Setting | null } {
  const evidence = runEvidence(runs);
  return { views: paperViews(evidence), setting: singleSetting(evidence.flatMap((e) => (e.kind === "train" ? [e] : []))) };
}
