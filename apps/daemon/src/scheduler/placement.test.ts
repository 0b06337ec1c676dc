import assert from "node:assert/strict";
import { test } from "node:test";
import { nextPlacement } from "./placement.ts";

const gpus = [
  { id: "0", memoryMb: 8192 },
  { id: "1", memoryMb: 8192 },
];

test("a CPU host places any run; the daemon's concurrency bounds how many", () => {
  assert.deepEqual(nextPlacement([], [{ gpu: null, memoryMb: null }], 8), { gpu: null, room: { anyRun: true } });
});

test("an idle GPU takes any run, the first idle one first", () => {
  assert.deepEqual(nextPlacement(gpus, [], 8), { gpu: "0", room: { anyRun: true } });
  assert.deepEqual(nextPlacement(gpus, [{ gpu: "0", memoryMb: null }], 8), { gpu: "1", room: { anyRun: true } });
});

test("busy GPUs take only runs whose estimate fits beside estimated runs, on the GPU with most left", () => {
  assert.deepEqual(
    nextPlacement(gpus, [{ gpu: "0", memoryMb: 3000 }, { gpu: "1", memoryMb: 5000 }], 8),
    { gpu: "0", room: { estimatedUpToMb: 5192 } },
  );
  assert.equal(nextPlacement(gpus, [{ gpu: "0", memoryMb: null }, { gpu: "1", memoryMb: null }], 8), null, "runs without estimates have their GPU to themselves");
  assert.equal(nextPlacement(gpus, [{ gpu: "0", memoryMb: null }, { gpu: "1", memoryMb: 8192 }], 8), null, "a full GPU takes nothing");
  assert.deepEqual(nextPlacement(gpus, [{ gpu: "0", memoryMb: null }, { gpu: "1", memoryMb: 1000 }], 8), { gpu: "1", room: { estimatedUpToMb: 7192 } });
});

test("a GPU of unknown memory is never shared, and no GPU holds more than the cap", () => {
  assert.equal(nextPlacement([{ id: "0", memoryMb: null }], [{ gpu: "0", memoryMb: 100 }], 8), null);
  const eight = Array.from({ length: 8 }, () => ({ gpu: "0", memoryMb: 10 }));
  assert.equal(nextPlacement([{ id: "0", memoryMb: 8192 }], eight, 8), null);
});
