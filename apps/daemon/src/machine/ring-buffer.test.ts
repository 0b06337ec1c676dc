import assert from "node:assert/strict";
import { test } from "node:test";
import { RingBuffer } from "./ring-buffer.ts";

test("holds what was pushed, oldest first, until it is full", () => {
  const ring = new RingBuffer<number>(3);
  assert.deepEqual([ring.toArray(), ring.last(), ring.size], [[], undefined, 0]);
  ring.push(1);
  ring.push(2);
  assert.deepEqual([ring.toArray(), ring.last(), ring.size], [[1, 2], 2, 2]);
});

test("once full, each push drops the oldest item, across several wraps", () => {
  const ring = new RingBuffer<number>(3);
  for (let i = 1; i <= 10; i++) ring.push(i);
  assert.deepEqual([ring.toArray(), ring.last(), ring.size], [[8, 9, 10], 10, 3]);
  ring.push(11);
  assert.deepEqual(ring.toArray(), [9, 10, 11]);
});

test("a capacity of one keeps the last item; no capacity is refused", () => {
  const ring = new RingBuffer<string>(1);
  ring.push("a");
  ring.push("b");
  assert.deepEqual(ring.toArray(), ["b"]);
  assert.throws(() => new RingBuffer(0), /at least one item/);
  assert.throws(() => new RingBuffer(2.5), /at least one item/);
});
