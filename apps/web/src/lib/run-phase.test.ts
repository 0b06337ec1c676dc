import assert from "node:assert/strict";
import { test } from "node:test";
import { runPhase } from "./run-phase.ts";

void test("measurement runs measure, Algorithm 1's runs pre-train, the rest train", () => {
  assert.equal(runPhase({ kind: "measure", title: "distances of small-cnn on synthetic, seed 1" }), "measure");
  assert.equal(runPhase({ kind: "image", title: "Algorithm 1 pre-training (R = 4), small-cnn on synthetic, seed 1" }), "pretrain");
  assert.equal(runPhase({ kind: "image", title: "DA+ℓ2+momentum from adversarial init, seed 2" }), "train");
  assert.equal(runPhase({ kind: "toy", title: "(b) random labels, random init" }), "train");
});
