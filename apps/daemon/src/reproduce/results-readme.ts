import { exportTable1, markdownTable } from "@minima/metrics";
import { claims } from "./claims.ts";
import type { GatheredExperiment, ResultsData } from "./gather.ts";
import { formatDuration } from "./progress.ts";
import { TOY_EPOCH_SCALE } from "./profiles.ts";
import { table2Markdown } from "./table-files.ts";

/** Which files the results folder holds, so the README links only what was written. */
export interface WrittenFigures {
  figure1: boolean;
  figure4: boolean;
  figure5: boolean;
  figure6: boolean;
}

const time = (iso: string | null) => (iso ? Date.parse(iso) : null);

/**
 * Wall clock from the first run's start to the last one's end, and the runs' own durations summed.
 * A run reused from a twin trained nothing (it carries the twin's times): it counts where the twin is.
 */
export function durations(experiment: { runs: ReadonlyArray<Pick<GatheredExperiment["runs"][number], "startedAt" | "finishedAt" | "reusedFrom">> }): { wallS: number | null; computeS: number } {
  let first = Infinity;
  let lastEnd = -Infinity;
  let computeS = 0;
  for (const run of experiment.runs) {
    if (run.reusedFrom) continue;
    const start = time(run.startedAt);
    const end = time(run.finishedAt);
    if (start === null || end === null) continue;
    first = Math.min(first, start);
    lastEnd = Math.max(lastEnd, end);
    computeS += (end - start) / 1000;
  }
  return { wallS: Number.isFinite(first) ? (lastEnd - first) / 1000 : null, computeS };
}

function seedsOf(experiment: GatheredExperiment): string {
  const o = experiment.spec.options;
  if (typeof o.seeds === "number") return o.seeds === 1 ? "1" : `1–${o.seeds}`;
  return typeof o.seed === "number" ? `seed ${o.seed}` : "–";
}

function setup(data: ResultsData): string {
  const backends = [...new Set(data.experiments.flatMap((e) => e.runs.flatMap((r) => (r.backend ? [r.backend] : []))))].sort();
  const row = (name: string, preset: string, seeds: string, runs: GatheredExperiment["runs"], id: string) => {
    const { wallS, computeS } = durations({ runs });
    const done = runs.filter((r) => r.status === "succeeded").length;
    const reused = runs.filter((r) => r.reusedFrom).length;
    const succeeded = `${done}/${runs.length}${reused ? ` (${reused} reused)` : ""}`;
    return [name, preset, seeds, succeeded, wallS === null ? "–" : formatDuration(wallS), formatDuration(computeS), id];
  };
  const rows = data.experiments.map((e) => row(e.spec.name, `\`${e.spec.preset}\``, seedsOf(e), e.runs, `\`${e.id}\``));
  rows.push(row("**whole reproduction**", "", "", data.experiments.flatMap((e) => e.runs), ""));
  const models = [...new Set(data.experiments.flatMap((e) => (typeof e.spec.options.model === "string" ? [e.spec.options.model] : [])))];
  const options = data.experiments.map((e) => `- ${e.spec.name}: \`${JSON.stringify(e.spec.options)}\``);
  return [
    "## Setup",
    "",
    `- Backend and device (as the runs recorded them): ${backends.length ? backends.join(", ") : "no run has started"}`,
    `- Host: ${data.host.platform}, ${data.host.cpus} CPU(s) (${data.host.cpuModel}), ${data.host.memoryGiB} GiB`,
    `- Versions: minima daemon ${data.version.daemon}, Node ${data.version.node}, API ${data.version.api}`,
    "- Durations: wall clock from the first run's start to the last run's end (including any time the daemon was stopped); compute is the runs' own durations summed. A reused run took the results of a twin with the same configuration and inputs, in another experiment of this reproduction or an earlier one, and trained nothing: its time counts only where its twin is.",
    ...(models.length
      ? [`- Engine speed against PyTorch on the same net${models.length > 1 ? "s" : ""}: \`pnpm bench:engine ${models.join(" ")}\` times one training step in both; the repository README's Performance section records the measured ratio.`]
      : []),
    "",
    markdownTable(["experiment", "preset", "seeds", "runs succeeded", "wall clock", "compute", "experiment id"], rows, ["left", "left", "right", "right", "right", "right", "left"]),
    "Options as sent to the daemon (defaults filled in by the preset):",
    "",
    ...options,
    "",
  ].join("\n");
}

function reductions(data: ResultsData): string {
  const rows = data.experiments.flatMap((e) => e.spec.reductions.map((r) => [e.spec.name, r.what, r.paper, r.here]));
  return ["## Reductions from the paper", "", markdownTable(["experiment", "what", "paper", "here"], rows), ...data.plan.notes.map((n) => `- ${n}`), ""].join("\n");
}

function failures(data: ResultsData): string {
  const failed = data.experiments.flatMap((e) => e.runs.filter((r) => r.status !== "succeeded").map((r) => [e.spec.name, r.key, r.status, (r.error ?? "").split("\n")[0]!.slice(0, 160)]));
  if (failed.length === 0) return "";
  return ["### Runs that did not succeed", "", "Their cells are empty or average fewer seeds (the tables say how many).", "", markdownTable(["experiment", "run", "status", "error"], failed), ""].join("\n");
}

const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(2)}%`);

function results(data: ResultsData, figures: WrittenFigures): string {
  const parts = ["## Results", ""];
  if (data.toy) {
    parts.push("### Figure 1: the 2-D toy", "");
    if (figures.figure1) parts.push("![Figure 1: decision boundaries of (a)–(d)](figure1.png)", "", "Panels left to right, top to bottom: (a), (b), (c), (d); orange = class 0, blue = class 1, a grey panel = its run did not succeed.", "");
    parts.push(markdownTable(["run", "status", "final train accuracy", "final test accuracy"], data.toy.runs.map((r) => [r.title, r.status, pct(r.finalTrainAcc), pct(r.finalTestAcc)]), ["left", "left", "right", "right"]));
  }
  if (data.table1) parts.push("### Table 1: distances d(W1, W2) = ‖W1 − W2‖ / ‖W2‖", "", "[table1.md](table1.md), [table1.csv](table1.csv)", "", exportTable1(data.table1, "markdown"));
  if (data.table2) parts.push("### Table 2: final accuracies (%)", "", "[table2.md](table2.md), [table2.csv](table2.csv). The paper's values (ResNet18 on CIFAR-10) are beside ours for scale only.", "", table2Markdown(data.table2));
  const figure = (n: 4 | 5 | 6, title: string, written: boolean) => {
    parts.push(`### Figure ${n}: ${title}`, "");
    parts.push(written ? `![Figure ${n}](figure${n}.svg)\n\nNumbers: [figure${n}.csv](figure${n}.csv) (mean, std, min, max over seeds).\n` : "Not measured at this profile.\n");
  };
  figure(4, "test accuracy against R", figures.figure4);
  figure(5, "norms", figures.figure5);
  figure(6, "robustness to FGSM", figures.figure6);
  return parts.join("\n");
}

const tally = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function claimsSection(data: ResultsData): string {
  const list = claims({ table1: data.table1, table2: data.table2, rSweep: data.rSweep?.testAcc ?? null, norms: data.norms, fgsm: data.fgsm });
  const count = (v: string) => list.filter((c) => c.verdict === v).length;
  return [
    "## The paper's qualitative claims at this scale",
    "",
    `Each anchor of reference-spec §8 beside what was measured; the verdict is computed from the numbers with the threshold shown. ${tally(count("holds"), "holds", "hold")}, ${tally(count("does not hold"), "does not hold", "do not hold")}, ${tally(count("not measured at this profile"), "is not measured", "are not measured")} at this profile.`,
    "",
    markdownTable(["claim (paper)", "measured", "threshold", "verdict"], list.map((c) => [c.anchor, c.measured, c.threshold, `**${c.verdict}**`])),
  ].join("\n");
}

/** The results folder's README, from the data alone: the same database gives the same bytes. */
export function resultsReadme(data: ResultsData, figures: WrittenFigures): string {
  const toy = data.plan.experiments.find((e) => e.preset === "figure1-toy")?.options.epochScale;
  const defaultToy = data.plan.miniature ? toy : TOY_EPOCH_SCALE[data.plan.profile];
  const command = `pnpm reproduce --profile ${data.plan.profile}${data.plan.miniature ? " --miniature" : ""}${toy !== defaultToy ? ` --toy-epoch-scale ${String(toy)}` : ""}`;
  return [
    `# Reproduction at CPU scale: profile \`${data.plan.profile}\``,
    "",
    `Generated by \`${command}\` from the daemon's database: every number here is read from the runs listed below, and running the command again regenerates these files (it resumes unfinished runs first).`,
    ...(data.plan.miniature ? ["", "**Miniature run** (tiny synthetic sizes, one epoch): the numbers test the pipeline and say nothing about the paper."] : []),
    "",
    setup(data),
    reductions(data),
    claimsSection(data),
    results(data, figures),
    failures(data),
  ].join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}
