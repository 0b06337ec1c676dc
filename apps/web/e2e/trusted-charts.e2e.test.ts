import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { insertMetrics, openDatabase } from "../../../packages/db/src/index.ts";
import { artifactsDir, launchChromium, screenshotPath } from "./browser.ts";
import { seedDatabase } from "./seed.ts";
import { freshDataDir, startStack, type Stack } from "./servers.ts";
import { daemonCall, signIn } from "./session.ts";

let stack: Stack;
let browser: Browser;
let page: Page;
let deepRunId: string;
const pageErrors: string[] = [];

const EPOCHS = 20;

/** Figure 1's run (d) drives its loss to about 1e-62: 20 epochs from 0.7 down to that, train and test. */
function deepLoss(): Parameters<typeof insertMetrics>[2] {
  const time = Date.now();
  return Array.from({ length: EPOCHS }, (_, i) => i + 1).flatMap((epoch) => {
    const loss = 0.7 * 10 ** ((-62 * (epoch - 1)) / (EPOCHS - 1));
    return [
      { phase: "train", epoch, step: epoch * 10, name: "train_loss", value: loss, time },
      { phase: "train", epoch, step: epoch * 10, name: "test_loss", value: loss * 3, time },
      { phase: "train", epoch, step: epoch * 10, name: "train_acc", value: 1, time },
      { phase: "train", epoch, step: epoch * 10, name: "test_acc", value: 0.5, time },
    ];
  });
}

before(async () => {
  const dataDir = freshDataDir();
  const seeded = await seedDatabase(dataDir, {}, [{ owner: "admin", preset: "figure1-toy", title: "Run (d)'s loss", runs: 1 }]);
  deepRunId = seeded.experiments[0]!.runIds[0]!;
  const database = await openDatabase({ dataDir });
  try {
    await insertMetrics(database.db, deepRunId, deepLoss());
  } finally {
    await database.close();
  }
  stack = await startStack({ dataDir, token: seeded.adminToken });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await signIn(page, stack, stack.token, "admin");
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test("a loss down to 1e-62 on a log scale draws at once, with decade ticks", async () => {
  await page.goto(`${stack.webUrl}/runs/${deepRunId}`);
  await page.locator(`[data-testid="curve"][data-points="${EPOCHS}"]`).waitFor();
  await page.locator('[data-testid="chart-loss"][data-ready="true"][data-log="false"]').waitFor();

  const clicked = Date.now();
  await page.getByLabel("Log-scale loss").check();
  // uPlot's own log ticks never finished for this range: the page froze, then the chart was gone.
  const ticks = page.locator('[data-testid="chart-loss"][data-log="true"][data-ready="true"] .uplot[data-y-ticks]');
  await ticks.waitFor({ timeout: 2_000 });
  const elapsed = Date.now() - clicked;
  const labels = (await ticks.getAttribute("data-y-ticks"))!.split(" ");
  await page.screenshot({ path: screenshotPath("log-loss-1e-62"), fullPage: true });

  assert.ok(elapsed < 2_000, `drawn ${elapsed} ms after the click`);
  assert.ok(labels.includes("10⁻⁶⁰") && labels.includes("1"), `decade ticks from 10⁻⁶⁰ to 1: ${labels.join(" ")}`);
  assert.ok(labels.length >= 3 && labels.length <= 12, `a readable number of ticks: ${labels.length}`);
  const canvas = page.locator('[data-testid="chart-loss"] canvas');
  assert.ok((await canvas.boundingBox())!.height > 100, "the chart is on the page");
  assert.deepEqual(pageErrors, [], "no page error");

  await page.getByLabel("Log-scale loss").uncheck();
  await page.locator('[data-testid="chart-loss"][data-log="false"][data-ready="true"]').waitFor({ timeout: 2_000 });
  assert.deepEqual(pageErrors, []);
});

/** Pixels in a rectangle of a PNG that are not near-white, counted in the browser (it decodes any PNG). */
async function inkIn(png: Buffer, box: { x: number; y: number; width: number; height: number }): Promise<number> {
  return page.evaluate(
    async ({ data, box }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext("2d")!;
      context.drawImage(image, 0, 0);
      const { data: rgba } = context.getImageData(box.x, box.y, box.width, box.height);
      let ink = 0;
      for (let i = 0; i < rgba.length; i += 4) if (rgba[i]! < 160 && rgba[i + 1]! < 160 && rgba[i + 2]! < 160) ink++;
      return ink;
    },
    { data: png.toString("base64"), box },
  );
}

test("Figure 1 downloads as PNG and SVG, every panel under its title", async () => {
  const { id } = await daemonCall<{ id: string }>(stack, stack.token, "experiments.create", { preset: "figure1-toy", options: { epochScale: 0.002 } }, "mutation");
  await page.goto(`${stack.webUrl}/experiments/${id}`);
  await page.locator('[data-testid="panel-a"][data-ready="true"]').waitFor({ timeout: 120_000 });
  await page.screenshot({ path: screenshotPath("figure1-export-bar"), fullPage: true });
  const bar = page.getByTestId("export-figure1");

  const [svgDownload] = await Promise.all([page.waitForEvent("download"), bar.getByRole("button", { name: "SVG", exact: true }).click()]);
  assert.match(svgDownload.suggestedFilename(), /^figure1-[0-9a-f]{8}\.svg$/);
  const svg = await readFile(await svgDownload.path(), "utf8");
  assert.match(svg, /<title>Figure 1 — decision boundaries of the toy example<\/title>/);
  assert.match(svg, /<g data-panel="\(a\) true labels">\n<text [^>]*>\(a\) true labels<\/text>\n<image [^>]*href="data:image\/png;base64,/);
  const panels = svg.match(/<g data-panel="[^"]*">\n<text [^>]*>[^<]+<\/text>/g) ?? [];
  assert.equal(panels.length, svg.match(/<g data-panel=/g)?.length, "every panel has a title");
  await writeFile(path.join(artifactsDir, "figure1.svg"), svg);

  const [pngDownload] = await Promise.all([page.waitForEvent("download"), bar.getByRole("button", { name: "PNG", exact: true }).click()]);
  assert.match(pngDownload.suggestedFilename(), /^figure1-[0-9a-f]{8}\.png$/);
  const png = await readFile(await pngDownload.path());
  await writeFile(path.join(artifactsDir, "figure1-export.png"), png);
  // The layout at device pixel ratio 1 (lib/figure-layout.ts): the first panel's title row is
  // y 64–80 (below the title and legend), its picture from y 83; the gap left of it is blank.
  assert.ok((await inkIn(png, { x: 16, y: 64, width: 300, height: 16 })) > 30, "panel (a)'s title is drawn above it");
  assert.equal(await inkIn(png, { x: 0, y: 64, width: 12, height: 16 }), 0, "the margin is blank");
  assert.deepEqual(pageErrors, []);
});
