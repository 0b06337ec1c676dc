import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultOptionValues, parseOptionValues, type PresetOption } from "./preset-options.ts";

const options: PresetOption[] = [
  { type: "number", name: "epochScale", label: "Epoch scale", default: 1, min: 0.0001, max: 1, help: "" },
  { type: "number", name: "seed", label: "Seed", default: 137, min: 0, max: 2 ** 31 - 1, integer: true, help: "" },
  { type: "choice", name: "profile", label: "Profile", default: "paper", choices: ["paper", "cpu"], help: "" },
];

void test("the form starts at the defaults", () => {
  assert.deepEqual(defaultOptionValues(options), { epochScale: "1", seed: "137", profile: "paper" });
});

void test("valid text becomes numbers; an empty field takes its default", () => {
  assert.deepEqual(parseOptionValues(options, { epochScale: " 0.01 ", seed: "", profile: "cpu" }), {
    ok: true,
    values: { epochScale: 0.01, seed: 137, profile: "cpu" },
  });
});

void test("out-of-range and non-numeric fields are reported per field", () => {
  const parsed = parseOptionValues(options, { epochScale: "2", seed: "abc" });
  assert.deepEqual(parsed, {
    ok: false,
    errors: { epochScale: "Epoch scale must be between 0.0001 and 1.", seed: "Seed must be a number." },
  });
});

void test("an integer option rejects fractions", () => {
  const parsed = parseOptionValues(options, { epochScale: "0.5", seed: "1.5" });
  assert.deepEqual(parsed, { ok: false, errors: { seed: "Seed must be a whole number." } });
});

void test("a choice takes only one of its choices, its default when empty", () => {
  assert.deepEqual(parseOptionValues(options, { epochScale: "1", seed: "1", profile: "" }), {
    ok: true,
    values: { epochScale: 1, seed: 1, profile: "paper" },
  });
  assert.deepEqual(parseOptionValues(options, { epochScale: "1", seed: "1", profile: "gpu" }), {
    ok: false,
    errors: { profile: "Profile must be one of paper, cpu." },
  });
});
