import { aggregate, seriesBand, table1, table2, type Table2Measure } from "@minima/metrics";
import assert from "node:assert/strict";
import { test } from "node:test";
import { claims, type ClaimsInput } from "./claims.ts";

/** Table 2 from one seed's final accuracies (fractions) of vanilla and SOTA. */
function table2Of(values: { vanilla: [number, number, number, number]; sota: [number, number, number, number] }) {
  const measures: Table2Measure[] = [];
  for (const mode of ["vanilla", "sota"] as const) {
    const [rTrain, rTest, aTrain, aTest] = values[mode];
    measures.push(
      { mode, init: "random", split: "train", seed: 1, value: rTrain },
      { mode, init: "random", split: "test", seed: 1, value: rTest },
      { mode, init: "adversarial", split: "train", seed: 1, value: aTrain },
      { mode, init: "adversarial", split: "test", seed: 1, value: aTest },
    );
  }
  return table2(measures, { expectedSeeds: 1 });
}

const NONE: ClaimsInput = { table1: null, table2: null, rSweep: null, norms: null, fgsm: null };
const byAnchor = (list: ReturnType<typeof claims>, start: string) => list.find((c) => c.anchor.startsWith(start))!;

test("with nothing measured every claim says so", () => {
  const list = claims(NONE);
  assert.equal(list.length, 10);
  assert.ok(list.every((c) => c.verdict === "not measured at this profile"));
});

test("Table 2's claims: full train accuracy, the adversarial test loss, SOTA's independence of the init", () => {
  const paperLike = claims({ ...NONE, table2: table2Of({ vanilla: [1, 0.85, 0.999, 0.56], sota: [1, 0.95, 1, 0.953] }) });
  assert.equal(byAnchor(paperLike, "Vanilla SGD from random init").verdict, "holds");
  assert.equal(byAnchor(paperLike, "From adversarial init, vanilla SGD still").verdict, "holds");
  const loss = byAnchor(paperLike, "From adversarial init, vanilla SGD …");
  assert.equal(loss.verdict, "holds");
  assert.match(loss.measured, /29\.00 points lost/);
  assert.equal(byAnchor(paperLike, "SOTA").verdict, "holds");

  const unlike = claims({ ...NONE, table2: table2Of({ vanilla: [0.97, 0.85, 1, 0.848], sota: [1, 0.95, 1, 0.91] }) });
  assert.equal(byAnchor(unlike, "Vanilla SGD from random init").verdict, "does not hold", "97% is not 100%");
  assert.equal(byAnchor(unlike, "From adversarial init, vanilla SGD …").verdict, "does not hold", "0.2 points is no loss");
  assert.equal(byAnchor(unlike, "SOTA").verdict, "does not hold", "a 4-point gap depends on the init");
});

test("distances: inside the paper's span ± 0.05 holds, outside does not", () => {
  const measure = (column: "d(W0R,WVR)" | "d(W0A,WVA)", value: number) => ({ dataset: "fashion-mnist", model: "small-cnn", seed: 1, column, value });
  const near = claims({ ...NONE, table1: table1([measure("d(W0R,WVR)", 0.88), measure("d(W0A,WVA)", 0.25)], { expectedSeeds: 1 }) });
  assert.equal(byAnchor(near, "d(W0R,WVR)").verdict, "holds");
  assert.equal(byAnchor(near, "d(W0A,WVA)").verdict, "holds");
  assert.match(byAnchor(near, "d(W0R,WVR)").threshold, /\[0\.760, 1\.003\]/);
  const far = claims({ ...NONE, table1: table1([measure("d(W0R,WVR)", 0.4), measure("d(W0A,WVA)", 0.9)], { expectedSeeds: 1 }) });
  assert.equal(byAnchor(far, "d(W0R,WVR)").verdict, "does not hold");
  assert.equal(byAnchor(far, "d(W0A,WVA)").verdict, "does not hold");
});

test("Figure 4: falls with R, fast at first then slowly", () => {
  const band = (accs: Array<[number, number]>) => seriesBand(accs.map(([x, value]) => ({ x, seed: 1, value })));
  const claim = (accs: Array<[number, number]>) => byAnchor(claims({ ...NONE, rSweep: band(accs) }), "Vanilla test accuracy");
  assert.equal(claim([[0, 0.85], [1, 0.7], [2, 0.64], [4, 0.6]]).verdict, "holds");
  assert.equal(claim([[0, 0.85], [1, 0.84], [2, 0.8], [4, 0.6]]).verdict, "does not hold", "slow first, fast later");
  assert.equal(claim([[0, 0.85], [1, 0.7], [2, 0.8], [4, 0.6]]).verdict, "does not hold", "a 10-point rise");
  assert.equal(claim([[0, 0.85], [1, 0.86], [2, 0.855], [4, 0.85]]).verdict, "does not hold", "no fall");
  assert.equal(claim([[0, 0.85], [2, 0.6]]).verdict, "not measured at this profile", "two points show no shape");
});

test("Figures 5–6: larger norms and lower FGSM accuracy from adversarial init", () => {
  const stats = (v: number) => aggregate([v], 1);
  const norms = (wvr: number, wva: number) => {
    const row = { W0R: stats(1), WVR: stats(wvr), WSR: stats(1), W0A: stats(1), WVA: stats(wva), WSA: stats(1) };
    return [{ norms: { frobenius: row, "log10-l1-path": row, "log10-l2-path": row } }];
  };
  assert.equal(byAnchor(claims({ ...NONE, norms: norms(10, 30) }), "Adversarial-init").verdict, "holds");
  assert.equal(byAnchor(claims({ ...NONE, norms: norms(30, 10) }), "Adversarial-init").verdict, "does not hold");
  const curve = (accs: number[]) => seriesBand(accs.map((value, i) => ({ x: i * 0.1, seed: 1, value })));
  const fgsm = (wvr: number[], wva: number[]) => [{ curves: { WVR: curve(wvr), WVA: curve(wva) } }];
  const lower = byAnchor(claims({ ...NONE, fgsm: fgsm([0.9, 0.6, 0.4], [0.6, 0.2, 0.1]) }), "… and lower FGSM");
  assert.equal(lower.verdict, "holds");
  assert.match(lower.measured, /WVA 15\.00% vs WVR 50\.00%/, "ε = 0 is left out of the average");
  assert.equal(byAnchor(claims({ ...NONE, fgsm: fgsm([0.9, 0.2, 0.1], [0.6, 0.2, 0.1]) }), "… and lower FGSM").verdict, "does not hold");
});
