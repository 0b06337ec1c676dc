import assert from "node:assert/strict";
import { test } from "node:test";
import { durations } from "./results-readme.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 10, minute)).toISOString();

test("durations: wall clock from the first start to the last end, compute summed; a reused run counts where its twin is", () => {
  const trained = [
    { startedAt: at(0), finishedAt: at(10), reusedFrom: null },
    { startedAt: at(12), finishedAt: at(20), reusedFrom: null },
  ];
  assert.deepEqual(durations({ runs: trained }), { wallS: 20 * 60, computeS: 18 * 60 });
  // A reused run carries its twin's times, here from long before this experiment's own runs.
  const withReused = [...trained, { startedAt: at(-50), finishedAt: at(-40), reusedFrom: "twin" }, { startedAt: null, finishedAt: null, reusedFrom: null }];
  assert.deepEqual(durations({ runs: withReused }), { wallS: 20 * 60, computeS: 18 * 60 });
  assert.deepEqual(durations({ runs: [{ startedAt: at(-50), finishedAt: at(-40), reusedFrom: "twin" }] }), { wallS: null, computeS: 0 });
});
