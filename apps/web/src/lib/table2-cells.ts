import { formatFixed, formatMeanStd, settingLabel, type PaperComparison, type Setting, type TableCell } from "@minima/metrics";

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
  /** "paper 84.838 ± 0.193"; "paper, CIFAR10 / ResNet18: 84.838 ± 0.193" when that is another setting; null when the paper gives no value. */
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

/** How a cell names the paper's value: plainly where the setting is the cell's, with the paper's setting where it is not. */
export function paperText(value: string, otherSetting: string | null): string {
  return otherSetting === null ? `paper ${value}` : `paper, ${otherSetting}: ${value}`;
}

/** `otherSetting`: the paper's setting when it is not the experiment's (the value is then shown, never compared). */
export function table2CellText(cell: TableCell, expectedSeeds: number, otherSetting: string | null = null): Table2CellText {
  const { stats, published } = cell;
  const difference = otherSetting === null ? cell.difference : null;
  const paper = published
    ? paperText(published.std === null ? formatFixed(published.mean, DECIMALS) : formatMeanStd(published.mean, published.std, DECIMALS), otherSetting)
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

/** The line above Table 2 saying which setting its paper values are and whether differences are shown. */
export function table2PaperNote(comparison: PaperComparison, measured: Setting | null): string {
  const paper = settingLabel(comparison.paper);
  if (comparison.matches) return `Paper values: ${paper}, the setting this experiment trained, so each cell shows its difference from the paper, coloured.`;
  const ours = measured ? `this experiment trained ${settingLabel(measured)}` : "this experiment's runs span several settings (or none yet)";
  return `Paper values: ${paper}, shown for orientation only: ${ours}, so no difference is taken and nothing is coloured.`;
}
