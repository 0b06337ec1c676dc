import { aggregate, seriesBand, type DecisionRaster } from "@minima/metrics";
import assert from "node:assert/strict";
import { test } from "node:test";
import { bandChartSvg } from "./band-chart-svg.ts";
import { dotChartSvg } from "./dot-chart-svg.ts";
import { figure1Png, FIGURE1_MARGIN, FIGURE1_TITLE_ROW } from "./figure1-png.ts";
import { createCanvas, encodePng, setPixel } from "./png.ts";
import { readPng } from "./read-png.ts";

test("encodePng writes a valid RGB PNG whose pixels read back, the same bytes every time", () => {
  const canvas = createCanvas(7, 3);
  setPixel(canvas, 2, 1, [10, 200, 30]);
  setPixel(canvas, 99, 99, [0, 0, 0]);
  const png = encodePng(canvas);
  const image = readPng(png);
  assert.equal(image.width, 7);
  assert.equal(image.height, 3);
  assert.deepEqual(image.pixel(2, 1), [10, 200, 30]);
  assert.deepEqual(image.pixel(3, 1), [255, 255, 255]);
  assert.deepEqual(encodePng(canvas), png);
});

test("figure1Png lays the four panels out 2 × 2 with y up, each under its title, and greys a panel without a raster", () => {
  // Class 1 above y = 0 only: the top rows of a panel are blue-ish, the bottom rows orange-ish.
  const raster: DecisionRaster = { width: 20, height: 10, xMin: -1, xMax: 1, yMin: -1, yMax: 1, values: Array.from({ length: 200 }, (_, i) => (Math.floor(i / 20) >= 5 ? 0.9 : 0.1)) };
  const panel = (key: string) => ({ key, raster, points: [{ x: -1, y: -1, label: 1 as const }] });
  const { png, width, height } = figure1Png([panel("a"), panel("b"), panel("c"), { key: "d", raster: null, points: [] }]);
  // The widest title, "(d) from (b) with DA, momentum, ℓ2", sets the cell width: 34 glyphs of 6 pixels.
  const cellW = 34 * 6 - 1;
  assert.equal(width, 2 * cellW + 3 * FIGURE1_MARGIN);
  assert.equal(height, 2 * (FIGURE1_TITLE_ROW + 10) + 3 * FIGURE1_MARGIN);
  const image = readPng(png);
  assert.equal(image.width, width);
  const top0 = FIGURE1_MARGIN + FIGURE1_TITLE_ROW;
  const top = image.pixel(FIGURE1_MARGIN + 10, top0);
  const bottom = image.pixel(FIGURE1_MARGIN + 10, top0 + 8);
  assert.ok(top[2]! > top[0]!, `top of (a) is class 1 (blue): ${top.join(",")}`);
  assert.ok(bottom[0]! > bottom[2]!, `bottom of (a) is class 0 (orange): ${bottom.join(",")}`);
  assert.deepEqual(image.pixel(FIGURE1_MARGIN, top0 + 9), [20, 70, 160], "the point at (xMin, yMin) sits bottom-left");
  const secondRow = 2 * FIGURE1_MARGIN + FIGURE1_TITLE_ROW + 10;
  assert.deepEqual(image.pixel(2 * FIGURE1_MARGIN + cellW + 5, secondRow + FIGURE1_TITLE_ROW + 5), [225, 225, 225], "(d) has no raster");
  assert.deepEqual(image.pixel(2, 2), [255, 255, 255], "margin");

  // Every panel's title row holds ink, the paper's title for its key: "(a) true labels" is 15 glyphs wide.
  const ink = (left: number, top: number, w: number) => {
    let count = 0;
    for (let y = top; y < top + 7; y++) for (let x = left; x < left + w; x++) if (image.pixel(x, y)[0]! < 100) count++;
    return count;
  };
  const corners = [[FIGURE1_MARGIN, FIGURE1_MARGIN], [2 * FIGURE1_MARGIN + cellW, FIGURE1_MARGIN], [FIGURE1_MARGIN, secondRow], [2 * FIGURE1_MARGIN + cellW, secondRow]] as const;
  for (const [left, top] of corners) assert.ok(ink(left, top, 60) > 20, `a title above the panel at ${left},${top}`);
  assert.equal(ink(FIGURE1_MARGIN + 15 * 6, FIGURE1_MARGIN, 40), 0, "(a)'s title ends after 15 glyphs");
  assert.ok(ink(2 * FIGURE1_MARGIN + cellW + 15 * 6, secondRow, 40) > 0, "(d)'s title runs on");
});

test("bandChartSvg draws each series' band, mean line and dots, and a legend", () => {
  const series = (name: string, base: number) => ({ name, points: seriesBand([0, 1, 2].flatMap((x) => [1, 2].map((seed) => ({ x, seed, value: base - x + seed })))) });
  const svg = bandChartSvg({ title: "Figure 4 <test>", xLabel: "R", yLabel: "acc", series: [series("test accuracy", 80), series("train accuracy", 99)] });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /<title>Figure 4 &lt;test&gt;<\/title>/);
  for (const name of ["test accuracy", "train accuracy"]) {
    const group = new RegExp(`<g data-series="${name}">([\\s\\S]*?)</g>`).exec(svg)?.[1];
    assert.ok(group, `series ${name}`);
    assert.equal(group.match(/<circle /g)?.length, 3);
    assert.match(group, /<polygon points="[^"]+"/);
    assert.match(group, /<polyline points="[^"]+"/);
    assert.match(group, new RegExp(`<text [^>]*>${name}</text>`), "legend");
  }
  assert.match(svg, /mean 81\.500, min 81\.000, max 82\.000, 2 seed\(s\)/);
});

test("dotChartSvg draws a dot and a min–max whisker per measured checkpoint, one panel per norm", () => {
  const svg = dotChartSvg("Figure 5", [
    { title: "Frobenius norm", yLabel: "‖W‖", items: [{ label: "W0R", stats: aggregate([1, 3], 2) }, { label: "WVA", stats: aggregate([], 2) }] },
    { title: "ℓ1-path norm", yLabel: "log10", items: [{ label: "W0R", stats: aggregate([5], 1) }] },
  ]);
  assert.equal(svg.match(/<g data-panel=/g)?.length, 2);
  assert.equal(svg.match(/<g data-series="W0R">/g)?.length, 2);
  assert.doesNotMatch(svg, /data-series="WVA"/, "an unmeasured checkpoint has no dot");
  assert.match(svg, /W0R: mean 2\.0000, min 1\.0000, max 3\.0000, 2 seed\(s\)/);
});
