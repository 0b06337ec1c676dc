import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, screenshotPath } from "./browser.ts";
import { startStack, type Stack } from "./servers.ts";
import { daemonCall, signIn } from "./session.ts";

let stack: Stack;
let browser: Browser;
let page: Page;

before(async () => {
  stack = await startStack();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A tRPC call straight to the daemon, as the admin (what a script would do). */
const call = <T>(procedure: string, input: unknown, kind: "query" | "mutation" = "query") => daemonCall<T>(stack, stack.token, procedure, input, kind);

interface Run {
  id: string;
  key: string;
  status: string;
  error: string | null;
}

const runsOf = async (experimentId: string) => (await call<{ runs: Run[] }>("experiments.get", { id: experimentId })).runs;

/** The table1-distances preset at its smallest: one seed, one epoch, a few hundred synthetic images. */
const MINIATURE: Record<string, string> = {
  Profile: "cpu",
  Dataset: "synthetic",
  Model: "small-cnn",
};
const MINIATURE_NUMBERS: Record<string, string> = {
  Seeds: "1",
  Epochs: "1",
  "Pre-training epoch cap": "1",
  "Replicas R": "1",
  "Train subset": "100",
  "Test subset": "50",
};

test("Table 1 fills in as its runs finish, exports as CSV; a run is cancelled from the dashboard", async () => {
  await signIn(page, stack, stack.token, "admin");
  await page.locator("#preset").selectOption("table1-distances");
  // The new-experiment form's own fields: the runs table's column picker has a "Dataset" too.
  const form = page.locator("form", { has: page.locator("#option-dataset") });
  for (const [label, value] of Object.entries(MINIATURE)) await form.getByLabel(label, { exact: true }).selectOption(value);
  for (const [label, value] of Object.entries(MINIATURE_NUMBERS)) await form.getByLabel(label, { exact: true }).fill(value);
  await page.screenshot({ path: screenshotPath("queue-table1-form") });
  await page.getByRole("button", { name: "Queue" }).click();
  await page.waitForURL(/\/experiments\/[0-9a-f-]{36}$/);
  const experimentId = page.url().split("/").pop()!;

  // The row is there from the start, empty, waiting for its measurement run.
  const row = page.locator('[data-testid="table1"] tr[data-dataset="synthetic"][data-model="small-cnn"]');
  await row.waitFor();
  assert.equal(await row.locator('td[data-measured="true"]').count(), 0);
  assert.equal(await row.locator("td .cell-value").first().textContent(), "–");
  await page.screenshot({ path: screenshotPath("table1-pending"), fullPage: true });

  // A run to cancel that does not hold up the table: a toy experiment at the lowest priority.
  const toy = await call<{ id: string }>("experiments.create", { preset: "figure1-toy", options: { epochScale: 0.05 }, priority: -1000 }, "mutation");
  const toyRuns = await runsOf(toy.id);
  const victim = toyRuns.find((r) => r.key === "a")!;
  await page.goto(`${stack.webUrl}/runs/${victim.id}`);
  await page.locator(".page-header").getByRole("button", { name: "Cancel" }).click();
  await page.locator('.page-header [data-status="cancelled"]').waitFor();
  // A cancelled run offers a retry instead.
  await page.locator(".page-header").getByRole("button", { name: "Retry" }).waitFor();
  await page.screenshot({ path: screenshotPath("run-cancelled") });
  // The rest of the toy from its experiment's run table, one by one.
  await page.goto(`${stack.webUrl}/experiments/${toy.id}`);
  await page.locator("table.runs").getByRole("button", { name: "Retry" }).waitFor();
  for (const run of toyRuns.filter((r) => r !== victim)) {
    const tableRow = page.locator(`table.runs tr[data-run-id="${run.id}"]`);
    const cancel = tableRow.getByRole("button", { name: "Cancel" });
    // A toy run may have finished already on a fast machine; only an unfinished one can be cancelled.
    if ((await runsOf(toy.id)).find((r) => r.id === run.id)!.status !== "succeeded") await cancel.click();
    await tableRow.locator('[data-status="cancelled"], [data-status="succeeded"]').waitFor();
  }
  await page.screenshot({ path: screenshotPath("runs-cancelled") });
  assert.equal((await call<Run>("runs.get", { id: victim.id })).status, "cancelled");
  await page.goto(`${stack.webUrl}/`);
  await page.locator(`[data-experiment-id="${experimentId}"]`).waitFor();
  await page.screenshot({ path: screenshotPath("queue-with-controls"), fullPage: true });

  await page.goto(`${stack.webUrl}/experiments/${experimentId}`);

  // Export: the download is the table as the daemon has it, as CSV.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-table1").getByRole("button", { name: "CSV" }).click()]);
  assert.equal(download.suggestedFilename(), `table1-${experimentId.split("-")[0]}.csv`);
  const csv = await readFile(await download.path(), "utf8");
  assert.ok(csv.startsWith("dataset,model,column,n,missing,mean,std,min,max,published,published_setting,difference,run_ids\r\n"), csv.slice(0, 200));
  await page.getByTestId("export-table1").getByRole("button", { name: "tRPC call" }).click();
  assert.equal(await page.getByTestId("trpc-call").textContent(), `await client.tables.table1.query({ experimentId: "${experimentId}" })`);

  // Every cell fills in with a number once the measurement run has finished, without a reload.
  const deadline = Date.now() + 150_000;
  for (;;) {
    const measure = (await runsOf(experimentId)).find((r) => r.key.endsWith("/distances/s1"))!;
    if (measure.status === "succeeded") break;
    if (["failed", "cancelled", "blocked"].includes(measure.status) || Date.now() > deadline) {
      const all = await runsOf(experimentId);
      assert.fail(`The distance run did not succeed (${measure.status}): ${measure.error ?? ""}\n${all.map((r) => `${r.key}: ${r.status} ${r.error ?? ""}`).join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="table1"] tr[data-dataset="synthetic"] td[data-measured="true"]').length === 7,
    null,
    { timeout: 15_000 },
  );
  const values = await row.locator("td .cell-value").allTextContents();
  assert.equal(values.length, 7);
  for (const value of values) assert.match(value, /^\d+\.\d{3}$/, `a cell shows a distance: ${value}`);
  // Each cell links to the measurement run behind it.
  const runLink = await row.locator("td .cell-runs a").first().getAttribute("href");
  assert.match(runLink ?? "", /^\/runs\/[0-9a-f-]{36}$/);
  await page.screenshot({ path: screenshotPath("table1-filled"), fullPage: true });
  // The paper has no synthetic row: CIFAR10/ResNet18's values stand beside, named, and nothing is coloured.
  assert.match((await row.getByTestId("table1-paper-setting").textContent()) ?? "", /paper row: CIFAR10 \/ ResNet18, another setting/);
  for (const paper of await row.locator("td .cell-paper.other-setting").allTextContents()) assert.match(paper, /^paper, CIFAR10 \/ ResNet18: \d+\.\d{3}$/);
  assert.equal(await page.locator('[data-testid="table1"] .cell-diff').count(), 0, "no difference coloured against another setting");
  assert.match((await page.locator(".table1 .caption").textContent()) ?? "", /The paper has no row for this setting .* nothing is coloured/);
  // Its vanilla and SOTA runs feed a partial Table 2 on the same page, labelled the same way.
  const table2 = page.locator('[data-testid="table2"][data-paper-matches="false"]');
  await table2.locator('tr[data-mode="vanilla"] td .cell-value').first().filter({ hasText: /\d/ }).waitFor();
  assert.match((await page.getByTestId("table2-paper-setting").textContent()) ?? "", /^Paper values: CIFAR10 \/ ResNet18, shown for orientation only: this experiment trained synthetic \/ small-cnn/);
  assert.match((await table2.locator('tr[data-mode="vanilla"] td .cell-paper').first().textContent()) ?? "", /^paper, CIFAR10 \/ ResNet18: 100\.000 ± 0\.000$/);
  assert.equal(await table2.locator(".cell-diff").count(), 0, "Table 2 colours nothing either");
  await page.getByTestId("table2-paper-setting").scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath("tables-other-setting"), fullPage: true });
  const [filled] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-table1").getByRole("button", { name: "CSV" }).click()]);
  const records = (await readFile(await filled.path(), "utf8")).trimEnd().split("\r\n");
  assert.equal(records.length, 1 + 7, "one record per cell");
  assert.match(records[1]!, /^synthetic,small-cnn,"d\(W0R,WVR\)",1,0,\d/);

});
