import {
  CHECKPOINTS,
  escapeLatex,
  exportSeriesBand,
  formatFixed,
  formatMeanStd,
  latexTabular,
  markdownTable,
  toCsv,
  type Checkpoint,
  type ExportFormat,
  type SeedStats,
  type SeriesExportOptions,
} from "@minima/metrics";
import type { NamedBand } from "./band-data.ts";

/**
 * Several curves of a figure as one file, each through `exportSeriesBand`: CSV gets a leading
 * `series` column (one header), JSON an object by label, Markdown and LaTeX one table per curve
 * under its label.
 */
export function exportBands(curves: readonly NamedBand[], format: ExportFormat, options: SeriesExportOptions = {}): string {
  if (format === "json") return JSON.stringify(Object.fromEntries(curves.map((c) => [c.label, c.band])), null, 2) + "\n";
  if (format === "csv") {
    const lines: string[] = [];
    curves.forEach(({ label, band }, i) => {
      const [header, ...rows] = exportSeriesBand(band, "csv").trimEnd().split("\r\n");
      if (i === 0) lines.push(`series,${header}`);
      const field = toCsv([label], []).trimEnd();
      for (const row of rows) lines.push(`${field},${row}`);
    });
    if (lines.length === 0) lines.push("series,x,n,missing,mean,std,min,max,run_ids");
    return lines.join("\r\n") + "\r\n";
  }
  return curves
    .map(({ label, band }) =>
      format === "markdown" ? `### ${label}\n\n${exportSeriesBand(band, format, options)}` : `% ${label}\n${exportSeriesBand(band, format, options)}`,
    )
    .join("\n");
}

/** One dataset × model of Figure 5: each norm's statistics per checkpoint. */
export interface NormRow {
  dataset: string;
  model: string;
  norms: Record<string, Record<Checkpoint, SeedStats>>;
}

/**
 * Figure 5's numbers as a table: CSV one record per dataset, model, norm and checkpoint at full
 * precision; Markdown and LaTeX one row per dataset, model and norm, "mean ± std" per checkpoint.
 */
export function exportNorms(rows: readonly NormRow[], format: ExportFormat): string {
  if (format === "json") return JSON.stringify(rows, null, 2) + "\n";
  const records = rows.flatMap((row) => Object.entries(row.norms).map(([norm, stats]) => ({ row, norm, stats })));
  if (format === "csv") {
    const header = ["dataset", "model", "norm", "checkpoint", "n", "missing", "mean", "std", "min", "max"];
    return toCsv(
      header,
      records.flatMap(({ row, norm, stats }) =>
        CHECKPOINTS.map((c) => [row.dataset, row.model, norm, c, stats[c].n, stats[c].missing, stats[c].mean, stats[c].std, stats[c].min, stats[c].max]),
      ),
    );
  }
  const pm = format === "latex" ? "$\\pm$" : "±";
  const dash = format === "latex" ? "--" : "–";
  const text = (s: SeedStats) => (s.mean === null ? dash : s.n > 1 ? formatMeanStd(s.mean, s.std, 3, pm) : formatFixed(s.mean, 3));
  const plain = (t: string) => (format === "latex" ? escapeLatex(t) : t);
  const header = ["Data", "Model", "Norm", ...CHECKPOINTS];
  const body = records.map(({ row, norm, stats }) => [plain(row.dataset), plain(row.model), plain(norm), ...CHECKPOINTS.map((c) => text(stats[c]))]);
  if (format === "markdown") return markdownTable(header, body, ["left", "left", "left", ...CHECKPOINTS.map(() => "right" as const)]);
  return latexTabular(header, body, `lll${"r".repeat(CHECKPOINTS.length)}`);
}
