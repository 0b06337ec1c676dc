import assert from "node:assert/strict";
import { test } from "node:test";
import { settingFilterProblem } from "@minima/metrics";
import { z } from "zod";
import { runSettingFilterInput } from "./run-filter-input.ts";

const schema = z.object(runSettingFilterInput);

void test("runs.list takes each setting, metric and time filter within its bounds", () => {
  const filter = {
    mode: "da+momentum",
    init: "adversarial",
    replicas: 8,
    seed: 0,
    model: "densenet-bc-40",
    dataset: "fashion-mnist",
    trainAcc: { min: 0.99 },
    testAcc: { min: 0.5, max: 0.5 },
    trainLoss: { max: 0.01 },
    testLoss: { min: 0, max: 3 },
    duration: { max: 3_600_000 },
  };
  assert.deepEqual(schema.parse(filter), filter);
  assert.equal(settingFilterProblem(schema.parse(filter)), null, "what the daemon takes, the database takes");
  assert.deepEqual(schema.parse({}), {});
  const lists = { mode: ["vanilla", "l2"], init: ["paper"], replicas: [1, 8], seed: [0, 1, 2], model: ["resnet18", "vgg16"], dataset: ["cifar10"] };
  assert.deepEqual(schema.parse(lists), lists, "each setting also takes a list of values");
  assert.equal(settingFilterProblem(schema.parse(lists)), null);
});

void test("SQL-ish, out-of-range and mistyped filters are refused with what was expected", () => {
  const refused: [Record<string, unknown>, RegExp][] = [
    [{ model: "resnet18' or '1'='1" }, /model name/],
    [{ dataset: "cifar10; drop table runs; --" }, /dataset name/],
    [{ model: "a".repeat(65) }, /at most 64/],
    [{ mode: "vanilla' --" }, /mode/],
    [{ init: "paper or 1=1" }, /init/],
    [{ seed: "1 or 1=1" }, /seed/],
    [{ seed: 1.5 }, /seed/],
    [{ replicas: 0 }, /replicas/],
    [{ testAcc: { min: 1.01 } }, /testAcc/],
    [{ testAcc: { min: 0.8, max: 0.2 } }, /min is above its max/],
    [{ trainLoss: { min: -1 } }, /trainLoss/],
    [{ duration: { max: "1e3" } }, /duration/],
    [{ testLoss: "0..1" }, /testLoss/],
    [{ seed: [] }, /seed/],
    [{ seed: Array.from({ length: 21 }, (_, i) => i) }, /seed/],
    [{ mode: ["vanilla", "l2' --"] }, /mode/],
    [{ model: ["resnet18", "x' or '1'='1"] }, /model/],
  ];
  for (const [input, message] of refused) {
    const result = schema.safeParse(input);
    assert.equal(result.success, false, JSON.stringify(input));
    const said = (result.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    assert.match(said, message, JSON.stringify(input));
  }
});
