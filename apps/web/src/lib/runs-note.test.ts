import assert from "node:assert/strict";
import { test } from "node:test";
import { runsNote } from "./runs-note.ts";

void test("names what the runs are doing, leaving out what none are", () => {
  assert.equal(runsNote([]), "The experiment has no runs.");
  assert.equal(
    runsNote([{ status: "succeeded" }, { status: "running" }, { status: "failed" }, { status: "queued" }, { status: "queued" }]),
    "1 of 5 runs finished, 1 running, 2 queued, 1 failed",
  );
});
