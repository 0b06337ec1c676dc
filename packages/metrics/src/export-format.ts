import type { CellTextOptions } from "./number-format.ts";

export const EXPORT_FORMATS = ["csv", "json", "markdown", "latex"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** Decimals of every mean, std and published value; 3 like the paper's tables. */
  decimals?: number;
  /** Show the measured std beside the mean (Markdown and LaTeX); on by default. */
  std?: boolean;
}

/** How Markdown and LaTeX write a cell. CSV and JSON keep full-precision numbers instead. */
export function cellStyle(format: "markdown" | "latex", options: ExportOptions): CellTextOptions {
  return {
    decimals: options.decimals ?? 3,
    std: options.std ?? true,
    pm: format === "latex" ? "$\\pm$" : "±",
    dash: format === "latex" ? "--" : "–",
  };
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
