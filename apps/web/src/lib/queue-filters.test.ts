import assert from "node:assert/strict";
import { test } from "node:test";
import { NO_SETTING_FILTERS } from "./setting-filters.ts";
import { experimentsListInput, hasFilters, NO_FILTERS, parseQueueFilters, queueFiltersQuery, runsListInput } from "./queue-filters.ts";

const experiment = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

void test("filters survive the round trip through the URL", () => {
  const filters = { status: ["running", "queued"] as const, owner: "alice", preset: "r-sweep", experimentId: experiment, search: "seed 2", tag: "figure-1", order: "newest" as const, settings: NO_SETTING_FILTERS };
  const query = queueFiltersQuery({ ...filters, status: [...filters.status] });
  assert.equal(query, `status=running%2Cqueued&owner=alice&preset=r-sweep&experiment=${experiment}&q=seed+2&tag=figure-1&order=newest`);
  assert.deepEqual(parseQueueFilters(new URLSearchParams(query)), { ...filters, status: ["running", "queued"] });
});

void test("unknown statuses, a malformed experiment id and an unknown order are dropped", () => {
  const parsed = parseQueueFilters(new URLSearchParams("status=running,bogus,running&experiment=nope&order=sideways"));
  assert.deepEqual(parsed, { ...NO_FILTERS, status: ["running"] });
});

void test("no filters: an empty query and an input with only the order", () => {
  assert.equal(queueFiltersQuery(NO_FILTERS), "");
  assert.equal(hasFilters(NO_FILTERS), false);
  assert.equal(hasFilters({ ...NO_FILTERS, order: "newest" }), false);
  assert.deepEqual(runsListInput(NO_FILTERS), { order: "queue" });
  assert.deepEqual(runsListInput({ ...NO_FILTERS, search: "  b  ", owner: "bob" }), { order: "queue", owner: "bob", search: "b" });
});

void test("a tag narrows the runs and the experiments alike, lowercased from the URL", () => {
  const filters = parseQueueFilters(new URLSearchParams("tag=Figure-1&q=sharp"));
  assert.equal(filters.tag, "figure-1");
  assert.deepEqual(runsListInput(filters), { order: "queue", search: "sharp", tag: "figure-1" });
  assert.deepEqual(experimentsListInput(filters), { search: "sharp", tag: "figure-1" });
  assert.deepEqual(experimentsListInput(NO_FILTERS), {});
  assert.equal(hasFilters({ ...NO_FILTERS, tag: "x" }), true);
});

void test("the settings' filters share the URL with the others, and clearing all clears them too", () => {
  const query = "status=failed&q=sharp&mode=l2&seed=2&testAcc=50..60&duration=..30&sort=testAcc";
  const filters = parseQueueFilters(new URLSearchParams(query));
  assert.deepEqual(filters.settings, { ...NO_SETTING_FILTERS, mode: ["l2"], seed: [2], testAcc: { min: 50, max: 60 }, duration: { min: null, max: 30 } });
  assert.equal(queueFiltersQuery(filters), "status=failed&q=sharp&mode=l2&seed=2&testAcc=50..60&duration=..30");
  assert.deepEqual(runsListInput(filters), { order: "queue", status: ["failed"], search: "sharp", mode: ["l2"], seed: [2], testAcc: { min: 0.5, max: 0.6 }, duration: { max: 1_800_000 } });
  assert.equal(hasFilters({ ...NO_FILTERS, settings: { ...NO_SETTING_FILTERS, seed: [0] } }), true, "seed 0 is a filter");
  assert.equal(queueFiltersQuery({ ...NO_FILTERS, order: filters.order }), "", "Clear filters (NO_FILTERS) leaves none");
});
