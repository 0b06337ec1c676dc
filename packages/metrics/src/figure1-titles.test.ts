import assert from "node:assert/strict";
import { test } from "node:test";
import { figure1Title } from "./figure1-titles.ts";

void test("panels take the paper's titles by key", () => {
  assert.equal(figure1Title({ key: "a", title: "(a) true labels, random init" }), "(a) true labels");
  assert.equal(figure1Title({ key: "d", title: "anything" }), "(d) from (b) with DA, momentum, ℓ2");
});

void test("an unknown key keeps the run's title", () => {
  assert.equal(figure1Title({ key: "e", title: "(e) extra" }), "(e) extra");
});
