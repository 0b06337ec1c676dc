import assert from "node:assert/strict";
import { test } from "node:test";
import { inputProblem, textProblem } from "./input-limits.ts";

test("text PostgreSQL cannot store (NUL, a surrogate without its other half) is named by field and position", () => {
  assert.match(inputProblem({ title: "a\u0000b" })!, /^input\.title contains a NUL character \(U\+0000\) at position 1; .*remove it\.$/);
  assert.match(inputProblem({ runs: [{ title: "ok" }, { title: "x\ud800" }] })!, /^input\.runs\[1\]\.title contains a lone UTF-16 surrogate \(U\+D800\) at position 1/);
  assert.match(inputProblem({ label: "\udc00x" })!, /^input\.label contains a lone UTF-16 surrogate \(U\+DC00\) at position 0/);
  assert.match(inputProblem({ label: "\udc00\ud800" })!, /U\+DC00\) at position 0/, "a low surrogate before a high one pairs with nothing");
  assert.match(inputProblem({ options: { ["seed\u0000"]: 1 } })!, /^input\.options has a key that contains a NUL character/);
  assert.match(inputProblem({ a: { ["\ud83d"]: 1 } })!, /^input\.a has a key that contains a lone UTF-16 surrogate/);
  assert.match(inputProblem("\u0000")!, /^input contains a NUL character/);
  assert.match(inputProblem(["ok", ["deeper", "\udfff"]])!, /^input\[1\]\[1\] contains a lone/);
});

test("well-formed text, emoji (a surrogate pair) included, and other values pass", () => {
  assert.equal(textProblem("Figure 1 (100% of 5_000) 😀 — é\u202e\n"), null);
  assert.equal(inputProblem({ title: "😀😀", n: 1, flag: false, none: null, list: ["a", 2], nested: { "ключ": "значение" } }), null);
  assert.equal(inputProblem(undefined), null);
});

test("the existing limits still hold: prototype keys, depth, array length", () => {
  assert.match(inputProblem(JSON.parse('{"__proto__": {}}'))!, /key "__proto__"/);
  let deep: unknown = "leaf";
  for (let i = 0; i < 40; i++) deep = { a: deep };
  assert.match(inputProblem(deep)!, /nested deeper than 32 levels/);
  assert.match(inputProblem({ ids: Array(10_001).fill("x") })!, /input\.ids has 10001 elements/);
});
