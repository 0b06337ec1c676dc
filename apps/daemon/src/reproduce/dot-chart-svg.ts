import { escapeXml, type SeedStats } from "@minima/metrics";
import { axes, linear, n, niceTicks, PALETTE, svgDocument, type Box } from "./svg-frame.ts";

export interface DotPanel {
  title: string;
  yLabel: string;
  items: ReadonlyArray<{ label: string; stats: SeedStats }>;
}

const PANEL_WIDTH = 260;
const PLOT: Omit<Box, "left"> = { top: 60, width: 190, height: 250 };

/**
 * Figure 5: side-by-side panels (one per norm, each with its own scale), a dot per checkpoint
 * at the mean over seeds with a whisker from min to max. A checkpoint nobody measured is left out.
 */
export function dotChartSvg(title: string, panels: readonly DotPanel[]): string {
  const body: string[] = [];
  panels.forEach((panel, p) => {
    const box: Box = { left: p * PANEL_WIDTH + 60, ...PLOT };
    const measured = panel.items.flatMap((item) => (item.stats.n > 0 && item.stats.mean !== null ? [{ label: item.label, stats: item.stats }] : []));
    const yTicks = niceTicks(Math.min(...measured.map((i) => i.stats.min)), Math.max(...measured.map((i) => i.stats.max)));
    const y = linear(yTicks.min, yTicks.max, box.top + box.height, box.top);
    const step = box.width / Math.max(1, panel.items.length);
    const x = (i: number) => box.left + step * (i + 0.5);
    body.push(`<g data-panel="${escapeXml(panel.title)}">`);
    body.push(`<text x="${n(box.left + box.width / 2)}" y="${box.top - 10}" text-anchor="middle">${escapeXml(panel.title)}</text>`);
    body.push(axes(box, { ticks: yTicks.ticks, scale: y, label: panel.yLabel }, { ticks: panel.items.map((item, i) => ({ at: x(i), label: item.label })), label: "checkpoint" }));
    panel.items.forEach((item, i) => {
      const { stats } = item;
      if (stats.n === 0 || stats.mean === null) return;
      const color = PALETTE[i % PALETTE.length]!;
      body.push(
        `<g data-series="${escapeXml(item.label)}">`,
        `<line x1="${n(x(i))}" y1="${n(y(stats.min))}" x2="${n(x(i))}" y2="${n(y(stats.max))}" stroke="${color}" stroke-width="1.5"/>`,
        `<line x1="${n(x(i) - 5)}" y1="${n(y(stats.min))}" x2="${n(x(i) + 5)}" y2="${n(y(stats.min))}" stroke="${color}"/>`,
        `<line x1="${n(x(i) - 5)}" y1="${n(y(stats.max))}" x2="${n(x(i) + 5)}" y2="${n(y(stats.max))}" stroke="${color}"/>`,
        `<circle cx="${n(x(i))}" cy="${n(y(stats.mean))}" r="4" fill="${color}"><title>${escapeXml(`${item.label}: mean ${stats.mean.toFixed(4)}, min ${stats.min.toFixed(4)}, max ${stats.max.toFixed(4)}, ${stats.n} seed(s)`)}</title></circle>`,
        "</g>",
      );
    });
    body.push("</g>");
  });
  return svgDocument(Math.max(1, panels.length) * PANEL_WIDTH + 20, 380, title, body.join("\n"));
}
