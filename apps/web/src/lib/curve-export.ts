import { toCsv } from "@minima/metrics";
import type { CurveSeries } from "./curve-axis.ts";

/** A run's curves as `runs.curves` returns them, with what names the run in a file. */
export interface ExportedRun {
  id: string;
  key: string;
  title: string;
  name: string | null;
  experimentId: string;
  experimentTitle: string;
  series: readonly CurveSeries[];
}

const CSV_HEADER = ["run_id", "run_key", "run", "experiment", "phase", "metric", "epoch", "step", "time_ms", "value"];

/** Runs' curves in long form, a row per point (run, phase, metric, epoch): what pandas and R read as they are. */
export function curvesCsv(runs: readonly ExportedRun[]): string {
  return toCsv(
    CSV_HEADER,
    runs.flatMap((run) =>
      run.series.flatMap((s) => s.epoch.map((epoch, i) => [run.id, run.key, run.name ?? run.title, run.experimentTitle, s.phase, s.name, epoch, s.step[i]!, s.time[i]!, s.value[i]!])),
    ),
  );
}

/** The same runs as JSON: what `runs.curves` returned for them, so a script and a download read alike. */
export function curvesJson(runs: readonly ExportedRun[]): string {
  return `${JSON.stringify({ runs }, null, 2)}\n`;
}
