import { MetricsError } from "./metrics-error.ts";
import { table2Comparison, type PaperComparison, type Setting } from "./paper-setting.ts";
import { INITS, PUBLISHED_TABLE2, SPLITS, TABLE2_MODES, type Init, type Split, type Table2Mode } from "./published-table2.ts";
import { addMeasure, toCell, type SeedMeasure, type SeedValues, type TableCell } from "./table-cell.ts";
import type { TableOptions } from "./table1.ts";

/** One stored final-epoch accuracy of a training run of the experiment's setting (the caller picks those runs). */
export interface Table2Measure {
  mode: Table2Mode;
  init: Init;
  split: Split;
  seed: number;
  value: number;
  runId?: string;
}

export interface Table2Row {
  mode: Table2Mode;
  cells: Record<Init, Record<Split, TableCell>>;
}

/** Table 2 in percent, like the paper: always its eight rows, empty cells where nothing ran. */
export interface Table2 {
  expectedSeeds: number;
  /** The paper's setting (ResNet18 on CIFAR-10) and whether the experiment's is the same. */
  paper: PaperComparison;
  rows: Table2Row[];
}

export interface Table2Options extends TableOptions {
  /** How measures store accuracy: "fraction" (0–1, as the training core reports) by default. */
  accuracy?: "fraction" | "percent";
  /**
   * The dataset and model the experiment trained; differences from the paper are computed only
   * when it is the paper's. Null or omitted: unknown (or several), so none are.
   */
  setting?: Setting | null;
}

const MODE_SET = new Set<string>(TABLE2_MODES);
const INIT_SET = new Set<string>(INITS);
const SPLIT_SET = new Set<string>(SPLITS);

/** Table 2 from a flat list of stored accuracies, one pass into a Map; cells in percent. */
export function table2(measures: Iterable<Table2Measure>, options: Table2Options = {}): Table2 {
  const expectedSeeds = options.expectedSeeds ?? 5;
  const unit = options.accuracy ?? "fraction";
  const max = unit === "fraction" ? 1 : 100;
  const cells = new Map<string, SeedValues>();
  for (const m of measures) {
    const where = () => `Table 2 ${m.mode}/${m.init}/${m.split}`;
    if (!MODE_SET.has(m.mode) || !INIT_SET.has(m.init) || !SPLIT_SET.has(m.split)) {
      throw new MetricsError(`${where()}: mode must be one of ${TABLE2_MODES.join(", ")}, init one of ${INITS.join(", ")}, split one of ${SPLITS.join(", ")}.`);
    }
    if (m.value < 0 || m.value > max) {
      const hint = unit === "fraction" ? ' Pass { accuracy: "percent" } if the values are percentages.' : "";
      throw new MetricsError(`${where()}, seed ${m.seed}: accuracy ${m.value} is outside [0, ${max}].${hint}`);
    }
    const key = `${m.mode}\u0000${m.init}\u0000${m.split}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = new Map<number, SeedMeasure>()));
    addMeasure(cell, m, where);
  }
  const scale = unit === "fraction" ? 100 : 1;
  const paper = table2Comparison(options.setting ?? null);
  const rows = TABLE2_MODES.map((mode): Table2Row => {
    const byInit = (init: Init) => {
      const bySplit = (split: Split) => toCell(cells.get(`${mode}\u0000${init}\u0000${split}`), PUBLISHED_TABLE2[mode][init][split], expectedSeeds, scale, paper.matches);
      return { train: bySplit("train"), test: bySplit("test") };
    };
    return { mode, cells: { random: byInit("random"), adversarial: byInit("adversarial") } };
  });
  return { expectedSeeds, paper, rows };
}
