import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, screenshotPath } from "./browser.ts";
import { seedDatabase, type Seeded } from "./seed.ts";
import { freshDataDir, startStack, type Stack } from "./servers.ts";
import { daemonCall, signIn } from "./session.ts";

let stack: Stack;
let seeded: Seeded;
let browser: Browser;
let page: Page;

// 300 runs over three owners; run n of an experiment is succeeded, failed, cancelled, paused or blocked as n % 5.
before(async () => {
  const dataDir = freshDataDir();
  seeded = await seedDatabase(dataDir, { alice: "member", bob: "member" }, [
    { owner: "admin", preset: "r-sweep", title: "Seeded sweep", runs: 150 },
    { owner: "alice", preset: "norms", title: "Alice's norms", runs: 100 },
    { owner: "bob", preset: "table2-ablation", title: "Bob's ablation", runs: 50 },
  ]);
  stack = await startStack({ dataDir, token: seeded.adminToken });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  await signIn(page, stack, seeded.adminToken, "admin");
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const table = () => page.getByTestId("all-runs");

/** Waits until the table holds `loaded` rows of `total` matches (the daemon's count); the first page is 100 runs. */
async function waitForTable(total: number, loaded = Math.min(total, 100)): Promise<void> {
  await page.locator(`[data-testid="all-runs"][data-total="${total}"][data-loaded="${loaded}"]:not(.stale)`).waitFor({ timeout: 15_000 });
}

/** The text of a row's cell in a column (the table's columns are the user's choice). */
const cellOf = (runId: string, column: string) => table().locator(`tr[data-run-id="${runId}"] td[data-column="${column}"]`).innerText();

test("every run on the server in one table, a page at a time, with owner, experiment, phase and progress", async () => {
  await page.goto(`${stack.webUrl}/?cols=name,experiment,owner,phase,status,progress,backend`);
  await waitForTable(300);
  assert.equal(await page.getByTestId("runs-count").textContent(), "100 of 300 loaded");
  // Queue order (nothing runs or waits): the oldest experiment's runs first; run 0 is Algorithm 1's pre-training and succeeded.
  const first = table().locator("tbody tr[data-run-id]").first();
  const run0 = seeded.experiments[0]!.runIds[0]!;
  assert.equal(await first.getAttribute("data-run-id"), run0);
  assert.match(await cellOf(run0, "name"), /Algorithm 1 pre-training, seed 1/);
  assert.equal(await cellOf(run0, "experiment"), "Seeded sweep");
  assert.deepEqual([await cellOf(run0, "owner"), await cellOf(run0, "phase")], ["admin", "pretrain"]);
  assert.match(await cellOf(run0, "status"), /succeeded/);
  assert.match(await cellOf(run0, "progress"), /20 \/ 20 epochs/);
  assert.equal(await cellOf(run0, "backend"), "tensorflow");
  // Run 11 measures.
  assert.equal(await cellOf(seeded.experiments[0]!.runIds[11]!, "phase"), "measure");

  // The next page loads by itself as the end of the table nears; only the rows on screen are in the DOM.
  const seen = new Set<string>();
  for (let tries = 0; tries < 40 && seen.size < 300; tries++) {
    await page.getByTestId("run-grid-scroll").evaluate((element, n) => element.scrollTo({ top: n * 600 }), tries);
    await page.waitForTimeout(100);
    for (const id of await table().locator("tbody tr[data-run-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run-id")!))) seen.add(id);
  }
  await waitForTable(300, 300);
  assert.equal(seen.size, 300, "every run shown once scrolled to");
  assert.ok((await table().locator("tbody tr[data-run-id]").count()) < 100, "rows off screen are not rendered");
  await page.screenshot({ path: screenshotPath("queue-all-runs") });
});

test("status, owner, preset and experiment filters and the search run on the daemon and live in the URL", async () => {
  await page.goto(`${stack.webUrl}/`);
  await waitForTable(300);

  await page.getByRole("checkbox", { name: "failed" }).check();
  await page.waitForURL(/\?(cols=[^&]*&)?status=failed$/);
  await waitForTable(60);
  assert.deepEqual([...new Set(await table().locator("tbody tr[data-run-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status"))))], ["failed"]);

  await page.getByLabel("Filter by owner").selectOption("alice");
  await page.waitForURL(/owner=alice/);
  await waitForTable(20);
  assert.deepEqual([...new Set(await table().locator("tbody tr[data-run-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-owner"))))], ["alice"]);
  await page.getByRole("checkbox", { name: "paused" }).check();
  await waitForTable(40);
  await page.screenshot({ path: screenshotPath("queue-filtered") });

  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.waitForURL((url) => url.search === "");
  await waitForTable(300);

  await page.getByLabel("Filter by preset").selectOption("table2-ablation");
  await waitForTable(50);
  await page.getByLabel("Filter by preset").selectOption("");

  // Search: a run key, an experiment's title, a run id's prefix; a search that matches nothing says so.
  const search = page.getByLabel("Search runs");
  await search.fill("r-00052");
  await page.waitForURL(/q=r-00052/);
  await waitForTable(2); // bob's experiment has runs r-00000 to r-00049 only
  await search.fill("bob's ABLATION");
  await waitForTable(50);
  const someId = seeded.experiments[1]!.runIds[37]!;
  await search.fill(someId.slice(0, 8));
  await waitForTable(1);
  assert.equal(await table().locator("tbody tr[data-run-id]").getAttribute("data-run-id"), someId);
  await search.fill("no such run anywhere");
  await page.getByTestId("runs-empty").filter({ hasText: "No run matches these filters." }).waitFor();
  await page.screenshot({ path: screenshotPath("queue-search-empty") });

  // A link with filters opens the same view, its controls showing them.
  await page.goto(`${stack.webUrl}/?status=paused&owner=bob`);
  await waitForTable(10);
  assert.equal(await page.getByRole("checkbox", { name: "paused" }).isChecked(), true);
  assert.equal(await page.getByLabel("Filter by owner").inputValue(), "bob");

  // An experiment card's run count links to its runs in the table.
  await page.goto(`${stack.webUrl}/`);
  await page.locator(`[data-experiment-id="${seeded.experiments[2]!.id}"]`).getByRole("link", { name: "50 runs" }).click();
  await page.waitForURL(new RegExp(`experiment=${seeded.experiments[2]!.id}`));
  await waitForTable(50);
  assert.equal(await page.getByLabel("Filter by experiment").inputValue(), seeded.experiments[2]!.id);
});

test("a run's row follows its status live, without a reload", async () => {
  await page.goto(`${stack.webUrl}/?status=paused,cancelled&owner=admin`);
  await waitForTable(60);
  const paused = seeded.experiments[0]!.runIds[3]!;
  const row = table().locator(`tr[data-run-id="${paused}"]`);
  assert.equal(await row.getAttribute("data-status"), "paused");
  await daemonCall(stack, seeded.adminToken, "runs.cancel", { id: paused }, "mutation");
  await table().locator(`tr[data-run-id="${paused}"][data-status="cancelled"]`).waitFor({ timeout: 10_000 });
  await waitForTable(60);
});
