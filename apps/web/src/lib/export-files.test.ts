import assert from "node:assert/strict";
import { test } from "node:test";
import { exportFileName, mimeType, trpcCallSnippet } from "./export-files.ts";

const id = "3f2a9c1e-1111-4222-8333-444455556666";

void test("file names say what and which experiment, with the format's extension", () => {
  assert.equal(exportFileName("table1", id, "csv"), "table1-3f2a9c1e.csv");
  assert.equal(exportFileName("table1", id, "markdown"), "table1-3f2a9c1e.md");
  assert.equal(exportFileName("table1", id, "latex"), "table1-3f2a9c1e.tex");
  assert.equal(exportFileName("Figure 6 / fashion-mnist small-cnn", id, "png"), "figure-6-fashion-mnist-small-cnn-3f2a9c1e.png");
  assert.equal(exportFileName("figure1", id, "svg"), "figure1-3f2a9c1e.svg");
});

void test("text downloads declare UTF-8; images do not", () => {
  assert.equal(mimeType("csv"), "text/csv;charset=utf-8");
  assert.equal(mimeType("png"), "image/png");
  assert.equal(mimeType("svg"), "image/svg+xml;charset=utf-8", "SVG is XML text: titles such as ℓ2 stay readable");
});

void test("the tRPC snippet is the call a script would make", () => {
  assert.equal(trpcCallSnippet("tables.table1", { experimentId: id }), `await client.tables.table1.query({ experimentId: "${id}" })`);
  assert.equal(trpcCallSnippet("x.y", { "odd-name": 1 }), 'await client.x.y.query({ "odd-name": 1 })');
});
