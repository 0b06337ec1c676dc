import { escapeXml, type BandPoint } from "@minima/metrics";
import { axes, linear, n, niceTicks, PALETTE, svgDocument, type Box } from "./svg-frame.ts";

export interface BandSeries {
  name: string;
  points: readonly BandPoint[];
}

export interface BandChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly BandSeries[];
}

const WIDTH = 640;
const HEIGHT = 400;
const BOX: Box = { left: 70, top: 40, width: 400, height: 290 };

/**
 * Figures 4 and 6: per series, the mean over seeds as a line with dots and the min–max over
 * seeds as a shaded band (the paper's "min/max/mean in figures"), a legend at the right.
 */
export function bandChartSvg(chart: BandChart): string {
  const all = chart.series.flatMap((s) => s.points);
  const xs = [...new Set(all.map((p) => p.x))].sort((a, b) => a - b);
  const yTicks = niceTicks(Math.min(...all.map((p) => p.min)), Math.max(...all.map((p) => p.max)));
  const y = linear(yTicks.min, yTicks.max, BOX.top + BOX.height, BOX.top);
  const x = linear(xs[0] ?? 0, xs.at(-1) ?? 1, BOX.left + 10, BOX.left + BOX.width - 10);
  const body = [axes(BOX, { ticks: yTicks.ticks, scale: y, label: chart.yLabel }, { ticks: xs.map((v) => ({ at: x(v), label: String(v) })), label: chart.xLabel })];
  chart.series.forEach((series, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const points = [...series.points].sort((a, b) => a.x - b.x);
    const upper = points.map((p) => `${n(x(p.x))},${n(y(p.max))}`);
    const lower = points.map((p) => `${n(x(p.x))},${n(y(p.min))}`).reverse();
    const line = points.map((p) => `${n(x(p.x))},${n(y(p.mean))}`).join(" ");
    body.push(
      `<g data-series="${escapeXml(series.name)}">`,
      `<polygon points="${[...upper, ...lower].join(" ")}" fill="${color}" fill-opacity="0.2" stroke="none"/>`,
      `<polyline points="${line}" fill="none" stroke="${color}" stroke-width="2"/>`,
      ...points.map((p) => `<circle cx="${n(x(p.x))}" cy="${n(y(p.mean))}" r="3" fill="${color}"><title>${escapeXml(`${series.name} at ${p.x}: mean ${p.mean.toFixed(3)}, min ${p.min.toFixed(3)}, max ${p.max.toFixed(3)}, ${p.n} seed(s)`)}</title></circle>`),
      `<rect x="${BOX.left + BOX.width + 20}" y="${BOX.top + 18 * i}" width="12" height="12" fill="${color}"/>`,
      `<text x="${BOX.left + BOX.width + 38}" y="${BOX.top + 18 * i + 10}">${escapeXml(series.name)}</text>`,
      "</g>",
    );
  });
  return svgDocument(WIDTH, HEIGHT, chart.title, body.join("\n"));
}
