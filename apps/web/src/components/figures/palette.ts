/** Figure colours (matplotlib's tab10, as the paper's figures use), and their translucent band fill. */
export const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"] as const;

export const colorAt = (i: number) => PALETTE[i % PALETTE.length]!;

export function translucent(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
