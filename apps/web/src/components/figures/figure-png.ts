import { figureLayout, type FigureLayout } from "../../lib/figure-layout.ts";
import { figureSvg, type FigureLegend } from "../../lib/figure-svg.ts";

/** A legend entry drawn under a PNG's title (uPlot's legend is HTML, not on its canvas). */
export type PngLegend = FigureLegend;

/** A panel of a figure on the page: its canvas and the title it is exported under. */
export interface TitledCanvas {
  title: string;
  canvas: HTMLCanvasElement;
}

const TEXT = "#1d2330";

/**
 * The drawn canvases under `frame`, each titled by the nearest `data-panel-title` around it
 * (uPlot draws titles in HTML, and Figure 1's and 5's captions are HTML too).
 */
export function titledCanvases(frame: HTMLElement | null): TitledCanvas[] {
  return [...(frame?.querySelectorAll("canvas") ?? [])]
    .filter((c) => c.width > 0 && c.height > 0)
    .map((canvas) => ({ canvas, title: canvas.closest("[data-panel-title]")?.getAttribute("data-panel-title") ?? "" }));
}

function layoutOf(panels: readonly TitledCanvas[], legend: readonly PngLegend[], columns: number): FigureLayout {
  const sizes = panels.map(({ title, canvas }) => ({ title, width: canvas.width, height: canvas.height }));
  return figureLayout(sizes, { legend: legend.length > 0, columns, scale: window.devicePixelRatio || 1 });
}

/**
 * A figure's panels as one PNG on white: the title, the legend, then the panels in a grid
 * (`columns` per row) at their backing-store size, each under its title. Null when nothing is drawn.
 */
export async function figurePng(title: string, panels: readonly TitledCanvas[], legend: readonly PngLegend[] = [], columns = 1): Promise<Blob | null> {
  if (panels.length === 0) return null;
  const layout = layoutOf(panels, legend, columns);
  const out = document.createElement("canvas");
  out.width = layout.width;
  out.height = layout.height;
  const ctx = out.getContext("2d");
  if (!ctx) return null;
  const { fonts } = layout;
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = TEXT;
  ctx.textBaseline = "top";
  ctx.font = `600 ${fonts.title}px system-ui, sans-serif`;
  ctx.fillText(title, layout.title.x, layout.title.y, layout.width - 2 * layout.title.x);
  if (layout.legend) {
    let x = layout.legend.x;
    const y = layout.legend.y;
    ctx.font = `${fonts.legend}px system-ui, sans-serif`;
    for (const entry of legend) {
      ctx.fillStyle = entry.color;
      ctx.fillRect(x, y + fonts.legend * 0.2, fonts.legend, fonts.legend * 0.6);
      x += fonts.legend * 1.3;
      ctx.fillStyle = TEXT;
      ctx.fillText(entry.label, x, y);
      x += ctx.measureText(entry.label).width + fonts.legend;
    }
  }
  ctx.font = `600 ${fonts.panel}px system-ui, sans-serif`;
  layout.panels.forEach((panel, i) => {
    ctx.fillStyle = TEXT;
    ctx.fillText(panel.title, panel.titleX, panel.titleY, panel.width);
    ctx.drawImage(panels[i]!.canvas, panel.x, panel.y);
  });
  return new Promise((resolve) => out.toBlob(resolve, "image/png"));
}

/** The same page as SVG: text stays text, each panel's canvas is embedded as a PNG image. */
export function figureSvgFile(title: string, panels: readonly TitledCanvas[], legend: readonly PngLegend[] = [], columns = 1): string | null {
  if (panels.length === 0) return null;
  const layout = layoutOf(panels, legend, columns);
  return figureSvg(title, layout, legend, panels.map((p) => p.canvas.toDataURL("image/png")), window.devicePixelRatio || 1);
}
