import assert from "node:assert/strict";
import { mock, test } from "node:test";
import { throttle } from "./throttle.ts";

void test("a burst runs once at once and once at the end of the pause", () => {
  mock.timers.enable({ apis: ["setTimeout", "Date"] });
  try {
    let calls = 0;
    const t = throttle(() => calls++, 1000);
    t();
    t();
    t();
    assert.equal(calls, 1);
    mock.timers.tick(999);
    assert.equal(calls, 1);
    mock.timers.tick(1);
    assert.equal(calls, 2);
    mock.timers.tick(5000);
    assert.equal(calls, 2, "no call without a new trigger");
    t();
    assert.equal(calls, 3, "after a quiet pause the next call runs at once");
  } finally {
    mock.timers.reset();
  }
});

void test("cancel drops the pending trailing call", () => {
  mock.timers.enable({ apis: ["setTimeout", "Date"] });
  try {
    let calls = 0;
    const t = throttle(() => calls++, 1000);
    t();
    t();
    t.cancel();
    mock.timers.tick(2000);
    assert.equal(calls, 1);
  } finally {
    mock.timers.reset();
  }
});
