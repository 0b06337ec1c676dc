import assert from "node:assert/strict";
import { test } from "node:test";
import { machineSeries, mergeSamples, type SampleLike } from "./machine-series.ts";

const GiB = 2 ** 30;
const sample = (time: number, gpus: SampleLike["gpus"] = []): SampleLike => ({ time, cpuPercent: time / 1000, memoryTotalBytes: 8 * GiB, memoryUsedBytes: 2 * GiB, gpus });

test("merging keeps each time once, oldest first, and drops what is older than the window", () => {
  const held = [sample(1000), sample(2000), sample(3000)];
  const again = { ...sample(3000), cpuPercent: 99 };
  const merged = mergeSamples(held, [again, sample(5000), sample(4000)], 3000);
  assert.deepEqual(merged.map((s) => s.time), [2000, 3000, 4000, 5000]);
  assert.equal(merged[1]!.cpuPercent, 99, "the later copy wins");
  assert.deepEqual(mergeSamples([], [], 1000), []);
});

test("series in percent over seconds; a GPU missing from a sample, or unreported, is a gap", () => {
  const gpu = (id: string, utilizationPercent: number | null, memoryUsedMb: number | null) => ({ id, utilizationPercent, memoryUsedMb, memoryTotalMb: 1000 });
  const series = machineSeries([sample(10_000, [gpu("0", 50, 250)]), sample(15_000, [gpu("0", null, null), gpu("1", 100, 1000)])]);
  assert.deepEqual(series, {
    x: [10, 15],
    cpu: [10, 15],
    memory: [25, 25],
    gpus: [
      { id: "0", utilization: [50, null], memory: [25, null] },
      { id: "1", utilization: [null, 100], memory: [null, 100] },
    ],
  });
});
