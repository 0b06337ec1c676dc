import assert from "node:assert/strict";
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
  page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  await signIn(page, stack, stack.token, "admin");
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const call = <T>(procedure: string, input: unknown, kind?: "query" | "mutation") => daemonCall<T>(stack, stack.token, procedure, input, kind);

async function waitForStatus(runId: string, status: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await call<{ status: string }>("runs.get", { id: runId });
    if (run.status === status) return;
    if (Date.now() > deadline) throw new Error(`run ${runId} is ${run.status}, not ${status}, after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test("the Machines view on a CPU host: the host's memory, the training run's worker with its memory, charts growing live", async () => {
  // (b) of Figure 1's toy at the paper's scale trains 100,000 epochs (over a minute even on a quiet
  // machine), so its worker is still there when the run page is opened; it is cancelled at the end.
  const { id } = await call<{ id: string }>("experiments.create", { preset: "figure1-toy", options: { epochScale: 1 } }, "mutation");
  const { runs } = await call<{ runs: Array<{ id: string; key: string }> }>("experiments.get", { id });
  const b = runs.find((r) => r.key === "b")!;
  await waitForStatus(b.id, "running", 60_000);

  await page.goto(`${stack.webUrl}/`);
  await page.getByRole("navigation").getByRole("link", { name: "Machines" }).click();
  await page.waitForURL(/\/machines$/);

  // The host: memory as this CPU host's /proc/meminfo says, one CPU device.
  const memory = page.getByTestId("host-memory");
  await memory.waitFor();
  assert.match(await memory.innerText(), /^[\d.]+ [MG]iB of [\d.]+ [MG]iB in use \(\d+%\)$/);
  assert.equal(await page.getByTestId("device").count(), 1);
  assert.equal(await page.getByTestId("device").getAttribute("data-device"), "cpu-cpu");

  // (b)'s worker, listed on the CPU with a link to the run and its resident memory once sampled.
  const row = page.locator(`[data-testid="machine-run"][data-run-id="${b.id}"]`);
  await row.locator('[data-testid="worker-rss"]', { hasText: /\d (MiB|GiB)$/ }).waitFor({ timeout: 20_000 });
  assert.equal(await row.getByRole("link").getAttribute("href"), `/runs/${b.id}`);
  const rss = await row.getByTestId("worker-rss").innerText();
  assert.ok(/GiB$/.test(rss) || Number(rss.split(" ")[0]) >= 20, `a Node process with tfjs holds more than ${rss}`);

  // The chart grows as the daemon sends samples, without a reload.
  const charts = page.getByTestId("machine-charts");
  await page.locator('[data-testid="chart-host"][data-ready="true"]').waitFor();
  const before = Number(await charts.getAttribute("data-samples"));
  assert.ok(before >= 1, "the samples kept so far came first");
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="machine-charts"]')?.getAttribute("data-samples")) > n, before, { timeout: 15_000 });
  await page.screenshot({ path: screenshotPath("machines-cpu-host"), fullPage: true });

  // The run page says where its worker is and what it holds, while it runs.
  await row.getByRole("link").click();
  await page.waitForURL(new RegExp(`/runs/${b.id}$`));
  const worker = page.getByTestId("run-worker-memory");
  await worker.waitFor({ timeout: 15_000 });
  assert.match(await worker.innerText(), /^[\d.]+ [MG]iB resident$/);
  assert.match(await page.getByTestId("run-worker").innerText(), /CPU \(.+\) on /);
  await page.screenshot({ path: screenshotPath("machines-run-worker") });
  await call("runs.cancel", { id: b.id }, "mutation").catch(() => undefined);
});
