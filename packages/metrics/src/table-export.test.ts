import assert from "node:assert/strict";
import { test } from "node:test";
import { exportSeriesBand } from "./series-band-export.ts";
import { seriesBand } from "./series-band.ts";
import { exportTable1 } from "./table1-export.ts";
import { table1, type Table1Measure } from "./table1.ts";
import { exportTable2 } from "./table2-export.ts";
import { table2 } from "./table2.ts";

const measures: Table1Measure[] = [
  { dataset: "cifar10", model: "resnet18", seed: 1, column: "d(W0R,WVR)", value: 0.95, runId: "a" },
  { dataset: "cifar10", model: "resnet18", seed: 2, column: "d(W0R,WVR)", value: 0.96, runId: "b" },
  { dataset: "my_set", model: "mlp", seed: 1, column: "d(W0A,WSA)", value: 2, runId: "c,d" },
];

test("Table 1 in Markdown puts the paper's value beside the measured one", () => {
  const md = exportTable1(table1(measures, { expectedSeeds: 2 }), "markdown");
  const lines = md.split("\n");
  assert.equal(lines[0], "| Data | Model | d(W0R,WVR) | d(W0R,WSR) | d(W0R,W0A) | d(W0R,WVA) | d(W0R,WSA) | d(W0A,WVA) | d(W0A,WSA) |");
  assert.equal(lines[2], "| CIFAR10 | ResNet18 | 0.955 ± 0.005 (paper 0.953) | – (paper 3.917) | – (paper 0.873) | – (paper 0.879) | – (paper 3.902) | – (paper 0.207) | – (paper 12.421) |");
  // The paper has no my_set row: CIFAR10/ResNet18's values, named, and a note saying why.
  assert.equal(lines[3], "| my_set | mlp | – (paper, CIFAR10 / ResNet18: 0.953) | – (paper, CIFAR10 / ResNet18: 3.917) | – (paper, CIFAR10 / ResNet18: 0.873) | – (paper, CIFAR10 / ResNet18: 0.879) | – (paper, CIFAR10 / ResNet18: 3.902) | – (paper, CIFAR10 / ResNet18: 0.207) | 2.000 ± 0.000 [1/2 seeds] (paper, CIFAR10 / ResNet18: 12.421) |");
  assert.equal(lines[5], "- my_set mlp: the paper has no such row; its values are CIFAR10 / ResNet18's, a different setting, so no difference is taken");
  assert.match(exportTable1(table1(measures), "markdown", { std: false }), /\| 0\.955 \[2\/5 seeds\] \(paper 0\.953\) \|/);
});

test("Table 1 in LaTeX escapes labels and writes the paper's notation", () => {
  const tex = exportTable1(table1(measures, { expectedSeeds: 2 }), "latex");
  assert.match(tex, /^\\begin\{tabular\}\{llrrrrrrr\}\n\\toprule\nData & Model & \$d\(W_0\^R, W_V\^R\)\$ & /);
  assert.match(tex, /\nCIFAR10 & ResNet18 & 0\.955 \$\\pm\$ 0\.005 \(paper 0\.953\) & -- \(paper 3\.917\) & /);
  assert.match(tex, /\nmy\\_set & mlp & -- \(paper, CIFAR10 \/ ResNet18: 0\.953\) & /);
  assert.match(tex, /\n% my_set mlp: the paper has no such row/);
  assert.match(tex, /\\bottomrule\n\\end\{tabular\}\n% my_set mlp: [^\n]*\n$/);
});

test("Table 1 notes the Restricted ImageNet provenance", () => {
  const md = exportTable1(table1([], { includeUnmeasured: true }), "markdown");
  assert.match(md, /\n- Restricted ImageNet VGG16: garbled in the final paper; 0\.836 and 0\.985 from arXiv v1 only\n$/);
  assert.match(exportTable1(table1([], { includeUnmeasured: true }), "latex"), /\n% Restricted ImageNet ResNet50: garbled/);
});

test("Table 1 in CSV and JSON keeps full precision", () => {
  const table = table1(measures, { expectedSeeds: 2 });
  const csv = exportTable1(table, "csv").split("\r\n");
  assert.equal(csv[0], "dataset,model,column,n,missing,mean,std,min,max,published,published_setting,difference,run_ids");
  // The column key holds a comma, so RFC 4180 quotes it; numbers are not rounded.
  const cell = table.rows[0]!.cells["d(W0R,WVR)"];
  assert.ok(Math.abs(cell.stats.std! - 0.005) < 1e-12);
  assert.equal(csv[1], `cifar10,resnet18,"d(W0R,WVR)",2,0,0.955,${cell.stats.std},0.95,0.96,0.953,cifar10/resnet18,${0.955 - 0.953},a b`);
  assert.equal(csv[2], 'cifar10,resnet18,"d(W0R,WSR)",0,2,,,,,3.917,cifar10/resnet18,,');
  assert.equal(csv.length, 2 * 7 + 2);
  assert.ok(csv.includes('my_set,mlp,"d(W0A,WSA)",1,1,2,0,2,2,12.421,cifar10/resnet18,,"c,d"'), "another setting's value, no difference");
  assert.deepEqual(JSON.parse(exportTable1(table, "json")), table);
});

test("Table 2 in Markdown: percent, 3 decimals, mean ± std beside the paper's", () => {
  const measures = [
    { mode: "da", init: "adversarial", split: "train", seed: 1, value: 0.99993 },
    { mode: "da", init: "adversarial", split: "train", seed: 2, value: 0.99997 },
  ] as const;
  const table = table2(measures, { setting: { dataset: "cifar10", model: "resnet18" } });
  const lines = exportTable2(table, "markdown").split("\n");
  assert.equal(lines[0], "| Mode | Rand Train (%) | Rand Test (%) | Adv Train (%) | Adv Test (%) |");
  assert.equal(lines[3], "| DA | – (paper 100.000 ± 0.000) | – (paper 93.370 ± 0.115) | 99.995 ± 0.002 [2/5 seeds] (paper 99.995 ± 0.003) | – (paper 89.402 ± 0.175) |");
  const tex = exportTable2(table, "latex");
  assert.match(tex, /Mode & Rand Train \(\\%\) & Rand Test \(\\%\)/);
  assert.match(tex, /\nDA\+\$\\ell_2\$ & -- \(paper 100\.000 \$\\pm\$ 0\.000\)/);
  const csv = exportTable2(table, "csv").split("\r\n");
  assert.equal(csv[0], "mode,init,split,n,missing,mean,std,min,max,published_mean,published_std,published_setting,difference,run_ids");
  assert.equal(csv.length, 8 * 4 + 2);
  assert.match(csv[2]!, /^vanilla,random,test,0,5,,,,,84\.838,0\.193,cifar10\/resnet18,,$/);

  // Another setting: each paper value names its own, a note says why, and no difference is taken.
  const other = table2(measures, { setting: { dataset: "fashion-mnist", model: "mlp" } });
  const md = exportTable2(other, "markdown").split("\n");
  assert.equal(md[3], "| DA | – (paper, CIFAR10 / ResNet18: 100.000 ± 0.000) | – (paper, CIFAR10 / ResNet18: 93.370 ± 0.115) | 99.995 ± 0.002 [2/5 seeds] (paper, CIFAR10 / ResNet18: 99.995 ± 0.003) | – (paper, CIFAR10 / ResNet18: 89.402 ± 0.175) |");
  assert.equal(md.at(-2), "The paper's values are CIFAR10 / ResNet18's, a different setting from this experiment's, so no difference is taken.");
  assert.match(exportTable2(other, "csv"), /\r\nda,adversarial,train,2,3,99\.995,[\d.e-]+,99\.993,99\.997,99\.995,0\.003,cifar10\/resnet18,,/);
});

test("a figure band exports to every format", () => {
  const band = seriesBand(
    [
      { x: 0.05, seed: 1, value: 80 },
      { x: 0.05, seed: 2, value: 90 },
      { x: 0, seed: 1, value: 95 },
    ],
    { expectedSeeds: 2 },
  );
  assert.equal(
    exportSeriesBand(band, "markdown", { x: "ε", value: "test accuracy (%)", decimals: 1 }),
    "| ε | test accuracy (%) (mean ± std) | min | max | seeds |\n|---:|---:|---:|---:|---:|\n| 0 | 95.0 ± 0.0 | 95.0 | 95.0 | 1/2 |\n| 0.05 | 85.0 ± 5.0 | 80.0 | 90.0 | 2 |\n",
  );
  assert.equal(exportSeriesBand(band, "csv"), "x,n,missing,mean,std,min,max,run_ids\r\n0,1,1,95,0,95,95,\r\n0.05,2,0,85,5,80,90,\r\n");
  assert.match(exportSeriesBand(band, "latex", { x: "ε" }), /\$\\varepsilon\$ & value \(mean \$\\pm\$ std\) & min/);
  assert.deepEqual(JSON.parse(exportSeriesBand(band, "json")), band);
});
