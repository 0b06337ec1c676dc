import { CHECKPOINTS, exportSeriesBand, toCsv, type BandPoint, type Checkpoint } from "@minima/metrics";
import { NORM_KINDS } from "../plans/measure-config.ts";
import { bandChartSvg } from "./band-chart-svg.ts";
import { dotChartSvg } from "./dot-chart-svg.ts";
import type { ResultsData } from "./gather.ts";

/** A figure as an image and its numbers as CSV. */
export interface FigureFiles {
  svg: string;
  csv: string;
}

/**
 * Several bands in one CSV: exportSeriesBand's columns after a leading one naming the series.
 * Its rows are one line each (numbers and space-separated run ids), so prefixing is safe.
 */
export function seriesCsv(column: string, series: ReadonlyArray<{ name: string; points: readonly BandPoint[] }>): string {
  const lines: string[] = [];
  series.forEach(({ name, points }, i) => {
    const [header, ...rows] = exportSeriesBand(points, "csv").split("\r\n").filter((l) => l !== "");
    if (i === 0) lines.push(`${column},${header}`);
    lines.push(...rows.map((row) => `${toCsv([], [[name]]).trim()},${row}`));
  });
  return lines.length === 0 ? "" : lines.join("\r\n") + "\r\n";
}

const percent = (points: readonly BandPoint[]): BandPoint[] =>
  points.map((p) => ({ ...p, mean: p.mean * 100, std: p.std * 100, min: p.min * 100, max: p.max * 100 }));

/** Figure 4: test and train accuracy of vanilla SGD against R (R = 0: random init). */
export function figure4(data: ResultsData): FigureFiles | null {
  if (!data.rSweep || data.rSweep.testAcc.length === 0) return null;
  const series = [
    { name: "test accuracy", points: percent(data.rSweep.testAcc) },
    { name: "train accuracy", points: percent(data.rSweep.trainAcc) },
  ];
  return {
    svg: bandChartSvg({ title: "Figure 4: vanilla SGD from adversarial init made with R replicas", xLabel: "R (0 = random init)", yLabel: "accuracy (%)", series }),
    csv: seriesCsv("series", series),
  };
}

const FGSM_MODELS: readonly Checkpoint[] = ["WVR", "WSR", "WVA", "WSA"];

/** Figure 6: test accuracy under FGSM against ε, one curve per trained model. */
export function figure6(data: ResultsData): FigureFiles | null {
  const rows = data.fgsm ?? [];
  const many = rows.length > 1;
  const series = rows.flatMap((row) =>
    FGSM_MODELS.flatMap((c) => (row.curves[c]?.length ? [{ name: many ? `${row.dataset}/${row.model} ${c}` : c, points: percent(row.curves[c]) }] : [])),
  );
  if (series.length === 0) return null;
  return {
    svg: bandChartSvg({ title: "Figure 6: accuracy under FGSM", xLabel: "ε ([0, 1] pixel space)", yLabel: "test accuracy (%)", series }),
    csv: seriesCsv("model", series),
  };
}

const NORM_TITLES = { frobenius: "Frobenius norm", "log10-l1-path": "ℓ1-path norm", "log10-l2-path": "ℓ2-path norm" } as const;
const NORM_AXES = { frobenius: "‖W‖_F", "log10-l1-path": "log10 ℓ1-path", "log10-l2-path": "log10 ℓ2-path" } as const;

/** Figure 5: the three norms of the six checkpoints, a panel per norm (and per row). */
export function figure5(data: ResultsData): FigureFiles | null {
  const rows = (data.norms ?? []).filter((row) => NORM_KINDS.some((k) => CHECKPOINTS.some((c) => row.norms[k][c].n > 0)));
  if (rows.length === 0) return null;
  const many = rows.length > 1;
  const panels = rows.flatMap((row) =>
    NORM_KINDS.map((kind) => ({
      title: many ? `${NORM_TITLES[kind]}, ${row.dataset}/${row.model}` : NORM_TITLES[kind],
      yLabel: NORM_AXES[kind],
      items: CHECKPOINTS.map((c) => ({ label: c, stats: row.norms[kind][c] })),
    })),
  );
  const csv = toCsv(
    ["dataset", "model", "norm", "checkpoint", "n", "missing", "mean", "std", "min", "max"],
    rows.flatMap((row) => NORM_KINDS.flatMap((kind) => CHECKPOINTS.map((c) => {
      const s = row.norms[kind][c];
      return [row.dataset, row.model, kind, c, s.n, s.missing, s.mean, s.std, s.min, s.max];
    }))),
  );
  return { svg: dotChartSvg("Figure 5: norms of the six checkpoints", panels), csv };
}
