import { exportTable1, exportTable2, TABLE2_MODE_LABELS, type Table1, type Table2 } from "@minima/metrics";

/** Table 2's Markdown, with a line under it naming the modes this profile did not train. */
export function table2Markdown(table: Table2): string {
  const markdown = exportTable2(table, "markdown");
  const empty = table.rows.filter((row) => Object.values(row.cells).every((bySplit) => Object.values(bySplit).every((cell) => cell.stats.n === 0)));
  if (empty.length === 0) return markdown;
  const labels = empty.map((row) => TABLE2_MODE_LABELS[row.mode]).join(", ");
  return `${markdown}\nPartial table: no finished runs of ${labels}; those rows show only the paper's values.\n`;
}

export const table1Files = (table: Table1) => ({ md: exportTable1(table, "markdown"), csv: exportTable1(table, "csv") });
export const table2Files = (table: Table2) => ({ md: table2Markdown(table), csv: exportTable2(table, "csv") });
