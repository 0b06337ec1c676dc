import assert from "node:assert/strict";
import { test } from "node:test";
import { figureLayout } from "../../lib/figure-layout.ts";
import { FIGURE4_PANEL_TITLE, FIGURE_TITLES, normPanelTitle, settingPanelTitle } from "./panel-titles.ts";

const NORMS = ["frobenius", "log10-l1-path", "log10-l2-path"];
const ROWS = [
  ["cifar10", "resnet50"],
  ["fashion-mnist", "mlp"],
] as const;

/** Each figure's panels as the views title them, two dataset × model rows where a figure has rows. */
const PANELS: Record<keyof typeof FIGURE_TITLES, string[]> = {
  figure4: [FIGURE4_PANEL_TITLE],
  figure5: ROWS.flatMap(([d, m]) => NORMS.map((k) => normPanelTitle(k, d, m))),
  figure6: ROWS.map(([d, m]) => settingPanelTitle(d, m)),
};

void test("every panel of Figures 4, 5 and 6 has its own title, naming its dataset, model and norm", () => {
  for (const [figure, titles] of Object.entries(PANELS)) {
    assert.ok(FIGURE_TITLES[figure as keyof typeof FIGURE_TITLES].startsWith(`Figure ${figure.slice(-1)} — `), figure);
    for (const title of titles) assert.ok(title.trim().length > 0, `${figure}: a panel without a title`);
    assert.equal(new Set(titles).size, titles.length, `${figure}: two panels under one title`);
  }
  assert.equal(normPanelTitle("log10-l2-path", "cifar10", "resnet50"), "ℓ2-path norm (log scale) · CIFAR10 · ResNet50");
  assert.equal(settingPanelTitle("fashion-mnist", "mlp"), "Fashion-MNIST · mlp");
});

void test("the PNG layout draws each of those titles in a row above its panel", () => {
  for (const [figure, titles] of Object.entries(PANELS)) {
    const layout = figureLayout(titles.map((title) => ({ title, width: 300, height: 200 })), { legend: true, columns: figure === "figure5" ? 3 : 2, scale: 1 });
    assert.deepEqual(layout.panels.map((p) => p.title), titles, figure);
    for (const p of layout.panels) assert.ok(p.titleY + layout.fonts.panel <= p.y, `${figure} ${p.title}: title above the picture`);
  }
});
