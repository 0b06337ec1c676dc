import { MetricsError } from "./metrics-error.ts";
import { table1Comparison, type PaperComparison } from "./paper-setting.ts";
import { publishedTable1Row } from "./published-table1.ts";
import { addMeasure, toCell, type SeedMeasure, type SeedValues, type TableCell } from "./table-cell.ts";
import { TABLE1_COLUMNS, TABLE1_DATASETS, TABLE1_MODELS, type Table1Column } from "./table1-columns.ts";

/** One stored distance: d(from, to) of the column, for one dataset, model and seed. */
export interface Table1Measure {
  dataset: string;
  model: string;
  seed: number;
  column: Table1Column;
  value: number;
  runId?: string;
}

export interface Table1Row {
  dataset: string;
  model: string;
  cells: Record<Table1Column, TableCell>;
  /** The paper's row the cells show (table1Comparison): the same setting, or the nearest, uncompared. */
  paper: PaperComparison;
  /** The published row's provenance note (Restricted ImageNet), or null. */
  note: string | null;
}

export interface Table1 {
  expectedSeeds: number;
  rows: Table1Row[];
}

export interface TableOptions {
  /** Seeds a complete cell averages; the paper used 5. */
  expectedSeeds?: number;
}

export interface Table1Options extends TableOptions {
  /** Also list the paper's rows nobody has measured yet (empty cells beside the published values). */
  includeUnmeasured?: boolean;
}

const COLUMN_INDEX = new Map<string, number>(TABLE1_COLUMNS.map((column, i) => [column, i]));

/** One row's cells while measures arrive, in TABLE1_COLUMNS order. */
interface RowCells {
  dataset: string;
  model: string;
  columns: SeedValues[];
}

/**
 * Table 1 from a flat list of stored distances, one pass into Maps (10,000 runs' measures take
 * milliseconds). Rows follow the paper's order, then any other dataset/model (the CPU profile)
 * alphabetically; every cell carries its seeds' statistics, the paper's value and, where the paper
 * measured the same dataset and model, the difference.
 */
export function table1(measures: Iterable<Table1Measure>, options: Table1Options = {}): Table1 {
  const expectedSeeds = options.expectedSeeds ?? 5;
  // dataset → model → row: nested Maps spare building a string key per measure.
  const rows = new Map<string, Map<string, RowCells>>();
  const rowOf = (dataset: string, model: string): RowCells => {
    let models = rows.get(dataset);
    if (!models) rows.set(dataset, (models = new Map<string, RowCells>()));
    let row = models.get(model);
    if (!row) models.set(model, (row = { dataset, model, columns: TABLE1_COLUMNS.map(() => new Map<number, SeedMeasure>()) }));
    return row;
  };
  if (options.includeUnmeasured) {
    for (const dataset of TABLE1_DATASETS) for (const model of TABLE1_MODELS) rowOf(dataset, model);
  }
  for (const m of measures) {
    const column = COLUMN_INDEX.get(m.column);
    if (column === undefined) {
      throw new MetricsError(`Unknown Table 1 column "${String(m.column)}" for ${m.dataset}/${m.model}; expected one of ${TABLE1_COLUMNS.join(", ")}.`);
    }
    addMeasure(rowOf(m.dataset, m.model).columns[column]!, m, () => `Table 1 ${m.dataset}/${m.model} ${m.column}`);
  }
  const assembled = [...rows.values()].flatMap((models) => [...models.values()]).map(({ dataset, model, columns }): Table1Row => {
    const paper = table1Comparison({ dataset, model });
    const published = publishedTable1Row(paper.paper.dataset, paper.paper.model);
    const cells = Object.fromEntries(
      TABLE1_COLUMNS.map((column, i) => [
        column,
        toCell(columns[i], published ? { mean: published.values[column], std: null } : null, expectedSeeds, 1, paper.matches),
      ]),
    ) as Record<Table1Column, TableCell>;
    return { dataset, model, cells, paper, note: published?.note ?? null };
  });
  return { expectedSeeds, rows: assembled.sort(byPaperOrder) };
}

function rank(list: readonly string[], id: string): number {
  const i = list.indexOf(id);
  return i === -1 ? list.length : i;
}

function byPaperOrder(a: Table1Row, b: Table1Row): number {
  return (
    rank(TABLE1_DATASETS, a.dataset) - rank(TABLE1_DATASETS, b.dataset) ||
    a.dataset.localeCompare(b.dataset) ||
    rank(TABLE1_MODELS, a.model) - rank(TABLE1_MODELS, b.model) ||
    a.model.localeCompare(b.model)
  );
}
