import assert from "node:assert/strict";
import { test } from "node:test";
import { compareHref, compareViewParams, parseCompareView } from "./compare-params.ts";

const a = "11111111-1111-4111-8111-111111111111";
const b = "22222222-2222-4222-8222-222222222222";

void test("a view read from the URL keeps valid run ids once and falls back to defaults", () => {
  const view = parseCompareView(new URLSearchParams(`runs=${a},nope,${b},${a.toUpperCase()}&smooth=0.6&x=time&metrics=loss,lr,loss`));
  assert.deepEqual(view, { runs: [a, b], smoothing: 0.6, x: "time", metrics: ["loss", "lr"] });
  assert.deepEqual(parseCompareView(new URLSearchParams("smooth=5&x=sideways&metrics=")), { runs: [], smoothing: 0.99, x: "epoch", metrics: ["acc", "loss"] });
  const many = Array.from({ length: 30 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
  assert.equal(parseCompareView(new URLSearchParams(`runs=${many.join(",")}`)).runs.length, 20);
});

void test("a view written to the URL leaves defaults out and reads back the same", () => {
  const view = { runs: [a, b], smoothing: 0.25, x: "fraction" as const, metrics: ["acc"] };
  const params = compareViewParams(view);
  assert.deepEqual(params, { runs: `${a},${b}`, smooth: "0.25", x: "fraction", metrics: "acc" });
  const url = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== null));
  assert.deepEqual(parseCompareView(url), view);
  assert.deepEqual(compareViewParams({ runs: [], smoothing: 0, x: "epoch", metrics: ["acc", "loss"] }), { runs: null, smooth: null, x: null, metrics: null });
  assert.equal(compareHref([a, b]), `/compare?runs=${a},${b}`);
});
