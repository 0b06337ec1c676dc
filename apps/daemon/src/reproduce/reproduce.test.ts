import { TABLE1_COLUMNS, TABLE2_MODES } from "@minima/metrics";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { startTestDaemon, type TestDaemon } from "../../test/harness.ts";
import { startEmbeddedDaemon, type EmbeddedDaemon } from "./embedded-daemon.ts";
import { reproducePlan } from "./profiles.ts";
import { FIGURE1_TITLE_ROW } from "./figure1-png.ts";
import { readPng } from "./read-png.ts";
import { reproduce, type ReproduceResult } from "./reproduce.ts";

// A real daemon trains the miniature cpu-quick plan (4 toy runs, 5 image runs, 1 distance run).
// It is stopped once two runs have succeeded, as a Ctrl-C would, and a second `reproduce` on a
// new daemon of the same data directory finishes the plan.
const plan = reproducePlan("cpu-quick", { miniature: true });
let t: TestDaemon;
let daemon: EmbeddedDaemon;
let out: string;
let first: ReproduceResult;
const interruptedLines: string[] = [];
const lines: string[] = [];
let beforeInterruption: Array<{ id: string; finishedAt: string | null; attempt: number }> = [];

before(async () => {
  t = await startTestDaemon();
  out = mkdtempSync(path.join(tmpdir(), "minima-reproduce-test-"));
  const interrupt = new AbortController();
  const print = (line: string) => {
    interruptedLines.push(line);
    if (/^runs ([2-9]|10)\/10 done/.test(line)) interrupt.abort();
  };
  await assert.rejects(reproduce(t.client, { plan, outDir: out, intervalMs: 300, print, signal: interrupt.signal }), { name: "AbortError" });
  const ids = (await t.client.api.experiments.list.query()).map((e) => e.id);
  for (const id of ids) beforeInterruption.push(...(await t.client.api.experiments.get.query({ id })).runs.filter((r) => r.status === "succeeded"));
  beforeInterruption = beforeInterruption.map(({ id, finishedAt, attempt }) => ({ id, finishedAt, attempt }));
  await t.client.close();
  await t.daemon.stop();
  daemon = await startEmbeddedDaemon({ "data-dir": t.dataDir, concurrency: "2" });
  first = await reproduce(daemon.client, { plan, outDir: out, intervalMs: 300, print: (line) => lines.push(line) });
});

after(async () => {
  await daemon?.stop();
  rmSync(t.dataDir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

const read = (name: string) => readFileSync(path.join(out, name), "utf8");
/** RFC 4180 fields of each line (the exports quote fields with commas, e.g. "d(W0R,WVR)"). */
const csvRows = (text: string) => text.trimEnd().split("\r\n").map((line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, "").replaceAll('""', '"')));

test("interrupted and run again, the plan completes without training a finished run twice", async () => {
  assert.match(interruptedLines[0]!, /^figure1-toy: created experiment [0-9a-f-]{36}$/);
  assert.match(interruptedLines[1]!, /^table1-distances: created experiment [0-9a-f-]{36}$/);
  assert.ok(beforeInterruption.length >= 2);
  assert.match(lines[0]!, /^figure1-toy: resuming experiment /);
  assert.match(lines[1]!, /^table1-distances: resuming experiment /);
  assert.equal(first.progress.total, 10);
  assert.equal(first.progress.succeeded, 10, lines.join("\n"));
  for (const run of beforeInterruption) {
    const now = await daemon.client.api.runs.get.query({ id: run.id });
    assert.deepEqual({ id: now.id, finishedAt: now.finishedAt, attempt: now.attempt }, run, "a run finished before the interruption is kept as it was");
  }
  assert.match(lines.filter((l) => l.startsWith("runs ")).at(-1)!, /^runs 10\/10 done · ETA 0 s · figure1-toy 4\/4 · table1-distances 6\/6$/);
  assert.ok([...interruptedLines, ...lines].some((l) => /^runs \d+\/10 done .*· ETA \d/.test(l)), "an ETA once a run has finished");
  assert.deepEqual(first.files.sort(), ["README.md", "figure1.png", "table1.csv", "table1.md", "table2.csv", "table2.md"]);
  assert.deepEqual(readdirSync(out).sort(), first.files);
});

test("table1.md and table1.csv: the paper's seven columns for the synthetic row, one seed each", () => {
  const [header, rule, row, ...rest] = read("table1.md").trimEnd().split("\n");
  assert.equal(header, `| Data | Model | ${TABLE1_COLUMNS.join(" | ")} |`);
  assert.match(rule!, /^\|---\|---\|(---:\|){7}$/);
  // The paper has no synthetic row: CIFAR10/ResNet18's values beside, named, with a note why they are not compared.
  assert.deepEqual(rest, ["", "- synthetic small-cnn: the paper has no such row; its values are CIFAR10 / ResNet18's, a different setting, so no difference is taken"]);
  const cells = row!.split(" | ");
  assert.equal(cells[0], "| synthetic");
  assert.equal(cells.length, 9);
  for (const cell of cells.slice(2)) assert.match(cell, /^\d+\.\d{3} ± 0\.000 \(paper, CIFAR10 \/ ResNet18: \d+\.\d{3}\)( \|)?$/);
  const [csvHeader, ...records] = csvRows(read("table1.csv"));
  assert.deepEqual(csvHeader, ["dataset", "model", "column", "n", "missing", "mean", "std", "min", "max", "published", "published_setting", "difference", "run_ids"]);
  assert.deepEqual(records.map((r) => r[2]), [...TABLE1_COLUMNS]);
  for (const r of records) {
    assert.equal(r[3], "1");
    assert.ok(Number(r[5]) > 0, `${r[2]} = ${r[5]}`);
  }
});

test("table2.md and table2.csv: vanilla and SOTA measured, the six other modes empty and said to be", () => {
  const md = read("table2.md");
  const lines = md.trimEnd().split("\n");
  assert.equal(lines[0], "| Mode | Rand Train (%) | Rand Test (%) | Adv Train (%) | Adv Test (%) |");
  const rows = lines.slice(2, 10);
  assert.equal(rows.length, 8);
  for (const row of rows) {
    const measured = row.startsWith("| Vanilla SGD |") || row.startsWith("| DA+ℓ2+Momentum (SOTA) |");
    const cells = row.split(" | ").slice(1);
    for (const cell of cells) assert.match(cell, measured ? /^\d+\.\d{3} ± 0\.000 \(paper, CIFAR10 \/ ResNet18: / : /^– \(paper, CIFAR10 \/ ResNet18: /, row);
  }
  assert.match(md, /\nThe paper's values are CIFAR10 \/ ResNet18's, a different setting from this experiment's, so no difference is taken\.\n/);
  assert.match(md, /\nPartial table: no finished runs of DA, ℓ2, Momentum, DA\+ℓ2, DA\+Momentum, ℓ2\+Momentum; those rows show only the paper's values\.\n$/);
  const [header, ...records] = csvRows(read("table2.csv"));
  assert.equal(header!.slice(0, 6).join(","), "mode,init,split,n,missing,mean");
  assert.equal(records.length, TABLE2_MODES.length * 4);
  for (const r of records) assert.equal(r[3], r[0] === "vanilla" || r[0] === "sota" ? "1" : "0", r.join(","));
});

test("figure1.png: the four decision-boundary panels, each at its raster's size under its title", async () => {
  const { panels } = await daemon.client.api.figures.toyBoundaries.query({ experimentId: first.experimentIds[0]! });
  assert.equal(panels.length, 4);
  const { width, height } = panels[0]!.raster!;
  const image = readPng(readFileSync(path.join(out, "figure1.png")));
  assert.equal(image.width, 2 * width + 30);
  assert.equal(image.height, 2 * (FIGURE1_TITLE_ROW + height) + 30);
  assert.notDeepEqual(image.pixel(10 + Math.floor(width / 2), 10 + FIGURE1_TITLE_ROW + Math.floor(height / 2)), [225, 225, 225], "panel (a) is drawn");
});

test("README.md: setup, reductions, every §8 claim with a verdict, links to what was written", () => {
  const readme = read("README.md");
  assert.match(readme, /^# Reproduction at CPU scale: profile `cpu-quick`\n/);
  assert.match(readme, /\*\*Miniature run\*\*/);
  assert.match(readme, /- Backend and device \(as the runs recorded them\): \S+/);
  assert.match(readme, /- Versions: minima daemon \d+\.\d+\.\d+, Node v\d+/);
  assert.match(readme, /\| table1-distances \| `table1-distances` \| 1 \| 6\/6 \| \d/);
  assert.match(readme, /\| \*\*whole reproduction\*\* \| {2}\| {2}\| 10\/10 \| \d/);
  assert.match(readme, /- Engine speed against PyTorch on the same net: `pnpm bench:engine small-cnn`/);
  assert.match(readme, /\| figure1-toy \| Figure 1 epochs \| .* \| × 0\.0001 \(epochScale\) \|/);
  const claimRows = readme.split("\n").filter((l) => /\| \*\*(holds|does not hold|not measured at this profile)\*\* \|$/.test(l));
  assert.equal(claimRows.length, 10);
  assert.match(readme, /d\(W0R,WVR\) ≈ 0\.9\. \| synthetic\/small-cnn: \d\.\d{3} \(1 seed\)/, "measured from Table 1");
  assert.match(readme, /Figure 4: test accuracy against R\n\nNot measured at this profile\./);
  assert.match(readme, /!\[Figure 1: decision boundaries of \(a\)–\(d\)\]\(figure1\.png\)/);
});

test("reproduce again: nothing new runs, every file regenerated from the database is byte-identical", async () => {
  const before = new Map(first.files.map((name) => [name, readFileSync(path.join(out, name))]));
  const printed: string[] = [];
  const again = await reproduce(daemon.client, { plan, outDir: out, intervalMs: 300, print: (line) => printed.push(line) });
  assert.deepEqual(again.experimentIds, first.experimentIds);
  assert.equal((await daemon.client.api.experiments.list.query()).length, 2, "no experiment created twice");
  assert.equal(printed.filter((l) => l.startsWith("runs ")).length, 1, "already settled: one progress line");
  for (const [name, bytes] of before) assert.ok(readFileSync(path.join(out, name)).equals(bytes), `${name} regenerated identically`);
});
