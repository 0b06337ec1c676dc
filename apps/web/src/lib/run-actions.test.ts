import assert from "node:assert/strict";
import { test } from "node:test";
import { isMissingProcedure, mayControl } from "./run-actions.ts";

void test("admins control every run, members their own, viewers none", () => {
  assert.equal(mayControl({ name: "root", role: "admin" }, "ann"), true);
  assert.equal(mayControl({ name: "ann", role: "member" }, "ann"), true);
  assert.equal(mayControl({ name: "bob", role: "member" }, "ann"), false);
  assert.equal(mayControl({ name: "bob", role: "member" }, undefined), false);
  assert.equal(mayControl({ name: "ann", role: "viewer" }, "ann"), false);
  assert.equal(mayControl(undefined, "ann"), false);
});

void test("a procedure the daemon lacks is told apart from other refusals", () => {
  const missing = Object.assign(new Error('No procedure found on path "runs.retry"'), { data: { code: "NOT_FOUND" } });
  const noRun = Object.assign(new Error("No run 123."), { data: { code: "NOT_FOUND" } });
  assert.equal(isMissingProcedure(missing), true);
  assert.equal(isMissingProcedure(noRun), false);
  assert.equal(isMissingProcedure(null), false);
});
