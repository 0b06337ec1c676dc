import { formatFixed, formatMeanStd, settingLabel, type Table1Row, type TableCell } from "@minima/metrics";
import { formatDifference, paperText, type Agreement } from "./table2-cells.ts";

/**
 * How far a measured distance sits from the paper's, relative to the paper's value: Table 1's
 * columns run from 0.16 to 83, so one absolute threshold would be too strict for some and too
 * loose for others. Within 10% close, within 30% near, beyond far.
 */
export function relativeAgreement(difference: number, published: number): Agreement {
  const relative = published === 0 ? Math.abs(difference) : Math.abs(difference / published);
  if (relative <= 0.1) return "close";
  if (relative <= 0.3) return "near";
  return "far";
}

/** What one Table 1 cell shows: distances to 3 decimals, like the paper. */
export interface Table1CellText {
  /** "0.953 ± 0.012" over several seeds, "0.953" for one, "–" before any finished. */
  value: string;
  /** "2/5" while seeds are missing; null when complete or empty. */
  seeds: string | null;
  /** "paper 0.953"; "paper, CIFAR10 / ResNet18: 0.953" for a row the paper lacks (the CPU profile's); null when there is no value. */
  paper: string | null;
  /** "+0.012" (measured − paper); null when either is missing. */
  difference: string | null;
  agreement: Agreement | null;
  /** The tooltip: min, max, seeds and how many are missing. */
  title: string;
}

const DECIMALS = 3;

/** `otherSetting`: the paper row's setting when it is not the cell's (shown, never compared). */
export function table1CellText(cell: TableCell, expectedSeeds: number, otherSetting: string | null = null): Table1CellText {
  const { stats, published } = cell;
  const difference = otherSetting === null ? cell.difference : null;
  const paper = published ? paperText(formatFixed(published.mean, DECIMALS), otherSetting) : null;
  if (stats.mean === null) {
    return { value: "–", seeds: null, paper, difference: null, agreement: null, title: `no seed measured yet (0/${expectedSeeds})` };
  }
  const missing = stats.missing > 0 ? ` · ${stats.missing} missing` : "";
  return {
    value: stats.n > 1 ? formatMeanStd(stats.mean, stats.std, DECIMALS) : formatFixed(stats.mean, DECIMALS),
    seeds: stats.missing > 0 ? `${stats.n}/${stats.n + stats.missing}` : null,
    paper,
    difference: difference === null ? null : formatDifference(difference),
    agreement: difference === null || !published ? null : relativeAgreement(difference, published.mean),
    title: `mean over seeds · min ${formatFixed(stats.min, DECIMALS)} · max ${formatFixed(stats.max, DECIMALS)} · n = ${stats.n}/${stats.n + stats.missing}${missing}`,
  };
}

/** The paper row's setting when it is not the row's own, for the cells to name; null when they match. */
export function otherSettingOf(row: Pick<Table1Row, "paper">): string | null {
  return row.paper.matches ? null : settingLabel(row.paper.paper);
}

/** What the caption says about the paper's values: which rows are compared and which only shown beside. */
export function table1PaperNote(rows: readonly Pick<Table1Row, "paper" | "dataset" | "model">[]): string {
  const others = rows.filter((r) => !r.paper.matches);
  const compared = "The difference is green within 10% of the paper's value, amber within 30% and red beyond.";
  if (others.length === 0) return `Each paper value is the paper's row of the same dataset and model. ${compared}`;
  const list = others.map((r) => `${settingLabel(r)} shows ${settingLabel(r.paper.paper)}'s`).join("; ");
  const sameExists = others.length < rows.length ? ` Rows the paper measured are compared with it: ${compared}` : "";
  return `The paper has no row for ${others.length === 1 ? "this setting" : "these settings"} (${list}): its values are shown for orientation, labelled with their setting, and nothing is coloured, since a distance measured on another dataset or model is no error.${sameExists}`;
}
