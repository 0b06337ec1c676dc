import assert from "node:assert/strict";
import { test } from "node:test";
import { readChartTheme, themedOptions } from "./chart-theme.ts";

const style = (vars: Record<string, string>) => ({ getPropertyValue: (name: string) => vars[name] ?? "" });

void test("the theme comes from the CSS variables at the chart, light where they are missing", () => {
  assert.deepEqual(readChartTheme(style({ "--chart-text": " #c9ced6", "--chart-grid": "rgba(255, 255, 255, 0.1) " })), { text: "#c9ced6", grid: "rgba(255, 255, 255, 0.1)" });
  assert.deepEqual(readChartTheme(style({})), { text: "#1d2330", grid: "rgba(0, 0, 0, 0.08)" });
});

void test("axes take the theme's colours unless the chart chose its own; other options are kept", () => {
  const theme = { text: "white", grid: "grey" };
  const themed = themedOptions({ width: 100, height: 50, series: [], axes: [{ label: "epoch" }, { label: "loss", stroke: "red", grid: { width: 2 } }] }, theme);
  assert.equal(themed.width, 100);
  assert.deepEqual(themed.axes, [
    { label: "epoch", stroke: "white", grid: { stroke: "grey" }, ticks: { stroke: "grey" } },
    { label: "loss", stroke: "red", grid: { width: 2, stroke: "grey" }, ticks: { stroke: "grey" } },
  ]);
  // No axes given: uPlot's default x and y, themed.
  assert.equal(themedOptions({ width: 1, height: 1, series: [] }, theme).axes?.length, 2);
});
