import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_COLUMNS, nextSort, parseRunTableView, RUN_COLUMNS, runTableSortInput, runTableViewParams } from "./run-columns.ts";

const none = new URLSearchParams("");

void test("with nothing in the URL the queue shows its defaults and an experiment page its own, without the Experiment and Owner every row shares", () => {
  assert.deepEqual(parseRunTableView(none, "queue").columns, [...DEFAULT_COLUMNS.queue]);
  const experiment: string[] = parseRunTableView(none, "experiment").columns;
  assert.ok(!experiment.includes("experiment") && !experiment.includes("owner"));
  assert.ok(experiment.includes("mode") && experiment.includes("seed"));
  assert.deepEqual(experiment, [...DEFAULT_COLUMNS.experiment]);
  // Both fit 1,280 px (80 rem at 16 px) beside the Actions column (13 rem).
  for (const columns of Object.values(DEFAULT_COLUMNS)) {
    const width = columns.reduce((sum, id) => sum + RUN_COLUMNS.find((c) => c.id === id)!.width, 0) + 13;
    assert.ok(width <= 80, `${columns.join(",")}: ${width} rem`);
  }
});

void test("the defaults stay out of the URL; other columns go in, in table order, and come back the same", () => {
  for (const kind of ["queue", "experiment"] as const) {
    assert.deepEqual(runTableViewParams(parseRunTableView(none, kind), kind), { cols: null, sort: null, dir: null });
  }
  // The queue's defaults are a choice on an experiment page, and the other way round.
  assert.equal(runTableViewParams({ columns: [...DEFAULT_COLUMNS.queue], sort: null, direction: "asc" }, "experiment").cols, DEFAULT_COLUMNS.queue.join(","));
  const view = parseRunTableView(new URLSearchParams("cols=testAcc,name,bogus,seed&sort=seed&dir=desc"), "experiment");
  assert.deepEqual(view, { columns: ["name", "seed", "testAcc"], sort: "seed", direction: "desc" });
  assert.deepEqual(runTableViewParams(view, "experiment"), { cols: "name,seed,testAcc", sort: "seed", dir: "desc" });
  assert.deepEqual(runTableSortInput(view), { sort: "seed", sortDirection: "desc" });
});

void test("a sort on a column without one, or an unknown one, is dropped; clicking a header cycles asc, desc, none", () => {
  assert.equal(parseRunTableView(new URLSearchParams("sort=progress"), "queue").sort, null);
  assert.equal(parseRunTableView(new URLSearchParams("sort=drop table runs"), "queue").sort, null);
  let view = parseRunTableView(none, "queue");
  view = { ...view, ...nextSort(view, "testAcc") };
  assert.deepEqual([view.sort, view.direction], ["testAcc", "asc"]);
  view = { ...view, ...nextSort(view, "testAcc") };
  assert.deepEqual([view.sort, view.direction], ["testAcc", "desc"]);
  view = { ...view, ...nextSort(view, "testAcc") };
  assert.deepEqual([view.sort, view.direction], [null, "asc"]);
  assert.deepEqual(runTableSortInput(view), {});
});
