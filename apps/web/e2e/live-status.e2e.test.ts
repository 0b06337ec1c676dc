import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, screenshotPath } from "./browser.ts";
import { startStack, type Stack } from "./servers.ts";
import { daemonCall, signIn } from "./session.ts";

let stack: Stack;
let browser: Browser;
let page: Page;

// A daemon that trains nothing: every status change below is one the test makes.
before(async () => {
  stack = await startStack({ concurrency: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await signIn(page, stack, stack.token, "admin");
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const call = <T>(procedure: string, input: unknown, kind?: "query" | "mutation") => daemonCall<T>(stack, stack.token, procedure, input, kind);
const badge = () => page.locator("main .status").first();

for (const signal of ["SIGKILL", "SIGTERM"] as const) {
  test(`a run page open across a daemon restart (${signal}) shows the next status change without a reload`, async () => {
    const { id } = await call<{ id: string }>("experiments.create", { preset: "figure1-toy", options: { epochScale: 0.01 } }, "mutation");
    const { runs } = await call<{ runs: Array<{ id: string; key: string }> }>("experiments.get", { id });
    const run = runs.find((r) => r.key === "a")!;
    await page.goto(`${stack.webUrl}/runs/${run.id}`);
    await page.locator('main .status[data-status="queued"]').first().waitFor();

    // Several changes before the restart, so a per-process event counter would be ahead of the new daemon's.
    for (let i = 0; i < 3; i++) {
      await call("runs.pause", { id: run.id }, "mutation");
      await page.locator('main .status[data-status="paused"]').first().waitFor();
      await call("runs.resume", { id: run.id }, "mutation");
      await page.locator('main .status[data-status="queued"]').first().waitFor();
    }
    await stack.restartDaemon(signal);
    await call("runs.pause", { id: run.id }, "mutation");
    await page.locator('main .status[data-status="paused"]').first().waitFor({ timeout: 30_000 });
    // Once the live connection is back, the next change arrives over it.
    await page.getByText("Reconnecting to the daemon").waitFor({ state: "hidden", timeout: 30_000 });
    await call("runs.resume", { id: run.id }, "mutation");
    await page.locator('main .status[data-status="queued"]').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: screenshotPath(`live-status-after-${signal}`) });
    assert.equal(await badge().textContent(), "queued");
  });
}
