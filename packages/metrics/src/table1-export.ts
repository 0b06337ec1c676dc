import { cellStyle, toJson, type ExportFormat, type ExportOptions } from "./export-format.ts";
import { escapeLatex, latexTabular, markdownTable, toCsv } from "./grid-formats.ts";
import { cellText } from "./number-format.ts";
import { settingLabel } from "./paper-setting.ts";
import { TABLE1_COLUMNS, columnPair, paperLabel, type Checkpoint } from "./table1-columns.ts";
import type { Table1 } from "./table1.ts";

/**
 * Table 1 as text. CSV and JSON: one record per cell with every statistic at full precision.
 * Markdown and LaTeX: the paper's layout, each cell "measured (paper value)" to 3 decimals.
 */
export function exportTable1(table: Table1, format: ExportFormat, options: ExportOptions = {}): string {
  if (format === "json") return toJson(table);
  if (format === "csv") return table1Csv(table);
  const style = cellStyle(format, options);
  const body = table.rows.map((row) => [
    format === "latex" ? escapeLatex(paperLabel(row.dataset)) : paperLabel(row.dataset),
    format === "latex" ? escapeLatex(paperLabel(row.model)) : paperLabel(row.model),
    ...TABLE1_COLUMNS.map((column) => cellText(row.cells[column], style, row.paper.matches ? null : settingLabel(row.paper.paper))),
  ]);
  const notes = table.rows.flatMap((row) => {
    const name = `${paperLabel(row.dataset)} ${paperLabel(row.model)}`;
    const other = row.paper.matches ? [] : [`${name}: the paper has no such row; its values are ${settingLabel(row.paper.paper)}'s, a different setting, so no difference is taken`];
    return row.note === null ? other : [...other, `${name}: ${row.note}`];
  });
  if (format === "markdown") {
    const header = ["Data", "Model", ...TABLE1_COLUMNS];
    const table = markdownTable(header, body, ["left", "left", ...TABLE1_COLUMNS.map(() => "right" as const)]);
    return notes.length === 0 ? table : `${table}\n${notes.map((n) => `- ${n}`).join("\n")}\n`;
  }
  const header = ["Data", "Model", ...TABLE1_COLUMNS.map(latexColumn)];
  return latexTabular(header, body, `ll${"r".repeat(TABLE1_COLUMNS.length)}`) + notes.map((n) => `% ${n}\n`).join("");
}

function table1Csv(table: Table1): string {
  const header = ["dataset", "model", "column", "n", "missing", "mean", "std", "min", "max", "published", "published_setting", "difference", "run_ids"];
  const rows = table.rows.flatMap((row) =>
    TABLE1_COLUMNS.map((column) => {
      const { stats, published, difference, runIds } = row.cells[column];
      const setting = published ? `${row.paper.paper.dataset}/${row.paper.paper.model}` : null;
      return [row.dataset, row.model, column, stats.n, stats.missing, stats.mean, stats.std, stats.min, stats.max, published?.mean ?? null, setting, difference, runIds.join(" ")];
    }),
  );
  return toCsv(header, rows);
}

/** "d(W0R,WVA)" → $d(W_0^R, W_V^A)$. */
function latexColumn(column: (typeof TABLE1_COLUMNS)[number]): string {
  const { from, to } = columnPair(column);
  const w = (c: Checkpoint) => `W_${c[1]}^${c[2]}`;
  return `$d(${w(from)}, ${w(to)})$`;
}
