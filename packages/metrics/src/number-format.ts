import type { TableCell } from "./table-cell.ts";

/** Fixed decimals, never "-0.000" (a tiny negative difference rounds to plain zero). */
export function formatFixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** "84.838 ± 0.193", the paper's way of writing a seed mean and its std. */
export function formatMeanStd(mean: number, std: number, decimals: number, pm = "±"): string {
  return `${formatFixed(mean, decimals)} ${pm} ${formatFixed(std, decimals)}`;
}

export interface CellTextOptions {
  decimals: number;
  /** Show the measured std after the mean. */
  std: boolean;
  /** The plus-minus sign and the empty-cell dash in the target format. */
  pm: string;
  dash: string;
}

/**
 * A cell as a reader wants it: "0.950 ± 0.008 [3/5 seeds] (paper 0.953)". An incomplete cell
 * says how many seeds it averages; an empty one shows a dash beside the paper's value.
 * `otherSetting` names the paper's setting when it is not the cell's: "(paper, CIFAR10 / ResNet18: 0.953)".
 */
export function cellText(cell: TableCell, options: CellTextOptions, otherSetting: string | null = null): string {
  const { stats, published } = cell;
  const { decimals, pm } = options;
  let text = options.dash;
  if (stats.mean !== null) {
    text = options.std ? formatMeanStd(stats.mean, stats.std, decimals, pm) : formatFixed(stats.mean, decimals);
  }
  if (stats.missing > 0 && stats.n > 0) text += ` [${stats.n}/${stats.n + stats.missing} seeds]`;
  if (published) {
    const paper = published.std === null ? formatFixed(published.mean, decimals) : formatMeanStd(published.mean, published.std, decimals, pm);
    text += otherSetting === null ? ` (paper ${paper})` : ` (paper, ${otherSetting}: ${paper})`;
  }
  return text;
}
