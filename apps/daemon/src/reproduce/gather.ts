import type { PaperView } from "@minima/metrics";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter, MinimaClient } from "../client/index.ts";
import type { ReproducePlan, ExperimentSpec } from "./profiles.ts";

type Outputs = inferRouterOutputs<AppRouter>;
export type RunRecord = Outputs["experiments"]["get"]["runs"][number];

export interface GatheredExperiment {
  spec: ExperimentSpec;
  id: string;
  runs: RunRecord[];
  /** The paper's views its runs feed, as the daemon decides them for the dashboard too. */
  views: PaperView[];
}

export interface ToyRunResult {
  key: string;
  title: string;
  status: string;
  finalTrainAcc: number | null;
  finalTestAcc: number | null;
}

/** Everything the exports and the README are made of, read from the daemon in one go. */
export interface ResultsData {
  plan: ReproducePlan;
  version: Outputs["system"]["version"];
  host: { platform: string; cpus: number; cpuModel: string; memoryGiB: number };
  experiments: GatheredExperiment[];
  toy: { panels: Outputs["figures"]["toyBoundaries"]["panels"]; runs: ToyRunResult[] } | null;
  table1: Outputs["tables"]["table1"] | null;
  table2: Outputs["tables"]["table2"] | null;
  rSweep: Outputs["figures"]["rSweep"] | null;
  norms: Outputs["figures"]["norms"]["rows"] | null;
  fgsm: Outputs["figures"]["fgsm"]["rows"] | null;
}

const last = (points: ReadonlyArray<{ name: string; epoch: number; value: number }>, name: string) =>
  points.filter((p) => p.name === name).reduce<{ epoch: number; value: number } | null>((a, p) => (!a || p.epoch >= a.epoch ? p : a), null)?.value ?? null;

/** The figures and tables of the plan's experiments, each from the experiment that produces it. */
export async function gatherResults(api: MinimaClient["api"], plan: ReproducePlan, ids: readonly string[]): Promise<ResultsData> {
  const experiments = await Promise.all(
    plan.experiments.map(async (spec, i) => {
      const { runs, views } = await api.experiments.get.query({ id: ids[i]! });
      return { spec, id: ids[i]!, runs, views };
    }),
  );
  // The first experiment whose runs feed a view is its source (cpu: Table 2's ablation also holds Table 1's measurements).
  const source = (output: PaperView) => experiments.find((e) => e.views.includes(output))?.id ?? null;
  const fetch = async <T>(output: PaperView, read: (experimentId: string) => Promise<T>): Promise<T | null> => {
    const id = source(output);
    return id ? read(id) : null;
  };
  const [version, engine, table1, table2, rSweep, norms, fgsm, toyBoundaries] = await Promise.all([
    api.system.version.query(),
    api.system.engine.query(),
    fetch("table1", (experimentId) => api.tables.table1.query({ experimentId })),
    fetch("table2", (experimentId) => api.tables.table2.query({ experimentId })),
    fetch("figure4", (experimentId) => api.figures.rSweep.query({ experimentId })),
    fetch("figure5", async (experimentId) => (await api.figures.norms.query({ experimentId })).rows),
    fetch("figure6", async (experimentId) => (await api.figures.fgsm.query({ experimentId })).rows),
    fetch("figure1", (experimentId) => api.figures.toyBoundaries.query({ experimentId })),
  ]);
  let toy: ResultsData["toy"] = null;
  if (toyBoundaries) {
    const runs = await Promise.all(
      toyBoundaries.panels.map(async (panel) => {
        const points = panel.status === "succeeded" ? await api.runs.metrics.query({ id: panel.runId }) : [];
        return { key: panel.key, title: panel.title, status: panel.status, finalTrainAcc: last(points, "train_acc"), finalTestAcc: last(points, "test_acc") };
      }),
    );
    toy = { panels: toyBoundaries.panels, runs };
  }
  const { platform, cpus, cpuModel, memoryGiB } = engine.host;
  return { plan, version, host: { platform, cpus, cpuModel, memoryGiB }, experiments, toy, table1, table2, rSweep, norms, fgsm };
}
