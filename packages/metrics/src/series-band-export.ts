import { toJson, type ExportFormat } from "./export-format.ts";
import { escapeLatex, latexTabular, markdownTable, toCsv } from "./grid-formats.ts";
import { formatFixed, formatMeanStd } from "./number-format.ts";
import type { BandPoint } from "./series-band.ts";

export interface SeriesExportOptions {
  /** Decimals of the values (x is written as given); 3 by default. */
  decimals?: number;
  /** Column titles in Markdown and LaTeX, e.g. "R" and "test accuracy (%)". */
  x?: string;
  value?: string;
}

/** A figure's band (Figures 4–6) as text: per x, mean ± std, min, max and the seed count. */
export function exportSeriesBand(band: readonly BandPoint[], format: ExportFormat, options: SeriesExportOptions = {}): string {
  if (format === "json") return toJson(band);
  if (format === "csv") {
    const header = ["x", "n", "missing", "mean", "std", "min", "max", "run_ids"];
    return toCsv(header, band.map((p) => [p.x, p.n, p.missing, p.mean, p.std, p.min, p.max, p.runIds.join(" ")]));
  }
  const decimals = options.decimals ?? 3;
  const x = options.x ?? "x";
  const value = options.value ?? "value";
  const pm = format === "latex" ? "$\\pm$" : "±";
  const rows = band.map((p) => [
    String(p.x),
    formatMeanStd(p.mean, p.std, decimals, pm),
    formatFixed(p.min, decimals),
    formatFixed(p.max, decimals),
    p.missing > 0 ? `${p.n}/${p.n + p.missing}` : String(p.n),
  ]);
  const header = [x, `${value} (mean ± std)`, "min", "max", "seeds"];
  if (format === "markdown") return markdownTable(header, rows, ["right", "right", "right", "right", "right"]);
  return latexTabular(header.map(escapeLatex), rows, "rrrrr");
}
