/** A panel to lay out: its title and its picture's size in pixels. */
export interface PanelSize {
  title: string;
  width: number;
  height: number;
}

/** Where a figure's title, legend row and each panel (title above, picture below) are drawn. */
export interface FigureLayout {
  width: number;
  height: number;
  /** Text sizes in pixels, already multiplied by the scale. */
  fonts: { title: number; legend: number; panel: number };
  title: { x: number; y: number };
  /** The legend's row, when the figure has a legend. */
  legend: { x: number; y: number } | null;
  panels: Array<{ title: string; titleX: number; titleY: number; x: number; y: number; width: number; height: number }>;
}

const PAD = 16;
const TITLE_PX = 18;
const LEGEND_PX = 14;
const PANEL_TITLE_PX = 13;

/**
 * A figure's page as the PNG and SVG exports draw it: the title, the legend, then the panels in
 * a grid (`columns` per row), each under its own title. `scale` is the device pixel ratio the
 * panels were drawn at, so text keeps its size beside them. Text positions are top-left corners.
 */
export function figureLayout(panels: readonly PanelSize[], options: { legend: boolean; columns: number; scale: number }): FigureLayout {
  const { scale } = options;
  const fonts = { title: TITLE_PX * scale, legend: LEGEND_PX * scale, panel: PANEL_TITLE_PX * scale };
  const cellW = Math.max(1, ...panels.map((p) => p.width));
  const cellH = Math.max(1, ...panels.map((p) => p.height));
  const perRow = Math.max(1, Math.min(options.columns, panels.length));
  const legendY = PAD + fonts.title + 8 * scale;
  const header = legendY + (options.legend ? fonts.legend + 8 * scale : 0);
  const panelTitle = fonts.panel + 6 * scale;
  const rowH = panelTitle + cellH + PAD;
  return {
    width: PAD * 2 + perRow * cellW + (perRow - 1) * PAD,
    height: header + Math.ceil(panels.length / perRow) * rowH + PAD,
    fonts,
    title: { x: PAD, y: PAD },
    legend: options.legend ? { x: PAD, y: legendY } : null,
    panels: panels.map((panel, i) => {
      const x = PAD + (i % perRow) * (cellW + PAD);
      const top = header + Math.floor(i / perRow) * rowH;
      return { title: panel.title, titleX: x, titleY: top, x, y: top + panelTitle, width: panel.width, height: panel.height };
    }),
  };
}
