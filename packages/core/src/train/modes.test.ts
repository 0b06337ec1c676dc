import assert from "node:assert/strict";
import { test } from "node:test";
import { learningRate, MODES, modeFlags, PAPER_PROTOCOLS } from "./modes.ts";

test("the eight modes are exactly the combinations of DA, ℓ2 and momentum", () => {
  const combos = MODES.map((m) => JSON.stringify(modeFlags(m)));
  assert.equal(new Set(combos).size, 8);
  assert.deepEqual(modeFlags("vanilla"), { augment: false, l2: false, momentum: false });
  assert.deepEqual(modeFlags("sota"), { augment: true, l2: true, momentum: true });
  assert.deepEqual(modeFlags("l2+momentum"), { augment: false, l2: true, momentum: true });
});

test("the CIFAR schedule: 0.1 for epochs 1–150, 0.01 for 151–250, 0.001 after (reference-spec §2)", () => {
  const p = PAPER_PROTOCOLS.cifar10!;
  assert.deepEqual([1, 150, 151, 250, 251, 350].map((e) => +learningRate(p, e).toPrecision(6)), [0.1, 0.1, 0.01, 0.01, 0.001, 0.001]);
  assert.deepEqual(PAPER_PROTOCOLS.cinic10!.milestones, [150, 225]);
  assert.equal(PAPER_PROTOCOLS.cinic10!.weightDecay, 1e-4);
});
