import assert from "node:assert/strict";
import { test } from "node:test";
import { NO_SETTING_FILTERS, parseInteger, parseList, parseName, parseSettingFilters, settingFiltersInput, settingFiltersParams, settingFiltersSet, type SettingFilters } from "./setting-filters.ts";

const roundTrip = (filters: SettingFilters) => parseSettingFilters(new URLSearchParams(settingFiltersParams(filters)));

void test("every field survives the round trip through the URL", () => {
  const filters: SettingFilters = {
    mode: ["da+l2", "vanilla"],
    init: ["adversarial"],
    replicas: [4],
    seed: [0, 3],
    model: ["densenet-bc-40"],
    dataset: ["fashion-mnist", "cifar10"],
    trainAcc: { min: 99.5, max: null },
    testAcc: { min: 57.3, max: 90 },
    trainLoss: { min: null, max: 0.05 },
    testLoss: { min: 0, max: 2.5 },
    duration: { min: 1.5, max: 120 },
  };
  const params = new URLSearchParams(settingFiltersParams(filters)).toString();
  assert.equal(
    params,
    "mode=da%2Bl2%2Cvanilla&init=adversarial&replicas=4&seed=0%2C3&model=densenet-bc-40&dataset=fashion-mnist%2Ccifar10&trainAcc=99.5..&testAcc=57.3..90&trainLoss=..0.05&testLoss=0..2.5&duration=1.5..120",
  );
  assert.deepEqual(roundTrip(filters), filters);
  assert.equal(settingFiltersSet(filters), 11);
  assert.deepEqual(roundTrip(NO_SETTING_FILTERS), NO_SETTING_FILTERS);
  assert.deepEqual(settingFiltersParams(NO_SETTING_FILTERS), []);
});

void test("the daemon gets fractions and milliseconds, rounded to what was typed", () => {
  const input = settingFiltersInput({ ...NO_SETTING_FILTERS, seed: [0], mode: ["l2", "sota"], testAcc: { min: 57.3, max: null }, trainAcc: { min: 0, max: 100 }, duration: { min: null, max: 0.5 } });
  assert.deepEqual(input, { mode: ["l2", "sota"], seed: [0], testAcc: { min: 0.573 }, trainAcc: { min: 0, max: 1 }, duration: { max: 30_000 } });
  assert.deepEqual(settingFiltersInput(NO_SETTING_FILTERS), {});
});

void test("hostile or malformed parameters are dropped, never passed on", () => {
  const parsed = parseSettingFilters(
    new URLSearchParams({
      mode: "vanilla' or 1=1 --",
      init: "PAPER",
      replicas: "0",
      seed: "1.5",
      model: "resnet18'; drop table runs; --",
      dataset: "x".repeat(65),
      trainAcc: "60..50",
      testAcc: "abc..90",
      trainLoss: "-1..",
      testLoss: "1..2..3",
      duration: "Infinity..",
    }),
  );
  assert.deepEqual(parsed, NO_SETTING_FILTERS);
  assert.deepEqual(parseSettingFilters(new URLSearchParams("testAcc=101..&seed=2147483648&replicas=1e3")), NO_SETTING_FILTERS, "beyond the bounds");
  assert.deepEqual(parseSettingFilters(new URLSearchParams("testAcc= 5 .. &model= resnet18 ")), { ...NO_SETTING_FILTERS, testAcc: { min: 5, max: null }, model: ["resnet18"] });
  assert.deepEqual(
    parseSettingFilters(new URLSearchParams({ mode: "l2,vanilla' --", seed: "1,2,x", model: "resnet18,", dataset: "cifar10,,cifar10" })),
    { ...NO_SETTING_FILTERS, model: ["resnet18"], dataset: ["cifar10"] },
    "a list with one bad value is dropped whole; empty items and repeats are not values",
  );
  assert.deepEqual(parseSettingFilters(new URLSearchParams({ seed: Array.from({ length: 21 }, (_, i) => i).join(",") })), NO_SETTING_FILTERS, "more values than a filter takes");
});

void test("a typed list: values between commas, each checked", () => {
  const seed = (text: string) => parseList(text, (item) => parseInteger(item, 0, 10));
  assert.deepEqual(seed("1, 2,3 "), [1, 2, 3]);
  assert.deepEqual(seed("2, 2"), [2]);
  assert.deepEqual(seed(""), []);
  assert.equal(seed("1, 11"), null);
  assert.equal(seed("1; 2"), null);
  assert.deepEqual(parseList("resnet18, vgg16", parseName), ["resnet18", "vgg16"]);
  assert.equal(parseList("resnet18, x' or 1=1", parseName), null);
});
