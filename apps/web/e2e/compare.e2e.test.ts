// The Compare page: runs of two experiments found by search, their curves overlaid with a legend
// naming run, split and metric, smoothing and the x axis changing what is drawn, the settings
// table marking what differs, and the comparison's CSV. Runs and metrics are seeded (nothing trains).
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { openDatabase } from "../../../packages/db/src/index.ts";
import { launchChromium, screenshotPath } from "./browser.ts";
import { seedDatabase } from "./seed.ts";
import { freshDataDir, startStack, type Stack } from "./servers.ts";
import { signIn } from "./session.ts";

const EPOCHS = 20;
let stack: Stack;
let browser: Browser;
let page: Page;
let alpha: string;
let beta: string;

/** Two experiments; run 0 of each (succeeded) gets a config and 20 epochs of curves, alpha's run a name. */
async function seed(dataDir: string): Promise<string> {
  const seeded = await seedDatabase(dataDir, {}, [
    { owner: "admin", preset: "r-sweep", title: "Alpha sweep", runs: 3 },
    { owner: "admin", preset: "table2-ablation", title: "Beta ablation", runs: 3 },
  ]);
  alpha = seeded.experiments[0]!.runIds[0]!;
  beta = seeded.experiments[1]!.runIds[0]!;
  const database = await openDatabase({ dataDir });
  try {
    const config = (lr: number) => JSON.stringify({ kind: "image", mode: "vanilla", init: "paper", seed: 1, model: "small-cnn", dataset: "fashion-mnist", lr, batchSize: 128, epochs: EPOCHS });
    await database.db.execute(`update runs set config = '${config(0.1)}', name = 'alpha baseline' where id = '${alpha}'`);
    await database.db.execute(`update runs set config = '${config(0.01)}' where id = '${beta}'`);
    // Alpha's accuracy climbs to 0.9, beta's to 0.5; one point a second from the run's start.
    for (const [id, base] of [[alpha, 0.5], [beta, 0.1]] as const) {
      await database.db.execute(`
        insert into metrics (run_id, phase, epoch, step, name, value, time)
        select '${id}', 'train', e, e * 10, m.name, case m.name
            when 'test_acc' then ${base} + e * 0.02 when 'train_acc' then ${base} + e * 0.02 - 0.05 * (e % 2)
            when 'test_loss' then 2.0 / e else 1.5 / e end,
          (extract(epoch from r.started_at) * 1000)::bigint + e * 1000
        from generate_series(1, ${EPOCHS}) e, (values ('train_acc'), ('test_acc'), ('train_loss'), ('test_loss')) m(name), runs r
        where r.id = '${id}'`);
    }
  } finally {
    await database.close();
  }
  return seeded.adminToken;
}

before(async () => {
  const started = Date.now();
  const dataDir = freshDataDir();
  const token = await seed(dataDir);
  console.log(`# seeded in ${Date.now() - started} ms`);
  stack = await startStack({ dataDir, token, concurrency: 0 });
  console.log(`# stack up at ${Date.now() - started} ms`);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page.on("pageerror", (error) => console.log(`# page error: ${error.message}`));
  await signIn(page, stack, token, "admin");
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const runsInUrl = () => new URL(page.url()).searchParams.get("runs")?.split(",") ?? [];
const legend = (metric: string) => page.getByTestId(`legend-${metric}`).locator("li .legend-label").allInnerTexts();
const lastOf = (runId: string, split: string) => page.locator(`[data-testid="legend-acc"] li[data-run-id="${runId}"][data-split="${split}"]`).getAttribute("data-last");

test("runs of two experiments found by search, overlaid, smoothed, on another x axis, compared and downloaded", async () => {
  await page.goto(`${stack.webUrl}/compare`);
  const search = page.getByLabel("Search runs to compare");
  await search.fill("Beta ablation");
  await page.locator(`.compare-results[data-search="Beta ablation"][data-stale="false"] tr[data-run-id="${beta}"] button`).click();
  await page.waitForURL(() => runsInUrl().includes(beta));
  await search.fill("alpha baseline");
  await page.locator(`.compare-results[data-search="alpha baseline"][data-stale="false"] tr[data-run-id="${alpha}"] button`).click();
  await page.waitForURL(() => runsInUrl().join() === `${beta},${alpha}`);

  // Every line named by run (alpha by its name; beta by short id, key and experiment), split and metric.
  await page.locator('[data-testid="compare-chart-acc"][data-lines="4"] [data-ready="true"]').waitFor();
  const betaLabel = `${beta.slice(0, 8)} (r-00000) · Beta ablation`;
  assert.deepEqual(await legend("acc"), [`${betaLabel} · test accuracy`, `${betaLabel} · train accuracy`, "alpha baseline · test accuracy", "alpha baseline · train accuracy"]);
  assert.deepEqual(await legend("loss"), [`${betaLabel} · test loss`, `${betaLabel} · train loss`, "alpha baseline · test loss", "alpha baseline · train loss"]);
  assert.equal(await page.getByTestId("compare-chart-acc").getAttribute("data-x-max"), String(EPOCHS));
  const raw = Number(await lastOf(alpha, "train"));
  assert.ok(Math.abs(raw - 0.9) < 1e-9, `alpha's last train accuracy, unsmoothed: ${raw}`);
  await page.screenshot({ path: screenshotPath("compare-two-experiments"), fullPage: true });

  // Smoothing 0.9 lags the rising curve; a fraction-of-training axis ends at 1. Both in the URL.
  await page.getByLabel("Smoothing").fill("0.9");
  await page.waitForURL((url) => url.searchParams.get("smooth") === "0.9");
  await page.locator(`[data-testid="legend-acc"] li[data-run-id="${alpha}"][data-split="train"]:not([data-last="${raw}"])`).waitFor();
  const smoothed = Number(await lastOf(alpha, "train"));
  assert.ok(smoothed < raw - 0.05, `smoothed ${smoothed} lags the raw ${raw}`);
  // The values as measured stay, faint behind each smoothed line, and out of the chart's legend.
  const accChart = page.getByTestId("compare-chart-acc");
  await page.locator('[data-testid="compare-chart-acc"][data-raw-lines="4"] [data-ready="true"]').waitFor();
  const legendRows = await accChart.locator(".u-legend .u-series").evaluateAll((rows) => rows.filter((r) => (r as HTMLElement).style.display !== "none").map((r) => r.textContent ?? ""));
  assert.equal(legendRows.length, 5, `the x value and the four smoothed lines: ${legendRows.join(" | ")}`);
  assert.ok(legendRows.every((row) => !row.includes("as measured")), legendRows.join(" | "));
  await page.getByLabel("X axis").selectOption("fraction");
  await page.waitForURL((url) => url.searchParams.get("x") === "fraction");
  await page.locator('[data-testid="compare-chart-acc"][data-x-max="1"] [aria-label="Accuracy over fraction of training"][role="img"]').waitFor();
  await page.screenshot({ path: screenshotPath("compare-smoothed-fraction"), fullPage: true });

  // The settings table: only the learning rate differs among the settings; alpha's cell is marked.
  const table = page.getByTestId("settings-table");
  const lr = table.locator('tr[data-key="lr"][data-group="setting"]');
  assert.equal(await lr.getAttribute("class"), "differs");
  assert.deepEqual(await lr.locator("td").allInnerTexts(), ["0.01", "0.1"]);
  assert.deepEqual(await lr.locator('td[data-differs="true"]').allInnerTexts(), ["0.1"]);
  assert.equal(await table.locator('tr[data-key="mode"]').getAttribute("class"), null, "the same mode is not marked");
  assert.deepEqual(await table.locator('tr[data-key="test_acc"] td').allInnerTexts(), ["50.00%", "90.00%"]);
  await table.screenshot({ path: screenshotPath("compare-settings") });

  // The comparison's CSV: a row per point of both runs, as stored (not smoothed).
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV of every compared run's curves" }).click()]);
  assert.equal(download.suggestedFilename(), `comparison-${beta.split("-")[0]}.csv`);
  const lines = (await readFile(await download.path(), "utf8")).trimEnd().split("\r\n");
  assert.equal(lines[0], "run_id,run_key,run,experiment,phase,metric,epoch,step,time_ms,value");
  assert.equal(lines.length, 1 + 2 * 4 * EPOCHS);
  const last = lines.find((l) => l.startsWith(`${alpha},r-00000,alpha baseline,Alpha sweep,train,train_acc,${EPOCHS},${EPOCHS * 10},`));
  assert.ok(last && Math.abs(Number(last.split(",").at(-1)) - 0.9) < 1e-9, `alpha's last train accuracy in the CSV: ${last}`);
  await page.getByTestId("download-comparison").getByRole("button", { name: "tRPC call" }).click();
  assert.match(await page.getByTestId("download-comparison").getByTestId("trpc-call").innerText(), new RegExp(`runs\\.curves\\.query\\(\\{ runIds: \\["${beta}","${alpha}"\\] \\}\\)`));
});

test("runs ticked in the runs table open on the Compare page", async () => {
  await page.goto(`${stack.webUrl}/`);
  for (const id of [alpha, beta]) await page.locator(`[data-testid="all-runs"] tr[data-run-id="${id}"] .select-cell input`).check();
  await page.getByTestId("compare-selected").click();
  await page.waitForURL((url) => url.pathname === "/compare" && runsInUrl().join() === `${alpha},${beta}`);
  await page.locator('[data-testid="compare-chart-acc"][data-lines="4"]').waitFor();
});
