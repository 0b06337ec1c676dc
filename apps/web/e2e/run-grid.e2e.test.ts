// The run table with ten thousand runs: sorted by the daemon, virtualised, columns kept in the URL,
// and its Actions column in view at 1,440 × 900.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { ensureAdmin, migrateDatabase, openDatabase } from "../../../packages/db/src/index.ts";
import { launchChromium, screenshotPath } from "./browser.ts";
import { freshDataDir, startStack, type Stack } from "./servers.ts";
import { signIn } from "./session.ts";

const RUNS = 10_000;
/** Run n's final test accuracy: n · 7919 mod 10,000 is a permutation of 0…9,999 (7919 is prime), so no two tie. */
const testAccOf = (n: number) => ((n * 7919) % RUNS) / RUNS;

let stack: Stack;
let browser: Browser;
let page: Page;
let adminToken: string;
let experimentId: string;
const ids: string[] = [];

/** Ten thousand finished runs and their final accuracy in two INSERTs, as a daemon would find them on start. */
async function seedRuns(dataDir: string): Promise<void> {
  const database = await openDatabase({ dataDir });
  try {
    await migrateDatabase(database);
    const admin = (await ensureAdmin(database.db))!;
    adminToken = admin.token;
    // Plain SQL (the web app does not depend on drizzle); every value here is the test's own.
    const rowsOf = (result: unknown) => (result as { rows: { id: string }[] }).rows;
    const [experiment] = rowsOf(
      await database.db.execute(`insert into experiments (owner_id, preset, title, options) values ('${admin.user.id}', 'r-sweep', 'Ten thousand', '{}') returning id`),
    );
    const id = experiment!.id;
    experimentId = id;
    const inserted = await database.db.execute(`
      insert into runs (experiment_id, key, title, kind, config, status, epoch, epochs, backend, active_ms)
      select '${id}', 'g-' || lpad(n::text, 5, '0'), 'grid run ' || n, 'image',
        jsonb_build_object('mode', 'vanilla', 'init', 'paper', 'start', 'random', 'seed', n % 5, 'model', 'resnet18', 'dataset', 'cifar10'),
        (array['succeeded','failed','cancelled','paused'])[1 + n % 4], 20, 20, 'tensorflow', n * 10
      from generate_series(0, ${RUNS - 1}) n order by n returning id, key`);
    ids.push(...(rowsOf(inserted) as { id: string; key: string }[]).sort((a, b) => a.key.localeCompare(b.key)).map((r) => r.id));
    await database.db.execute(`
      insert into metrics (run_id, phase, epoch, step, name, value, time)
      select id, 'train', 20, 20, 'test_acc', ((substr(key, 3)::int * 7919) % ${RUNS})::float8 / ${RUNS}, 0 from runs where experiment_id = '${id}'`);
  } finally {
    await database.close();
  }
}

before(async () => {
  const dataDir = freshDataDir();
  await seedRuns(dataDir);
  stack = await startStack({ dataDir, token: adminToken, concurrency: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on("pageerror", (error) => console.log(`# page error: ${error.message}`));
  await signIn(page, stack, adminToken, "admin");
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const grid = () => page.getByTestId("all-runs");
const loaded = () => grid().evaluate((table) => Number(table.getAttribute("data-loaded")));

test("at 1,440 × 900 the default columns and Actions fit without a horizontal scroll", async () => {
  const started = Date.now();
  await page.goto(`${stack.webUrl}/`);
  console.log(`# page loaded in ${Date.now() - started} ms`);
  await page.locator(`[data-testid="all-runs"][data-total="${RUNS}"]:not(.stale)`).waitFor({ timeout: 20_000 });
  console.log(`# first page of runs shown in ${Date.now() - started} ms`);
  const widths = await page.getByTestId("run-grid-scroll").evaluate((scroller) => ({
    table: [scroller.scrollWidth, scroller.clientWidth],
    page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
  }));
  assert.ok(widths.table[0]! <= widths.table[1]!, `the table scrolls sideways: ${widths.table.join(" > ")}`);
  assert.ok(widths.page[0]! <= widths.page[1]!, `the page scrolls sideways: ${widths.page.join(" > ")}`);
  const actions = await grid().locator("thead th.actions-cell").boundingBox();
  assert.ok(actions && actions.x + actions.width <= 1440, "the Actions header is on screen");
  const backend = await grid().locator('thead th[data-column="backend"]').boundingBox();
  assert.ok(backend && backend.x + backend.width <= actions.x + 1, "the Backend column is whole, left of Actions");
  await page.screenshot({ path: screenshotPath("run-grid-1440") });
});

test("sorted by test accuracy on the daemon, scrolled to the end with only the rows on screen in the DOM", async () => {
  await grid().locator('thead th[data-column="testAcc"] button').click();
  await page.waitForURL(/sort=testAcc/);
  const lowest = ids[0]!; // run 0: accuracy 0
  await grid().locator(`tbody tr[data-run-id]`).first().and(page.locator(`[data-run-id="${lowest}"]`)).waitFor({ timeout: 15_000 });
  await grid().locator('thead th[data-column="testAcc"] button').click();
  await page.waitForURL(/dir=desc/);
  const highest = ids.findIndex((_, n) => testAccOf(n) === (RUNS - 1) / RUNS);
  await page.locator(`[data-testid="all-runs"]:not(.stale) tbody tr[data-run-id]`).first().and(page.locator(`[data-run-id="${ids[highest]}"]`)).waitFor({ timeout: 15_000 });

  const scroller = page.getByTestId("run-grid-scroll");
  const started = Date.now();
  while ((await loaded()) < RUNS) {
    assert.ok(Date.now() - started < 40_000, `only ${await loaded()} runs loaded after 40 s of scrolling`);
    await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await page.waitForTimeout(100);
  }
  console.log(`# ${RUNS} runs loaded by scrolling in ${Date.now() - started} ms`);
  await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await page.locator(`tbody tr[data-run-id="${lowest}"]`).waitFor({ timeout: 5_000 });
  const rendered = await grid().locator("tbody tr[data-run-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run-id")));
  assert.ok(rendered.length < 200, `${rendered.length} rows in the DOM`);
  assert.equal(rendered.at(-1), lowest, "the least accurate run is last");
  const cells = await grid().locator(`tr[data-run-id="${lowest}"] td[data-column="testAcc"]`).innerText();
  assert.equal(cells, "0.0%");
  await page.screenshot({ path: screenshotPath("run-grid-bottom") });
});

test("the columns picked are in the URL and survive a reload, with the sort", async () => {
  const picker = page.getByTestId("column-picker");
  await picker.locator("summary").click();
  await picker.getByLabel("Seed").check();
  await picker.getByLabel("Backend").uncheck();
  const picked = (url: URL) => (url.searchParams.get("cols") ?? "").split(",");
  await page.waitForURL((url) => picked(url).includes("seed") && !picked(url).includes("backend"));
  // A click elsewhere closes the picker, as it does a menu.
  await page.locator("main").click({ position: { x: 4, y: 4 } });
  await page.locator('details[data-testid="column-picker"]:not([open])').waitFor({ timeout: 2_000 });
  assert.equal(new URL(page.url()).searchParams.get("sort"), "testAcc", "the sort stays");
  await page.reload();
  await page.locator(`[data-testid="all-runs"][data-total="${RUNS}"]:not(.stale)`).waitFor({ timeout: 20_000 });
  assert.equal(await grid().locator('thead th[data-column="seed"]').count(), 1);
  assert.equal(await grid().locator('thead th[data-column="backend"]').count(), 0);
  assert.equal(await grid().locator('thead th[data-column="testAcc"]').getAttribute("aria-sort"), "descending");
  const highest = ids.findIndex((_, n) => testAccOf(n) === (RUNS - 1) / RUNS);
  assert.equal(await grid().locator("tbody tr[data-run-id]").first().getAttribute("data-run-id"), ids[highest]);
  assert.equal(await grid().locator(`tbody tr[data-run-id="${ids[highest]}"] td[data-column="seed"]`).innerText(), String(highest % 5));
  await page.screenshot({ path: screenshotPath("run-grid-columns") });
});

test("filtered by a setting and a test-accuracy range under More filters, kept sorted, and cleared", async () => {
  const started = Date.now();
  // Seed 2 (n mod 5 = 2) and test accuracy from 50% to 60%, still sorted by test accuracy, descending.
  const matching = ids.map((id, n) => ({ id, n })).filter(({ n }) => n % 5 === 2 && testAccOf(n) >= 0.5 && testAccOf(n) <= 0.6);
  const best = matching.reduce((a, b) => (testAccOf(b.n) > testAccOf(a.n) ? b : a));
  await page.getByTestId("more-filters").locator(":scope > summary").click();
  await page.getByLabel("Filter by seed").fill("2");
  await page.getByLabel("Filter by seed").press("Enter");
  await page.getByLabel("Test acc. min").fill("50");
  await page.getByLabel("Test acc. max").fill("60");
  await page.getByLabel("Test acc. max").press("Enter");
  await page.waitForURL((url) => url.searchParams.get("seed") === "2" && url.searchParams.get("testAcc") === "50..60" && url.searchParams.get("sort") === "testAcc");
  await page.locator(`[data-testid="all-runs"][data-total="${matching.length}"]:not(.stale)`).waitFor({ timeout: 10_000 });
  assert.equal(await page.getByTestId("more-filters").locator(":scope > summary").innerText(), "More filters (2 set)");
  assert.equal(await grid().locator("tbody tr[data-run-id]").first().getAttribute("data-run-id"), best.id, "the most accurate match first");
  const shown = await grid()
    .locator("tbody tr[data-run-id]")
    .evaluateAll((rows) => rows.map((r) => [r.querySelector('[data-column="seed"]')?.textContent, r.querySelector('[data-column="testAcc"]')?.textContent]));
  assert.ok(shown.length > 5);
  for (const [seed, accuracy] of shown) {
    assert.equal(seed, "2");
    assert.ok(Number.parseFloat(accuracy!) >= 50 && Number.parseFloat(accuracy!) <= 60, `${accuracy} outside 50–60%`);
  }
  await page.screenshot({ path: screenshotPath("run-grid-filtered") });
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.locator(`[data-testid="all-runs"][data-total="${RUNS}"]:not(.stale)`).waitFor({ timeout: 10_000 });
  // The table answers at once; the URL follows (router.replace), so wait for it rather than read it.
  await page.waitForURL((url) => url.searchParams.get("seed") === null && url.searchParams.get("testAcc") === null);
  assert.equal(new URL(page.url()).searchParams.get("sort"), "testAcc", "clearing the filters keeps the sort");
  console.log(`# filtered, checked and cleared in ${Date.now() - started} ms`);
});

test("the experiment page's table has its own columns and the same filters, in its URL: statuses, seeds and modes narrow it on the daemon", async () => {
  await page.goto(`${stack.webUrl}/experiments/${experimentId}`);
  await page.locator(`[data-testid="all-runs"][data-total="${RUNS}"]:not(.stale)`).waitFor({ timeout: 20_000 });
  // Every row has this experiment and its owner: the settings that tell the runs apart are shown instead.
  const headers = await grid().locator("thead th[data-column]").evaluateAll((ths) => ths.map((th) => th.getAttribute("data-column")));
  assert.deepEqual(headers, ["name", "status", "progress", "mode", "init", "seed", "testAcc", "duration", "backend"]);
  // One experiment's table: no owner, preset or experiment to choose.
  assert.equal(await page.getByLabel("Filter by owner").count(), 0);
  assert.equal(await page.getByLabel("Filter by experiment").count(), 0);
  // Failed runs (n mod 4 = 1) of seed 2 or 4 (n mod 5 = 2 or 4): n mod 20 = 9 or 17.
  await page.locator('input[name="status"][value="failed"]').check();
  await page.getByTestId("more-filters").locator(":scope > summary").click();
  await page.getByLabel("Filter by seed").fill("2, 4");
  await page.getByLabel("Filter by seed").press("Enter");
  await page.waitForURL((url) => url.pathname === `/experiments/${experimentId}` && url.searchParams.get("status") === "failed" && url.searchParams.get("seed") === "2,4");
  const matching = ids.filter((_, n) => n % 20 === 9 || n % 20 === 17);
  await page.locator(`[data-testid="all-runs"][data-total="${matching.length}"]:not(.stale)`).waitFor({ timeout: 10_000 });
  const shown = await grid()
    .locator("tbody tr[data-run-id]")
    .evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-run-id"), r.querySelector('[data-column="status"]')?.textContent]));
  assert.ok(shown.length > 5);
  for (const [id, status] of shown) {
    assert.ok(matching.includes(id!), `${id} is not a failed seed-2 run`);
    assert.match(status!, /failed/);
  }
  // Modes ticked in the drop-down: every run here trains vanilla, so vanilla or l2 keeps them and l2 alone none.
  const modes = page.locator(".multi-choice").filter({ has: page.getByLabel("Filter by mode") });
  await modes.locator("summary").click();
  await modes.locator('input[value="vanilla"]').check();
  await modes.locator('input[value="l2"]').check();
  await page.waitForURL((url) => url.searchParams.get("mode") === "vanilla,l2");
  assert.equal(await modes.locator("summary").innerText(), "vanilla, l2");
  await page.locator(`[data-testid="all-runs"][data-total="${matching.length}"]:not(.stale)`).waitFor({ timeout: 10_000 });
  await page.screenshot({ path: screenshotPath("run-grid-experiment-filtered") });
  await modes.locator('input[value="vanilla"]').uncheck();
  await page.waitForURL((url) => url.searchParams.get("mode") === "l2");
  await page.getByText("No run of this experiment matches these filters.").waitFor({ timeout: 10_000 });
  await modes.locator('input[value="l2"]').uncheck();
  await page.waitForURL((url) => url.searchParams.get("mode") === null);
  // The drop-down closes as a menu does: on Escape, handing the focus back to it, and on a click elsewhere.
  await page.keyboard.press("Escape");
  await modes.locator("details:not([open])").waitFor({ timeout: 2_000 });
  assert.equal(await modes.locator("summary").evaluate((summary) => summary === document.activeElement), true);
  await modes.locator("summary").click();
  await modes.locator("details[open]").waitFor({ timeout: 2_000 });
  await page.locator("main").click({ position: { x: 4, y: 4 } });
  await modes.locator("details:not([open])").waitFor({ timeout: 2_000 });
  // The link keeps the view: a reload shows the same runs.
  await page.reload();
  await page.locator(`[data-testid="all-runs"][data-total="${matching.length}"]:not(.stale)`).waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('input[name="status"][value="failed"]').isChecked(), true);
});
