/** What the hand-written SVG charts share: scales, nice ticks, an axis frame (escaping: @minima/metrics). */
import { escapeXml } from "@minima/metrics";

/** Coordinates to 2 decimals: small files, and the same numbers give the same bytes. */
export const n = (value: number) => String(Math.round(value * 100) / 100);

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Maps [min, max] onto [from, to]; a flat range is widened so a single value sits mid-axis. */
export function linear(min: number, max: number, from: number, to: number): (v: number) => number {
  const [lo, hi] = min === max ? [min - 1, max + 1] : [min, max];
  return (v) => from + ((v - lo) / (hi - lo)) * (to - from);
}

/** About `count` round tick values covering [min, max] (1, 2 or 5 × a power of ten apart). */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; min: number; max: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [0, 1], min: 0, max: 1 };
  if (min === max) [min, max] = [min - 1, max + 1];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Math.round(v / step) * step);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return { ticks: ticks.map((t) => Number(t.toFixed(decimals))), min: lo, max: hi };
}

/** The frame of one plot: y grid lines with labels, x labels, axis titles. */
export function axes(box: Box, y: { ticks: number[]; scale: (v: number) => number; label: string }, x: { ticks: Array<{ at: number; label: string }>; label: string }): string {
  const bottom = box.top + box.height;
  const parts = [`<rect x="${n(box.left)}" y="${n(box.top)}" width="${n(box.width)}" height="${n(box.height)}" fill="none" stroke="#999"/>`];
  for (const t of y.ticks) {
    const py = y.scale(t);
    parts.push(`<line x1="${n(box.left)}" y1="${n(py)}" x2="${n(box.left + box.width)}" y2="${n(py)}" stroke="#eee"/>`);
    parts.push(`<text x="${n(box.left - 6)}" y="${n(py + 4)}" text-anchor="end">${escapeXml(String(t))}</text>`);
  }
  for (const t of x.ticks) {
    parts.push(`<line x1="${n(t.at)}" y1="${n(bottom)}" x2="${n(t.at)}" y2="${n(bottom + 4)}" stroke="#999"/>`);
    parts.push(`<text x="${n(t.at)}" y="${n(bottom + 18)}" text-anchor="middle">${escapeXml(t.label)}</text>`);
  }
  parts.push(`<text x="${n(box.left + box.width / 2)}" y="${n(bottom + 38)}" text-anchor="middle">${escapeXml(x.label)}</text>`);
  parts.push(`<text transform="translate(${n(box.left - 44)} ${n(box.top + box.height / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(y.label)}</text>`);
  return parts.join("\n");
}

export function svgDocument(width: number, height: number, title: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${n(width / 2)}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    body,
    "</svg>",
    "",
  ].join("\n");
}

/** Colours told apart in print and by most colour-blind readers (Okabe–Ito). */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"] as const;
