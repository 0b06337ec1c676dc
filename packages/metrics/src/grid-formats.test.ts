import assert from "node:assert/strict";
import { test } from "node:test";
import { escapeLatex, latexTabular, markdownTable, toCsv } from "./grid-formats.ts";
import { formatFixed, formatMeanStd } from "./number-format.ts";

test("toCsv quotes per RFC 4180", () => {
  const csv = toCsv(["name", "value"], [["a,b", 1], ['say "hi"', null], ["two\nlines", 0.1 + 0.2]]);
  assert.equal(csv, 'name,value\r\n"a,b",1\r\n"say ""hi""",\r\n"two\nlines",0.30000000000000004\r\n');
});

test("markdownTable escapes pipes and aligns numbers right", () => {
  assert.equal(markdownTable(["a", "b"], [["x|y", "1"]], ["left", "right"]), "| a | b |\n|---|---:|\n| x\\|y | 1 |\n");
});

test("escapeLatex escapes once, in one pass", () => {
  assert.equal(escapeLatex("d_1 & 5% {x} \\ ±ℓ2"), "d\\_1 \\& 5\\% \\{x\\} \\textbackslash{} $\\pm$$\\ell_2$");
  assert.equal(
    latexTabular(["A", "B"], [["1", "2"]], "lr"),
    "\\begin{tabular}{lr}\n\\toprule\nA & B \\\\\n\\midrule\n1 & 2 \\\\\n\\bottomrule\n\\end{tabular}\n",
  );
});

test("numbers keep a fixed number of decimals and never print -0", () => {
  assert.equal(formatFixed(0.81, 3), "0.810");
  assert.equal(formatFixed(-0.0004, 3), "0.000");
  assert.equal(formatFixed(-0.0006, 3), "-0.001");
  assert.equal(formatMeanStd(84.8375, 0.19349, 3), "84.838 ± 0.193");
});
