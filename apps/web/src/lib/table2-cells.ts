import { formatFixed, formatMeanStd, type TableCell } from "@minima/metrics";

/** How far a measured mean sits from the paper's: within 1 point, within 5, or beyond. */
export type Agreement = "close" | "near" | "far";

/** The colour class of a difference in percentage points (|d| ≤ 1 close, ≤ 5 near, else far). */
export function agreement(difference: number): Agreement {
  const d = Math.abs(difference);
  if (d <= 1) return "close";
  if (d <= 5) return "near";
  return "far";
}

/** What one Table 2 cell shows; values are percentages, to 3 decimals like the paper. */
export interface Table2CellText {
  /** "84.838 ± 0.193", or "–" before any seed finished. */
  value: string;
  /** "3/5" when fewer seeds than expected reported; null when complete or empty. */
  seeds: string | null;
  /** "paper 84.838 ± 0.193", or null when the paper gives no value. */
  paper: string | null;
  /** "+0.512" / "−2.001" (measured − paper), or null when either is missing. */
  difference: string | null;
  agreement: Agreement | null;
  /** The tooltip: min, max and seed count. */
  title: string;
}

const DECIMALS = 3;

/** Signed, with a real minus sign: "+0.512", "−2.001", "0.000". */
export function formatDifference(difference: number): string {
  const text = formatFixed(difference, DECIMALS);
  if (/^0\.?0*$/.test(text)) return text;
  return text.startsWith("-") ? `−${text.slice(1)}` : `+${text}`;
}

export function table2CellText(cell: TableCell, expectedSeeds: number): Table2CellText {
  const { stats, published, difference } = cell;
  const paper = published
    ? `paper ${published.std === null ? formatFixed(published.mean, DECIMALS) : formatMeanStd(published.mean, published.std, DECIMALS)}`
    : null;
  if (stats.mean === null) {
    return { value: "–", seeds: null, paper, difference: null, agreement: null, title: `no seed finished yet (0/${expectedSeeds})` };
  }
  return {
    value: formatMeanStd(stats.mean, stats.std, DECIMALS),
    seeds: stats.n < expectedSeeds ? `${stats.n}/${expectedSeeds}` : null,
    paper,
    difference: difference === null ? null : formatDifference(difference),
    agreement: difference === null ? null : agreement(difference),
    title: `min ${formatFixed(stats.min, DECIMALS)} · max ${formatFixed(stats.max, DECIMALS)} · n = ${stats.n}/${expectedSeeds}`,
  };
}
