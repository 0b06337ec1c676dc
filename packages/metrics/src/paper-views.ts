import { singleSetting, type Setting } from "./paper-setting.ts";

/** The paper's figures and tables, as the dashboard and `minima reproduce` name them. */
export const PAPER_VIEWS = ["figure1", "table1", "table2", "figure4", "figure5", "figure6"] as const;
export type PaperView = (typeof PAPER_VIEWS)[number];

/**
 * What a run of an experiment is, as far as the views care, read from its config. Planned runs
 * count: a view appears as soon as its runs exist and fills in as they finish.
 * `replicas` is the R of the adversarial init a training run starts from, 0 from a random init.
 */
export type RunEvidence =
  | { kind: "toy" }
  | { kind: "pretrain" }
  | ({ kind: "train"; mode: string; replicas: number } & Setting)
  | { kind: "measure"; measure: "distances" | "norms" | "fgsm" };

const BY_MEASURE = { distances: "table1", norms: "figure5", fgsm: "figure6" } as const;

/**
 * The views an experiment's runs feed, whatever preset planned them: Figure 1 from toy runs;
 * Table 1, Figures 5 and 6 from distance, norm and FGSM measurements; Table 2 from training runs
 * in several modes of one dataset and model (Table 2 has no dataset column, so a grid's runs would
 * be averaged across settings); Figure 4 from vanilla runs at two or more adversarial R.
 */
export function paperViews(runs: Iterable<RunEvidence>): PaperView[] {
  const views = new Set<PaperView>();
  const modes = new Set<string>();
  const rs = new Set<number>();
  const settings: Setting[] = [];
  for (const run of runs) {
    if (run.kind === "toy") views.add("figure1");
    else if (run.kind === "measure") views.add(BY_MEASURE[run.measure]);
    else if (run.kind === "train") {
      modes.add(run.mode);
      settings.push(run);
      if (run.mode === "vanilla" && run.replicas > 0) rs.add(run.replicas);
    }
  }
  if (modes.size >= 2 && singleSetting(settings)) views.add("table2");
  if (rs.size >= 2) views.add("figure4");
  return PAPER_VIEWS.filter((v) => views.has(v));
}
