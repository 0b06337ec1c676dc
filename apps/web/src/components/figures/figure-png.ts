/** A legend entry drawn under a PNG's title (uPlot's legend is HTML, not on its canvas). */
export interface PngLegend {
  label: string;
  color: string;
}

const PAD = 16;
const TITLE_PX = 18;
const LEGEND_PX = 14;

/**
 * A figure's canvases as one PNG on white: the title, the legend, then the canvases in a grid
 * (`columns` per row) at their backing-store size. Null when there is nothing to draw.
 */
export async function figurePng(title: string, canvases: HTMLCanvasElement[], legend: PngLegend[] = [], columns = 1): Promise<Blob | null> {
  const drawn = canvases.filter((c) => c.width > 0 && c.height > 0);
  if (drawn.length === 0) return null;
  const scale = window.devicePixelRatio || 1;
  const cellW = Math.max(...drawn.map((c) => c.width));
  const cellH = Math.max(...drawn.map((c) => c.height));
  const perRow = Math.min(columns, drawn.length);
  const header = PAD + (TITLE_PX + 8 + (legend.length ? LEGEND_PX + 8 : 0)) * scale;
  const out = document.createElement("canvas");
  out.width = PAD * 2 + perRow * cellW + (perRow - 1) * PAD;
  out.height = header + Math.ceil(drawn.length / perRow) * (cellH + PAD) + PAD;
  const ctx = out.getContext("2d");
  if (!ctx) return null;
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = "#1d2330";
  ctx.textBaseline = "top";
  ctx.font = `600 ${TITLE_PX * scale}px system-ui, sans-serif`;
  ctx.fillText(title, PAD, PAD);
  let x = PAD;
  const legendY = PAD + (TITLE_PX + 8) * scale;
  ctx.font = `${LEGEND_PX * scale}px system-ui, sans-serif`;
  for (const entry of legend) {
    ctx.fillStyle = entry.color;
    ctx.fillRect(x, legendY + 3 * scale, 14 * scale, 8 * scale);
    x += 18 * scale;
    ctx.fillStyle = "#1d2330";
    ctx.fillText(entry.label, x, legendY);
    x += ctx.measureText(entry.label).width + 16 * scale;
  }
  drawn.forEach((canvas, i) => {
    const col = i % perRow;
    const row = Math.floor(i / perRow);
    ctx.drawImage(canvas, PAD + col * (cellW + PAD), header + row * (cellH + PAD));
  });
  return new Promise((resolve) => out.toBlob(resolve, "image/png"));
}
