import { formatFixed, formatMeanStd, type TableCell } from "@minima/metrics";
import { formatDifference, type Agreement } from "./table2-cells.ts";

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
  /** "paper 0.953"; null for a row the paper does not have (the CPU profile's). */
  paper: string | null;
  /** "+0.012" (measured − paper); null when either is missing. */
  difference: string | null;
  agreement: Agreement | null;
  /** The tooltip: min, max, seeds and how many are missing. */
  title: string;
}

const DECIMALS = 3;

export function table1CellText(cell: TableCell, expectedSeeds: number): Table1CellText {
  const { stats, published, difference } = cell;
  const paper = published ? `paper ${formatFixed(published.mean, DECIMALS)}` : null;
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
