import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchChromium, screenshotPath } from "./browser.ts";
import { seedDatabase, type Seeded } from "./seed.ts";
import { freshDataDir, startStack, type Stack } from "./servers.ts";
import { daemonCall, signIn } from "./session.ts";

let stack: Stack;
let seeded: Seeded;
let browser: Browser;

// Run 3 of each experiment is paused (see seed.ts): a run a member could cancel, were it theirs.
const PAUSED = 3;
const CONTROLS = /^(Cancel|Pause|Resume|Retry)$/;

before(async () => {
  const dataDir = freshDataDir();
  seeded = await seedDatabase(dataDir, { vera: "viewer", alice: "member", bob: "member" }, [
    { owner: "alice", preset: "norms", title: "Alice's norms", runs: 10 },
    { owner: "bob", preset: "r-sweep", title: "Bob's sweep", runs: 10 },
  ]);
  stack = await startStack({ dataDir, token: seeded.adminToken });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const alices = () => seeded.experiments[0]!;
const bobs = () => seeded.experiments[1]!;

test("a viewer watches: no new-experiment form, no run controls in the queue or on a run page", async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  await signIn(page, stack, seeded.tokens.vera!, "vera");
  await page.locator('[data-testid="all-runs"][data-loaded="20"]').waitFor();
  await page.getByText("Viewers can watch but not queue").waitFor();
  assert.equal(await page.locator("#preset").count(), 0, "no preset picker");
  assert.equal(await page.getByRole("button", { name: "Queue" }).count(), 0, "no queue button");
  assert.equal(await page.getByRole("button", { name: CONTROLS }).count(), 0, "no run controls in the table");
  await page.screenshot({ path: screenshotPath("roles-viewer-queue"), fullPage: true });

  await page.goto(`${stack.webUrl}/runs/${alices().runIds[PAUSED]}`);
  await page.locator('.page-header [data-status="paused"]').waitFor();
  assert.equal(await page.getByRole("button", { name: CONTROLS }).count(), 0, "no run controls on the run page");
  await page.close();
});

test("a member cancels their own run and experiment, and is offered no control over another member's", async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  await signIn(page, stack, seeded.tokens.alice!, "alice");
  await page.locator('[data-testid="all-runs"][data-loaded="20"]').waitFor();
  assert.equal(await page.locator("#preset").count(), 1, "members get the new-experiment form");

  const own = page.locator(`[data-testid="all-runs"] tr[data-run-id="${alices().runIds[PAUSED]}"]`);
  const others = page.locator(`[data-testid="all-runs"] tr[data-run-id="${bobs().runIds[PAUSED]}"]`);
  assert.equal(await own.getAttribute("data-status"), "paused");
  assert.equal(await others.getAttribute("data-status"), "paused");
  assert.deepEqual(await own.getByRole("button").allInnerTexts(), ["Resume", "Cancel"]);
  assert.equal(await others.getByRole("button").count(), 0, "nothing to press on bob's run");
  // Only alice's experiment's runs have controls at all.
  const controlled = await page
    .locator('[data-testid="all-runs"] tbody tr')
    .evaluateAll((rows) => rows.filter((r) => r.querySelector("button")).map((r) => r.getAttribute("data-owner")));
  assert.ok(controlled.length > 0 && controlled.every((owner) => owner === "alice"), JSON.stringify(controlled));
  await page.screenshot({ path: screenshotPath("roles-member-queue"), fullPage: true });

  await own.getByRole("button", { name: "Cancel" }).click();
  await page.locator(`[data-testid="all-runs"] tr[data-run-id="${alices().runIds[PAUSED]}"][data-status="cancelled"]`).waitFor();
  assert.equal((await daemonCall<{ status: string }>(stack, seeded.adminToken, "runs.get", { id: alices().runIds[PAUSED] })).status, "cancelled");

  await page.goto(`${stack.webUrl}/runs/${bobs().runIds[PAUSED]}`);
  await page.locator('.page-header [data-status="paused"]').waitFor();
  assert.equal(await page.locator(".page-header").getByRole("button", { name: CONTROLS }).count(), 0, "no controls on bob's run page");

  // Her whole experiment: the unfinished runs left (one paused, two blocked) are cancelled at once; bob's offers no such button.
  await page.goto(`${stack.webUrl}/experiments/${bobs().id}`);
  await page.locator("table.runs tr[data-run-id]").first().waitFor();
  assert.equal(await page.getByRole("button", { name: "Cancel experiment" }).count(), 0);
  await page.goto(`${stack.webUrl}/experiments/${alices().id}`);
  await page.getByRole("button", { name: "Cancel experiment" }).click();
  await page.getByText("Cancel its 3 unfinished runs?").waitFor();
  await page.getByRole("button", { name: "Yes, cancel them" }).click();
  await page.getByRole("status").filter({ hasText: "Cancelled 3 runs." }).waitFor();
  const { runs } = await daemonCall<{ runs: { status: string }[] }>(stack, seeded.adminToken, "experiments.get", { id: alices().id });
  assert.equal(runs.filter((r) => ["paused", "blocked", "queued", "running"].includes(r.status)).length, 0);
  await page.screenshot({ path: screenshotPath("roles-member-cancelled-experiment") });
  await page.close();
});
