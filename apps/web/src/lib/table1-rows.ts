import {
  publishedTable1Row,
  table1Comparison,
  TABLE1_COLUMNS,
  type PaperComparison,
  type RunStatus,
  type Setting,
  type Table1,
  type Table1Column,
  type Table1Row,
  type TableCell,
} from "@minima/metrics";

/**
 * A run as the rows need it: the measurement runs' keys are `<dataset>/<model>/distances/s<seed>`
 * in a grid preset, `distances/s<seed>` in Table 2's ablation (one setting, the experiment's).
 */
export interface KeyedRun {
  id: string;
  key: string;
  status: RunStatus;
}

/** A row of the view: the table's row (or an empty one still being measured) and its measurement runs. */
export interface Table1ViewRow extends Table1Row {
  measureRuns: (KeyedRun & { seed: number })[];
}

const MEASURE_KEY = /^(?:([^/]+)\/([^/]+)\/)?distances\/s(\d+)$/;

function emptyCells(paper: PaperComparison, expectedSeeds: number): Record<Table1Column, TableCell> {
  const published = publishedTable1Row(paper.paper.dataset, paper.paper.model);
  const cell = (column: Table1Column): TableCell => ({
    stats: { mean: null, std: null, min: null, max: null, n: 0, missing: expectedSeeds },
    published: published ? { mean: published.values[column], std: null } : null,
    difference: null,
    runIds: [],
  });
  return Object.fromEntries(TABLE1_COLUMNS.map((column) => [column, cell(column)])) as Record<Table1Column, TableCell>;
}

/**
 * Table 1's rows as the experiment plans them: every dataset × model it measures appears from
 * the start (empty until its first distance run finishes), in the table's order, then rows only
 * the runs know, each with its measurement runs so a row can say what it is waiting for.
 * `setting` is the experiment's one dataset and model, for keys that do not name theirs.
 */
export function table1ViewRows(table: Table1, runs: readonly KeyedRun[], setting: Setting | null = null): Table1ViewRow[] {
  const measureRuns = new Map<string, Table1ViewRow["measureRuns"]>();
  const planned: { dataset: string; model: string }[] = [];
  for (const run of runs) {
    const match = MEASURE_KEY.exec(run.key);
    if (!match) continue;
    const dataset = match[1] ?? setting?.dataset;
    const model = match[2] ?? setting?.model;
    const seed = match[3]!;
    if (dataset === undefined || model === undefined) continue;
    const key = `${dataset}\u0000${model}`;
    if (!measureRuns.has(key)) {
      measureRuns.set(key, []);
      planned.push({ dataset, model });
    }
    measureRuns.get(key)!.push({ ...run, seed: Number(seed) });
  }
  const rowKey = (r: { dataset: string; model: string }) => `${r.dataset}\u0000${r.model}`;
  const measured = new Set(table.rows.map(rowKey));
  const rows: Table1ViewRow[] = table.rows.map((row) => ({ ...row, measureRuns: measureRuns.get(rowKey(row)) ?? [] }));
  for (const { dataset, model } of planned) {
    if (measured.has(rowKey({ dataset, model }))) continue;
    const paper = table1Comparison({ dataset, model });
    rows.push({
      dataset,
      model,
      cells: emptyCells(paper, table.expectedSeeds),
      paper,
      note: publishedTable1Row(paper.paper.dataset, paper.paper.model)?.note ?? null,
      measureRuns: measureRuns.get(rowKey({ dataset, model }))!,
    });
  }
  for (const row of rows) row.measureRuns.sort((a, b) => a.seed - b.seed);
  return rows;
}
