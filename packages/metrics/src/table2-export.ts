import { cellStyle, toJson, type ExportFormat, type ExportOptions } from "./export-format.ts";
import { escapeLatex, latexTabular, markdownTable, toCsv } from "./grid-formats.ts";
import { cellText } from "./number-format.ts";
import { settingLabel } from "./paper-setting.ts";
import { INITS, SPLITS, TABLE2_MODE_LABELS } from "./published-table2.ts";
import type { Table2 } from "./table2.ts";

const COLUMNS = INITS.flatMap((init) => SPLITS.map((split) => ({ init, split })));
const HEADER = ["Mode", "Rand Train (%)", "Rand Test (%)", "Adv Train (%)", "Adv Test (%)"];

/**
 * Table 2 as text, accuracies in percent. CSV and JSON: one record per cell at full precision.
 * Markdown and LaTeX: the paper's layout, "mean ± std (paper mean ± std)" to 3 decimals.
 */
export function exportTable2(table: Table2, format: ExportFormat, options: ExportOptions = {}): string {
  if (format === "json") return toJson(table);
  if (format === "csv") return table2Csv(table);
  const style = cellStyle(format, options);
  const other = table.paper.matches ? null : settingLabel(table.paper.paper);
  const body = table.rows.map((row) => [
    format === "latex" ? escapeLatex(TABLE2_MODE_LABELS[row.mode]) : TABLE2_MODE_LABELS[row.mode],
    ...COLUMNS.map(({ init, split }) => cellText(row.cells[init][split], style, other)),
  ]);
  const note = other === null ? null : `The paper's values are ${other}'s, a different setting from this experiment's, so no difference is taken.`;
  if (format === "markdown") return markdownTable(HEADER, body, ["left", "right", "right", "right", "right"]) + (note ? `\n${note}\n` : "");
  return latexTabular(HEADER.map(escapeLatex), body, "lrrrr") + (note ? `% ${note}\n` : "");
}

function table2Csv(table: Table2): string {
  const header = ["mode", "init", "split", "n", "missing", "mean", "std", "min", "max", "published_mean", "published_std", "published_setting", "difference", "run_ids"];
  const setting = `${table.paper.paper.dataset}/${table.paper.paper.model}`;
  const rows = table.rows.flatMap((row) =>
    COLUMNS.map(({ init, split }) => {
      const { stats, published, difference, runIds } = row.cells[init][split];
      return [row.mode, init, split, stats.n, stats.missing, stats.mean, stats.std, stats.min, stats.max, published?.mean ?? null, published?.std ?? null, published ? setting : null, difference, runIds.join(" ")];
    }),
  );
  return toCsv(header, rows);
}
