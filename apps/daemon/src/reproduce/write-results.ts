import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { figure1Png } from "./figure1-png.ts";
import { figure4, figure5, figure6 } from "./figure-exports.ts";
import type { ResultsData } from "./gather.ts";
import { resultsReadme } from "./results-readme.ts";
import { table1Files, table2Files } from "./table-files.ts";

/**
 * Writes every table (Markdown, CSV), figure (PNG or SVG, with its CSV) and the README the data
 * allows into `outDir`; returns the file names written. Nothing here reads a clock: the same data
 * gives the same bytes.
 */
export function writeResults(data: ResultsData, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const files = new Map<string, string | Buffer>();
  if (data.table1) {
    const { md, csv } = table1Files(data.table1);
    files.set("table1.md", md).set("table1.csv", csv);
  }
  if (data.table2) {
    const { md, csv } = table2Files(data.table2);
    files.set("table2.md", md).set("table2.csv", csv);
  }
  const toy = data.toy?.panels.length ? figure1Png(data.toy.panels) : null;
  if (toy) files.set("figure1.png", toy.png);
  const figures = { 4: figure4(data), 5: figure5(data), 6: figure6(data) };
  for (const [n, figure] of Object.entries(figures)) {
    if (figure) files.set(`figure${n}.svg`, figure.svg).set(`figure${n}.csv`, figure.csv);
  }
  files.set("README.md", resultsReadme(data, { figure1: toy !== null, figure4: figures[4] !== null, figure5: figures[5] !== null, figure6: figures[6] !== null }));
  for (const [name, content] of files) writeFileSync(path.join(outDir, name), content);
  return [...files.keys()];
}
