import assert from "node:assert/strict";
import { test } from "node:test";
import { planSummary } from "./plan-summary.ts";

const runs = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `r${i}` }));

void test("the summary counts runs, what is reused and the estimate, and says when there is none", () => {
  assert.equal(
    planSummary({ runs: runs(17), reusable: 6, twinsInFlight: 0, estimate: { computeSeconds: 15_600, wallSeconds: 7800, unknownRuns: 3 } }),
    "17 runs · 6 already finished, reused · about 2 h 10 min on this daemon (3 runs of a shape it has not trained yet not counted)",
  );
  assert.equal(
    planSummary({ runs: runs(17), reusable: 6, twinsInFlight: 3, estimate: { computeSeconds: 600, wallSeconds: 600, unknownRuns: 0 } }),
    "17 runs · 6 already finished, reused · 3 queued already, trained once · about 10 min 00 s on this daemon",
  );
  assert.equal(planSummary({ runs: runs(1), reusable: 0, twinsInFlight: 0, estimate: { computeSeconds: null, wallSeconds: null, unknownRuns: 1 } }), "1 run · no estimate yet (this daemon has not finished runs of this shape)");
  assert.equal(planSummary({ runs: runs(4), reusable: 4, twinsInFlight: 0, estimate: { computeSeconds: null, wallSeconds: null, unknownRuns: 0 } }), "4 runs · 4 already finished, reused · nothing to train");
  assert.equal(planSummary({ runs: runs(4), reusable: 1, twinsInFlight: 3, estimate: { computeSeconds: null, wallSeconds: null, unknownRuns: 0 } }), "4 runs · 1 already finished, reused · 3 queued already, trained once · nothing to train");
});
