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

interface Run {
  id: string;
  key: string;
  status: string;
  error: string | null;
}
interface Artifact {
  name: string;
  size: number;
}

let runA: Run;
let runB: Run;

// Figure 1's toy at 1% of its epochs: run (a) trains 10 epochs in seconds, (b) far longer.
before(async () => {
  stack = await startStack();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const call = <T>(procedure: string, input: unknown, kind?: "query" | "mutation") => daemonCall<T>(stack, stack.token, procedure, input, kind);
  const { id } = await call<{ id: string }>("experiments.create", { preset: "figure1-toy", options: { epochScale: 0.01 } }, "mutation");
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { runs } = await call<{ runs: Run[] }>("experiments.get", { id });
    runA = runs.find((r) => r.key === "a")!;
    runB = runs.find((r) => r.key === "b")!;
    if (runA.status === "succeeded") break;
    if (["failed", "cancelled", "blocked"].includes(runA.status) || Date.now() > deadline) assert.fail(`run (a) did not succeed: ${runA.status} ${runA.error ?? ""}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  // The rest is not needed: stop it so it does not slow the browser down.
  await call("experiments.cancel", { id }, "mutation");
  await signIn(page, stack, stack.token, "admin");
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test("a finished run's page: its curve, drag-to-zoom and back, a log-scale loss, its log", async () => {
  await page.goto(`${stack.webUrl}/runs/${runA.id}`);
  await page.locator('[data-testid="curve"][data-points="10"]').waitFor();
  const accuracy = page.getByTestId("chart-accuracy");
  await page.locator('[data-testid="chart-accuracy"][data-ready="true"]').waitFor();
  assert.equal(await accuracy.getAttribute("data-zoomed"), "false");

  // Drag across the middle of the plot: uPlot zooms the epoch axis to the selection.
  const plot = await accuracy.locator(".u-over").boundingBox();
  assert.ok(plot);
  await page.mouse.move(plot.x + plot.width * 0.3, plot.y + plot.height / 2);
  await page.mouse.down();
  await page.mouse.move(plot.x + plot.width * 0.6, plot.y + plot.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.locator('[data-testid="chart-accuracy"][data-zoomed="true"]').waitFor();
  await page.screenshot({ path: screenshotPath("run-zoomed") });
  await accuracy.getByRole("button", { name: "Reset zoom" }).click();
  await page.locator('[data-testid="chart-accuracy"][data-zoomed="false"]').waitFor();

  const loss = page.getByTestId("chart-loss");
  assert.equal(await loss.getAttribute("data-log"), "false");
  await page.getByLabel("Log-scale loss").check();
  await page.locator('[data-testid="chart-loss"][data-log="true"][data-ready="true"]').waitFor();

  // The log holds what the daemon did with the run, oldest first.
  const log = page.getByTestId("run-logs");
  await log.waitFor();
  assert.ok(Number(await log.getAttribute("data-lines")) > 0);
  assert.ok((await log.locator(".log-daemon").count()) > 0, "the daemon's own lines are there");
  await page.screenshot({ path: screenshotPath("run-page-log-scale"), fullPage: true });
});

test("an artifact downloads with the token, byte for byte", async () => {
  const listed = await daemonCall<Artifact[]>(stack, stack.token, "runs.artifacts", { id: runA.id });
  const boundary = listed.find((a) => a.name === "boundary");
  assert.ok(boundary, `run (a) stored its boundary: ${JSON.stringify(listed)}`);
  await page.goto(`${stack.webUrl}/runs/${runA.id}`);
  const row = page.locator('[data-testid="artifacts"] tr[data-artifact="boundary"]');
  await row.waitFor();
  assert.equal(await page.locator('[data-testid="artifacts"] tbody tr').count(), listed.length);
  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("button", { name: "Download boundary" }).click()]);
  assert.equal(download.suggestedFilename(), "boundary.json", "a JSON artifact is saved with its extension");
  const bytes = await readFile(await download.path());
  assert.equal(bytes.length, boundary.size);
  assert.doesNotThrow(() => JSON.parse(bytes.toString("utf8")) as unknown);
});

test("another run's curves are drawn beside this one's from ?compare=, and dropped from the picker", async () => {
  await page.goto(`${stack.webUrl}/runs/${runA.id}?compare=${runB.id}`);
  await page.locator('[data-testid="curve"][data-compared="1"]').waitFor();
  const pick = page.locator(".compare-picker").getByRole("checkbox", { name: /^\(b\) random labels, random init/ });
  assert.equal(await pick.isChecked(), true);
  await page.screenshot({ path: screenshotPath("run-compared"), fullPage: true });
  await pick.uncheck();
  await page.waitForURL((url) => !url.search.includes("compare"));
  await page.locator('[data-testid="curve"][data-compared="0"]').waitFor();
});
