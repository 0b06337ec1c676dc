import assert from "node:assert/strict";
import { test } from "node:test";
import { figureLayout } from "./figure-layout.ts";
import { figureSvg } from "./figure-svg.ts";

const FIGURE1 = ["(a) true labels", "(b) random labels", "(c) true labels from (b)", "(d) from (b) with DA, momentum, ℓ2"].map((title) => ({ title, width: 366, height: 240 }));

void test("every panel gets a title row above its picture, inside the page", () => {
  const layout = figureLayout(FIGURE1, { legend: false, columns: 2, scale: 1 });
  assert.equal(layout.panels.length, 4);
  for (const p of layout.panels) {
    assert.ok(p.titleY + layout.fonts.panel <= p.y, `${p.title}: title above the picture`);
    assert.ok(p.titleY > layout.title.y + layout.fonts.title, `${p.title}: below the figure's title`);
    assert.ok(p.x + p.width <= layout.width && p.y + p.height <= layout.height, `${p.title}: inside the page`);
  }
  assert.deepEqual(layout.panels.map((p) => [p.x, p.titleY]), [[16, 42], [398, 42], [16, 317], [398, 317]], "2 × 2, left to right then down");
});

void test("a legend row pushes the panels down; scale grows text with the pictures", () => {
  const plain = figureLayout(FIGURE1.slice(0, 1), { legend: false, columns: 1, scale: 1 });
  const withLegend = figureLayout(FIGURE1.slice(0, 1), { legend: true, columns: 1, scale: 1 });
  assert.equal(plain.legend, null);
  assert.ok(withLegend.legend && withLegend.panels[0]!.titleY >= withLegend.legend.y + withLegend.fonts.legend);
  assert.equal(figureLayout(FIGURE1, { legend: false, columns: 2, scale: 2 }).fonts.panel, 26);
});

void test("the SVG names the figure and titles every panel, with its picture", () => {
  const layout = figureLayout(FIGURE1, { legend: true, columns: 2, scale: 1 });
  const svg = figureSvg("Figure 1 <toy>", layout, [{ label: "label 0", color: "#0000ff" }], ["data:image/png;base64,AAA", "data:image/png;base64,BBB"]);
  assert.match(svg, /<title>Figure 1 &lt;toy&gt;<\/title>/);
  for (const { title } of FIGURE1) assert.match(svg, new RegExp(`<g data-panel="${title.replace(/[()]/g, "\\$&")}">\\n<text [^>]*>${title.replace(/[()]/g, "\\$&")}</text>`), title);
  assert.equal(svg.match(/<image /g)?.length, 2, "a panel without a picture has only its title");
  assert.match(svg, />label 0<\/text>/);
});
