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

/** Waits until the table holds `loaded` rows of `total` matches (the daemon's count). */
async function waitForTable(total: number, loaded = Math.min(total, 50)): Promise<void> {
  await page.locator(`[data-testid="all-runs"][data-total="${total}"][data-loaded="${loaded}"]:not(.stale)`).waitFor({ timeout: 15_000 });
}

test("every run on the server in one table, fifty at a time, with owner, experiment, phase and progress", async () => {
  await page.goto(`${stack.webUrl}/`);
  await waitForTable(300);
  assert.equal(await page.getByTestId("runs-count").textContent(), "50 of 300 shown");
  // Queue order: the oldest experiment's runs first; run 0 is Algorithm 1's pre-training and succeeded.
  const first = table().locator("tbody tr").first();
  assert.equal(await first.getAttribute("data-run-id"), seeded.experiments[0]!.runIds[0]);
  const cells = await first.locator("td").allInnerTexts();
  assert.match(cells[0]!, /Algorithm 1 pre-training, seed 1/);
  assert.match(cells[1]!, /Seeded sweep\s+r-sweep/);
  assert.deepEqual([cells[2], cells[3]], ["admin", "pretrain"]);
  assert.match(cells[4]!, /succeeded/);
  assert.match(cells[5]!, /20 \/ 20 epochs/);
  assert.equal(cells[6], "tensorflow");
  // Run 11 measures (rows 0–49 are on the first page).
  assert.equal(await table().locator(`tr[data-run-id="${seeded.experiments[0]!.runIds[11]}"] td`).nth(3).innerText(), "measure");

  await page.getByRole("button", { name: "Load 50 more" }).click();
  // (The button sits at the table's end, so the next page may follow by itself.)
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="all-runs"]')?.getAttribute("data-loaded")) >= 100);
  // The other pages load by themselves as the end of the table scrolls into view.
  for (let pages = 0; pages < 10 && (await page.getByRole("button", { name: /^Load \d+ more$/ }).count()) > 0; pages++) {
    await page.locator(".runs-more").scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
  }
  await waitForTable(300, 300);
  assert.equal(await page.getByRole("button", { name: /^Load \d+ more$/ }).count(), 0, "nothing left to load");
  const ids = await table().locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run-id")));
  assert.equal(new Set(ids).size, 300, "no run twice across pages");
  await page.screenshot({ path: screenshotPath("queue-all-runs") });
});

test("status, owner, preset and experiment filters and the search run on the daemon and live in the URL", async () => {
  await page.goto(`${stack.webUrl}/`);
  await waitForTable(300);

  await page.getByRole("checkbox", { name: "failed" }).check();
  await page.waitForURL(/\?status=failed$/);
  await waitForTable(60);
  assert.deepEqual([...new Set(await table().locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status"))))], ["failed"]);

  await page.getByLabel("Filter by owner").selectOption("alice");
  await page.waitForURL(/owner=alice/);
  await waitForTable(20);
  assert.deepEqual([...new Set(await table().locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-owner"))))], ["alice"]);
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
  assert.equal(await table().locator("tbody tr").getAttribute("data-run-id"), someId);
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
