import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, screenshotPath } from "./browser.ts";
import { startStack, type Stack } from "./servers.ts";

let stack: Stack;
let browser: Browser;
let page: Page;

before(async () => {
  stack = await startStack();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

async function runStatus(runId: string): Promise<string> {
  const response = await fetch(`${stack.daemonUrl}/trpc/runs.get?input=${encodeURIComponent(JSON.stringify({ id: runId }))}`, {
    headers: { authorization: `Bearer ${stack.token}` },
  });
  return ((await response.json()) as { result: { data: { status: string } } }).result.data.status;
}

async function curvePoints(): Promise<number> {
  return Number(await page.getByTestId("curve").getAttribute("data-points"));
}

test("queue Figure 1's toy from the dashboard, watch (b)'s curve grow live, see the four panels", async () => {
  await page.goto(`${stack.webUrl}/`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel("Access token").fill("mnm_not-a-real-token");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "did not accept that token" }).waitFor();

  await page.getByLabel("Access token").fill(stack.token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("user").filter({ hasText: "admin" }).waitFor();
  await page.getByTestId("empty-queue").waitFor();
  await page.screenshot({ path: screenshotPath("queue-empty") });

  await page.getByLabel("Epoch scale").fill("0.005");
  // A name and tags given with the plan; a bad tag is caught before anything is queued.
  await page.getByLabel("Name", { exact: true }).fill("Toy from the form");
  await page.getByLabel(/^Tags/).fill("From-Form, not_a_slug");
  await page.getByText('The tag "not_a_slug" is not a slug').waitFor();
  await page.getByLabel(/^Tags/).fill("From-Form, toy");
  await page.getByRole("button", { name: "Queue" }).click();
  await page.waitForURL(/\/experiments\/[0-9a-f-]{36}$/);
  const experimentUrl = page.url();
  await page.getByRole("heading", { level: 1, name: "Toy from the form" }).waitFor();
  assert.deepEqual(await page.getByRole("list", { name: "Tags" }).first().locator("[data-tag]").evaluateAll((chips) => chips.map((c) => c.getAttribute("data-tag"))), ["from-form", "toy"]);

  // The runs table names the run by its full title (the figure caption links to it too, shorter).
  const bLink = page.getByRole("link", { name: "(b) random labels, random init", exact: true });
  const bHref = await bLink.getAttribute("href");
  const bId = bHref!.split("/").pop()!;
  await bLink.click();
  await page.waitForURL(new RegExp(`/runs/${bId}$`));

  await page.waitForFunction(() => Number(document.querySelector('[data-testid="curve"]')?.getAttribute("data-points")) > 0, null, {
    timeout: 60_000,
  });
  const first = await curvePoints();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="curve"]')?.getAttribute("data-points")) > n, first, {
    timeout: 30_000,
  });
  const second = await curvePoints();
  assert.equal(await runStatus(bId), "running", "the curve grew while (b) was still training, without a reload");
  assert.ok(second > first);
  await page.screenshot({ path: screenshotPath("run-b-live") });

  await page.goto(experimentUrl);
  for (const key of ["a", "b", "c", "d"]) {
    await page.locator(`[data-testid="panel-${key}"][data-ready="true"]`).waitFor({ timeout: 180_000 });
  }
  // Each panel is a drawn image, not a blank canvas: it holds both the blue and the pink side.
  for (const key of ["a", "b", "c", "d"]) {
    const colours = await page.getByTestId(`panel-${key}`).evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
      let blue = 0;
      let pink = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 2]! > 200 && data[i]! < 160) blue++;
        if (data[i]! > 230 && data[i + 1]! < 200 && data[i + 2]! < 215) pink++;
      }
      return { blue, pink };
    });
    assert.ok(colours.blue > 100 && colours.pink > 100, `panel ${key} shows both classes' regions: ${JSON.stringify(colours)}`);
  }
  await page.screenshot({ path: screenshotPath("figure1-panels"), fullPage: true });
});
