import type uPlot from "uplot";

/** The colours uPlot draws its axes in; it paints on a canvas, which cannot read CSS variables itself. */
export interface ChartTheme {
  text: string;
  grid: string;
}

const LIGHT: ChartTheme = { text: "#1d2330", grid: "rgba(0, 0, 0, 0.08)" };

/** The theme in force at an element: globals.css sets --chart-text and --chart-grid per colour scheme. */
export function readChartTheme(style: Pick<CSSStyleDeclaration, "getPropertyValue">): ChartTheme {
  const text = style.getPropertyValue("--chart-text").trim();
  const grid = style.getPropertyValue("--chart-grid").trim();
  return { text: text || LIGHT.text, grid: grid || LIGHT.grid };
}

/** Chart options with axes, tick labels and grid in the theme's colours, where a chart did not choose its own. */
export function themedOptions(options: uPlot.Options, theme: ChartTheme): uPlot.Options {
  const axes = options.axes ?? [{}, {}];
  return {
    ...options,
    axes: axes.map((axis) => ({
      ...axis,
      stroke: axis.stroke ?? theme.text,
      grid: { ...axis.grid, stroke: axis.grid?.stroke ?? theme.grid },
      ticks: { ...axis.ticks, stroke: axis.ticks?.stroke ?? theme.grid },
    })),
  };
}
