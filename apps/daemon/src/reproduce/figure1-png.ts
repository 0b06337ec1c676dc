import { figure1Title, rasterGrid, type DecisionRaster, type LabelledPoint } from "@minima/metrics";
import { drawText, TEXT_HEIGHT, textWidth } from "./bitmap-text.ts";
import { createCanvas, encodePng, setPixel, type RgbCanvas } from "./png.ts";

export interface ToyPanel {
  key: string;
  /** The run's title, used where the paper has no title for the key. */
  title?: string;
  raster: DecisionRaster | null;
  points: LabelledPoint[];
}

type Rgb = readonly [number, number, number];
// Class 0 and class 1 as the paper's panels colour them (orange / blue), points darker.
const CLASS0: Rgb = [253, 219, 178];
const CLASS1: Rgb = [184, 212, 240];
const POINT0: Rgb = [200, 80, 0];
const POINT1: Rgb = [20, 70, 160];
const BOUNDARY: Rgb = [40, 40, 40];
const TEXT: Rgb = [29, 35, 48];
const EMPTY: Rgb = [225, 225, 225];

export const FIGURE1_MARGIN = 10;
/** The row above each panel that holds its title. */
export const FIGURE1_TITLE_ROW = TEXT_HEIGHT + 5;

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as unknown as Rgb;

/** One panel at the raster's resolution, y up; the 0.5 level drawn as the boundary. */
function drawPanel(canvas: RgbCanvas, left: number, top: number, width: number, height: number, panel: ToyPanel): void {
  const { raster } = panel;
  if (!raster) {
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) setPixel(canvas, left + x, top + y, EMPTY);
    return;
  }
  const at = (col: number, row: number) => raster.values[row * raster.width + col]!;
  for (let row = 0; row < raster.height; row++) {
    for (let col = 0; col < raster.width; col++) {
      const v = at(col, row);
      const side = v > 0.5;
      const edge = (col + 1 < raster.width && at(col + 1, row) > 0.5 !== side) || (row + 1 < raster.height && at(col, row + 1) > 0.5 !== side);
      // Confidence shades each side a little, as a probability map would.
      const color = edge ? BOUNDARY : side ? mix(CLASS1, [140, 180, 225], (v - 0.5) * 2) : mix(CLASS0, [245, 190, 130], (0.5 - v) * 2);
      setPixel(canvas, left + col, top + raster.height - 1 - row, color);
    }
  }
  const { dx, dy } = rasterGrid(raster);
  for (const p of panel.points) {
    const col = Math.round((p.x - raster.xMin) / (dx || 1));
    const row = Math.round((p.y - raster.yMin) / (dy || 1));
    if (col < 0 || row < 0 || col >= raster.width || row >= raster.height) continue;
    for (let oy = -1; oy <= 1; oy++) for (let ox = -1; ox <= 1; ox++) setPixel(canvas, left + col + ox, top + raster.height - 1 - row + oy, p.label === 1 ? POINT1 : POINT0);
  }
}

/**
 * Figure 1 as one PNG: the panels (a)–(d) in a 2 × 2 grid, left to right then top to bottom,
 * each under the paper's title for it, the model's output over the plane with the training points
 * on top. A panel whose run has not succeeded is grey.
 */
export function figure1Png(panels: readonly ToyPanel[]): { png: Buffer; width: number; height: number } {
  const rasters = panels.flatMap((p) => (p.raster ? [p.raster] : []));
  const titles = panels.map((p) => figure1Title({ key: p.key, title: p.title ?? p.key }));
  const cellW = Math.max(1, ...rasters.map((r) => r.width), ...titles.map((t) => textWidth(t)));
  const cellH = FIGURE1_TITLE_ROW + Math.max(1, ...rasters.map((r) => r.height));
  const columns = Math.min(2, Math.max(1, panels.length));
  const rows = Math.max(1, Math.ceil(panels.length / columns));
  const width = columns * cellW + (columns + 1) * FIGURE1_MARGIN;
  const height = rows * cellH + (rows + 1) * FIGURE1_MARGIN;
  const canvas = createCanvas(width, height);
  panels.forEach((panel, i) => {
    const left = FIGURE1_MARGIN + (i % columns) * (cellW + FIGURE1_MARGIN);
    const top = FIGURE1_MARGIN + Math.floor(i / columns) * (cellH + FIGURE1_MARGIN);
    drawText(canvas, left, top, titles[i]!, TEXT);
    drawPanel(canvas, left, top + FIGURE1_TITLE_ROW, panel.raster?.width ?? cellW, panel.raster?.height ?? cellH - FIGURE1_TITLE_ROW, panel);
  });
  return { png: encodePng(canvas), width, height };
}
