import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "./rng.ts";

test("the same seed gives the same stream; another seed another one", () => {
  const a = new Rng(137);
  const b = new Rng(137);
  const c = new Rng(138);
  const draw = (r: Rng) => Array.from({ length: 5 }, () => r.nextUint32());
  const first = draw(a);
  assert.deepEqual(first, draw(b));
  assert.notDeepEqual(first, draw(c));
});

test("a saved state continues the stream exactly", () => {
  const a = new Rng(1);
  a.next();
  const resumed = new Rng(a.state());
  assert.deepEqual([a.next(), a.next()], [resumed.next(), resumed.next()]);
});

test("uniform, normal and permutations have the right shape", () => {
  const r = new Rng(7);
  const n = 20_000;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = r.normal(2, 1.5);
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean - 2) < 0.05, `mean ${mean}`);
  assert.ok(Math.abs(Math.sqrt(sq / n - mean * mean) - 1.5) < 0.05);
  const p = r.permutation(100);
  assert.deepEqual([...p].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
  for (let i = 0; i < 1000; i++) {
    const u = r.uniform(-1, 1);
    assert.ok(u >= -1 && u < 1);
  }
});
