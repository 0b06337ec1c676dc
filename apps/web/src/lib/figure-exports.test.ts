import assert from "node:assert/strict";
import { test } from "node:test";
import { aggregate, CHECKPOINTS, seriesBand, type Checkpoint, type SeedStats } from "@minima/metrics";
import { exportBands, exportNorms, type NormRow } from "./figure-exports.ts";

const curves = [
  { label: "WVR", band: seriesBand([{ x: 0, seed: 1, value: 0.9, runId: "r1" }]) },
  { label: "W,SA", band: seriesBand([{ x: 0.1, seed: 1, value: 0.4 }]) },
];

void test("bands in one CSV: a series column, one header, a quoted label where needed", () => {
  const csv = exportBands(curves, "csv");
  assert.equal(csv, "series,x,n,missing,mean,std,min,max,run_ids\r\nWVR,0,1,0,0.9,0,0.9,0.9,r1\r\n\"W,SA\",0.1,1,0,0.4,0,0.4,0.4,\r\n");
  assert.equal(exportBands([], "csv"), "series,x,n,missing,mean,std,min,max,run_ids\r\n");
});

void test("bands in Markdown and LaTeX: one table per curve under its label", () => {
  const md = exportBands(curves, "markdown", { x: "ε", value: "accuracy" });
  assert.match(md, /^### WVR\n\n\| ε \| accuracy \(mean ± std\) \|/);
  assert.match(md, /### W,SA/);
  assert.match(exportBands(curves, "latex"), /^% WVR\n\\begin\{tabular\}/);
  assert.deepEqual(Object.keys(JSON.parse(exportBands(curves, "json")) as object), ["WVR", "W,SA"]);
});

void test("norms: one CSV record per checkpoint, mean ± std per checkpoint in the text tables", () => {
  const stats = Object.fromEntries(CHECKPOINTS.map((c, i) => [c, aggregate(c === "WSA" ? [] : [i, i + 2], 2)])) as Record<Checkpoint, SeedStats>;
  const rows: NormRow[] = [{ dataset: "fashion-mnist", model: "small-cnn", norms: { frobenius: stats } }];
  const csv = exportNorms(rows, "csv").split("\r\n");
  assert.equal(csv[0], "dataset,model,norm,checkpoint,n,missing,mean,std,min,max");
  assert.equal(csv[1], "fashion-mnist,small-cnn,frobenius,W0R,2,0,1,1,0,2");
  assert.equal(csv[6], "fashion-mnist,small-cnn,frobenius,WSA,0,2,,,,");
  assert.match(exportNorms(rows, "markdown"), /\| fashion-mnist \| small-cnn \| frobenius \| 1\.000 ± 1\.000 \|/);
  assert.match(exportNorms(rows, "latex"), /fashion-mnist & small-cnn & frobenius & 1\.000 \$\\pm\$ 1\.000 &.* & -- \\\\/);
});
