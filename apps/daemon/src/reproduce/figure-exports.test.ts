import { aggregate, CHECKPOINTS, seriesBand, type BandPoint, type Checkpoint, type SeedStats } from "@minima/metrics";
import assert from "node:assert/strict";
import { test } from "node:test";
import { figure4, figure5, figure6, seriesCsv } from "./figure-exports.ts";
import type { ResultsData } from "./gather.ts";
import { reproducePlan } from "./profiles.ts";

const band = (values: Array<[x: number, seed: number, value: number]>): BandPoint[] => seriesBand(values.map(([x, seed, value]) => ({ x, seed, value, runId: `run-${x}-${seed}` })), { expectedSeeds: 2 });

function data(parts: Partial<Pick<ResultsData, "rSweep" | "norms" | "fgsm">>): ResultsData {
  return {
    plan: reproducePlan("cpu", { miniature: true }),
    version: { daemon: "0.1.0", node: "v20", api: "trpc-v11" },
    host: { platform: "linux-x64", cpus: 2, cpuModel: "cpu", memoryGiB: 1 },
    experiments: [],
    toy: null,
    table1: null,
    table2: null,
    rSweep: null,
    norms: null,
    fgsm: null,
    ...parts,
  };
}

const rows = (csv: string) => csv.trimEnd().split("\r\n").map((l) => l.split(","));

test("seriesCsv puts several bands in one CSV behind a column naming each", () => {
  const csv = seriesCsv("model", [
    { name: "WVR", points: band([[0, 1, 0.9], [0.1, 1, 0.5]]) },
    { name: "WVA", points: band([[0, 1, 0.8]]) },
  ]);
  const [header, ...records] = rows(csv);
  assert.deepEqual(header, ["model", "x", "n", "missing", "mean", "std", "min", "max", "run_ids"]);
  assert.deepEqual(records.map((r) => [r[0], r[1], r[2], r[3]]), [["WVR", "0", "1", "1"], ["WVR", "0.1", "1", "1"], ["WVA", "0", "1", "1"]]);
  assert.equal(seriesCsv("model", []), "");
});

test("figure4: test and train accuracy against R in percent, SVG and CSV", () => {
  const testAcc = band([[0, 1, 0.85], [0, 2, 0.87], [1, 1, 0.7], [1, 2, 0.72], [2, 1, 0.6], [2, 2, 0.64]]);
  const trainAcc = band([[0, 1, 1], [0, 2, 1], [1, 1, 1], [1, 2, 1], [2, 1, 1], [2, 2, 1]]);
  const figure = figure4(data({ rSweep: { testAcc, trainAcc } }))!;
  assert.match(figure.svg, /<g data-series="test accuracy">/);
  assert.match(figure.svg, /<g data-series="train accuracy">/);
  const [header, ...records] = rows(figure.csv);
  assert.deepEqual(header!.slice(0, 5), ["series", "x", "n", "missing", "mean"]);
  assert.equal(records.length, 6);
  assert.deepEqual(records[0]!.slice(0, 3), ["test accuracy", "0", "2"]);
  assert.equal(Number(records[0]![4]), 86);
  assert.equal(figure4(data({ rSweep: { testAcc: [], trainAcc: [] } })), null, "nothing measured, no figure");
});

test("figure5: a panel per norm with the six checkpoints, and a CSV row per norm and checkpoint", () => {
  const stats = (v: number): Record<Checkpoint, SeedStats> => Object.fromEntries(CHECKPOINTS.map((c, i) => [c, c === "WSA" ? aggregate([], 2) : aggregate([v + i, v + i + 1], 2)])) as Record<Checkpoint, SeedStats>;
  const figure = figure5(data({ norms: [{ dataset: "fashion-mnist", model: "small-cnn", norms: { frobenius: stats(10), "log10-l1-path": stats(3), "log10-l2-path": stats(1) } }] }))!;
  assert.equal(figure.svg.match(/<g data-panel=/g)?.length, 3);
  assert.equal(figure.svg.match(/<g data-series="W0R">/g)?.length, 3);
  assert.doesNotMatch(figure.svg, /data-series="WSA"/, "WSA has no seeds yet");
  const [header, ...records] = rows(figure.csv);
  assert.deepEqual(header, ["dataset", "model", "norm", "checkpoint", "n", "missing", "mean", "std", "min", "max"]);
  assert.equal(records.length, 18);
  assert.deepEqual(records[1], ["fashion-mnist", "small-cnn", "frobenius", "WVR", "2", "0", "11.5", "0.5", "11", "12"]);
  assert.deepEqual(records[5]!.slice(3, 7), ["WSA", "0", "2", ""]);
});

test("figure6: a curve per trained model against ε", () => {
  const curve = (base: number) => band([[0, 1, base], [0.1, 1, base - 0.3], [0.2, 1, base - 0.5]]);
  const figure = figure6(data({ fgsm: [{ dataset: "fashion-mnist", model: "small-cnn", curves: { WVR: curve(0.9), WSR: curve(0.92), WVA: curve(0.7), WSA: curve(0.9) } }] }))!;
  for (const c of ["WVR", "WSR", "WVA", "WSA"]) assert.equal(figure.svg.match(new RegExp(`<g data-series="${c}">[\\s\\S]*?</g>`))?.[0].match(/<circle /g)?.length, 3, c);
  const [header, ...records] = rows(figure.csv);
  assert.equal(header![0], "model");
  assert.deepEqual(records.map((r) => r[0]), ["WVR", "WVR", "WVR", "WSR", "WSR", "WSR", "WVA", "WVA", "WVA", "WSA", "WSA", "WSA"]);
  assert.equal(figure6(data({ fgsm: [] })), null);
});

test("every exported figure's panels carry a title as text", () => {
  const curve = (base: number) => band([[0, 1, base], [0.1, 1, base - 0.3]]);
  const stats = Object.fromEntries(CHECKPOINTS.map((c) => [c, aggregate([1, 2], 2)])) as Record<Checkpoint, SeedStats>;
  const svgs = {
    figure4: figure4(data({ rSweep: { testAcc: curve(0.9), trainAcc: curve(1) } }))!.svg,
    figure5: figure5(data({ norms: [{ dataset: "fashion-mnist", model: "small-cnn", norms: { frobenius: stats, "log10-l1-path": stats, "log10-l2-path": stats } }] }))!.svg,
    figure6: figure6(data({ fgsm: [{ dataset: "fashion-mnist", model: "small-cnn", curves: { WVR: curve(0.9) } }] }))!.svg,
  };
  // One-panel figures: the panel's title is the figure's, drawn on the page, not only in <title>.
  assert.match(svgs.figure4, /<text [^>]*>Figure 4: vanilla SGD from adversarial init made with R replicas<\/text>/);
  assert.match(svgs.figure6, /<text [^>]*>Figure 6: accuracy under FGSM<\/text>/);
  const panels = [...svgs.figure5.matchAll(/<g data-panel="([^"]+)">\n<text [^>]*>([^<]+)<\/text>/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(panels, [["Frobenius norm", "Frobenius norm"], ["ℓ1-path norm", "ℓ1-path norm"], ["ℓ2-path norm", "ℓ2-path norm"]]);
});
