import assert from "node:assert/strict";
import { test } from "node:test";
import { listPresets } from "../plans/presets.ts";
import { REPRODUCE_PROFILES, reproducePlan, TOY_EPOCH_SCALE } from "./profiles.ts";

/** Expands a spec as the daemon would, without the dataset check (CI may lack Fashion-MNIST). */
function expand(preset: string, options: Record<string, number | string>) {
  const found = listPresets().find((p) => p.name === preset)!;
  for (const name of Object.keys(options)) assert.ok(found.options.some((o) => o.name === name), `${preset} has an option ${name}`);
  return found.expand(Object.fromEntries(found.options.map((o) => [o.name, options[o.name] ?? o.default])));
}

test("each profile's experiments are valid presets with known options, and train the runs the issue asks for", () => {
  const counts = Object.fromEntries(
    REPRODUCE_PROFILES.map((profile) => [profile, reproducePlan(profile).experiments.map((e) => [e.name, expand(e.preset, e.options).length])]),
  );
  // cpu-quick: Figure 1's four runs; per seed, pre-training + vanilla/SOTA from random/adversarial init + distances.
  assert.deepEqual(counts["cpu-quick"], [["figure1-toy", 4], ["table1-distances", 6]]);
  // cpu, 3 seeds: (pre-training + 8 modes × 2 inits + 3 measures) and (R = 0 + 5 × (pre-training + vanilla)).
  assert.deepEqual(counts.cpu, [["table2-ablation", 60], ["r-sweep", 33], ["figure1-toy", 4]]);
});

test("the README's reductions are the options actually sent", () => {
  for (const profile of REPRODUCE_PROFILES) {
    for (const spec of reproducePlan(profile).experiments) {
      const here = (what: string) => spec.reductions.find((r) => r.what === what)?.here;
      if (spec.preset === "figure1-toy") {
        // The paper's epochs: no reduction to list.
        assert.equal(TOY_EPOCH_SCALE[profile], 1);
        assert.equal(here("Figure 1 epochs"), undefined);
        continue;
      }
      assert.equal(here("seeds"), String(spec.options.seeds));
      assert.equal(here("epochs per training run"), `${spec.options.epochs} (lr ÷10 at the same fractions)`);
      assert.equal(here("train images"), `${Number(spec.options.trainSubset).toLocaleString("en")} (class-balanced subset)`);
      if (spec.options.replicas !== undefined) assert.equal(here("replicas R"), String(spec.options.replicas));
    }
  }
});

test("--miniature: the synthetic set, one epoch a phase, a tiny toy; --toy-epoch-scale overrides the toy", () => {
  const plan = reproducePlan("cpu", { miniature: true });
  for (const spec of plan.experiments.filter((e) => e.preset !== "figure1-toy")) {
    assert.equal(spec.options.dataset, "synthetic");
    assert.equal(spec.options.epochs, 1);
    assert.equal(spec.options.seeds, 1);
  }
  assert.equal(plan.experiments.find((e) => e.preset === "figure1-toy")!.options.epochScale, 0.0001);
  const shortened = reproducePlan("cpu-quick", { toyEpochScale: 0.5 }).experiments[0]!;
  assert.equal(shortened.options.epochScale, 0.5);
  assert.equal(shortened.reductions.find((r) => r.what === "Figure 1 epochs")?.here, "× 0.5 (epochScale)");
});
