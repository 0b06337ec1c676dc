import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { launchChromium, screenshotPath } from "./browser.ts";
import { seedDatabase, type Seeded } from "./seed.ts";
import { freshDataDir, startStack, type Stack } from "./servers.ts";

let stack: Stack;
let seeded: Seeded;
let browser: Browser;

before(async () => {
  const dataDir = freshDataDir();
  seeded = await seedDatabase(dataDir, {}, [{ owner: "admin", preset: "r-sweep", title: "Polished sweep", runs: 30 }]);
  stack = await startStack({ dataDir, token: seeded.adminToken, concurrency: 0 });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A signed-in browser context (the token where the sign-in form would put it). */
async function signedIn(options: Parameters<Browser["newContext"]>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  await context.addInitScript((token) => localStorage.setItem("minima.token", token), stack.token);
  return { context, page: await context.newPage() };
}

const experimentPath = () => `/experiments/${seeded.experiments[0]!.id}`;
const runPath = () => `/runs/${seeded.experiments[0]!.runIds[0]!}`;
const firstRow = (page: Page) => page.locator('[data-testid="all-runs"] tbody tr[data-run-id]').first();

test("the header and the page's skeleton come first, in the server's HTML, and nothing private before the session", async () => {
  // The server's own HTML: brand, navigation and skeleton, no user and no sign-out.
  const html = await (await fetch(`${stack.webUrl}/`)).text();
  assert.match(html, /data-testid="app-header"/);
  assert.match(html, /data-testid="page-skeleton"/);
  assert.doesNotMatch(html, /Sign out|data-testid="user"/);

  // The daemon answers late: header and skeleton are on screen while every tRPC call waits.
  const { context, page } = await signedIn();
  const held: Route[] = [];
  let holding = true;
  await page.route("**/trpc/**", (route) => (holding ? held.push(route) : route.continue()));
  const asked = page.waitForRequest("**/trpc/**");
  await page.goto(`${stack.webUrl}/`);
  await page.getByTestId("app-header").getByRole("link", { name: "Machines" }).waitFor();
  await page.locator(".skeleton-line, .skeleton-cell").first().waitFor();
  await asked;
  assert.equal(await page.getByTestId("all-runs").count(), 0, "no content yet");
  await page.screenshot({ path: screenshotPath("polish-skeleton") });
  holding = false;
  for (const route of held.splice(0)) await route.continue();
  await firstRow(page).waitFor();
  await page.getByTestId("user").filter({ hasText: "admin" }).waitFor();
  // Every section's skeleton gives way to its content.
  await page.waitForFunction(() => document.querySelector(".skeleton-line, .skeleton-cell") === null, null, { timeout: 15_000 });
  // The scripts were asked for only once the header and skeleton were painted (scripts-after-paint.ts).
  const { paint, scripts } = await page.evaluate(() => ({
    paint: performance.getEntriesByName("first-contentful-paint")[0]!.startTime,
    scripts: performance
      .getEntriesByType("resource")
      .filter((entry) => (entry as PerformanceResourceTiming).initiatorType === "script" && new URL(entry.name).pathname.startsWith("/_next/static/"))
      .map((entry) => entry.startTime),
  }));
  assert.ok(scripts.length > 0);
  assert.ok(Math.min(...scripts) >= paint, `scripts asked for at ${Math.min(...scripts)} ms, before the first contentful paint at ${paint} ms`);
  await context.close();

  // Signed out: the sign-in page, never the dashboard.
  const anonymous = await browser.newPage();
  await anonymous.goto(`${stack.webUrl}${runPath()}`);
  await anonymous.waitForURL(/\/sign-in$/);
  await anonymous.getByLabel("Access token").waitFor();
  assert.equal(await anonymous.getByTestId("user").count(), 0);
  await anonymous.close();
});

test("dark mode follows the system: page, cards and charts' axes take the dark colours", async () => {
  const { context, page } = await signedIn({ colorScheme: "dark" });
  await page.goto(`${stack.webUrl}${runPath()}`);
  await page.locator(".run-page h1").waitFor();
  const colours = await page.evaluate(() => ({
    page: getComputedStyle(document.documentElement).backgroundColor,
    header: getComputedStyle(document.querySelector('[data-testid="app-header"]')!).backgroundColor,
    text: getComputedStyle(document.body).color,
  }));
  assert.deepEqual(colours, { page: "rgb(15, 18, 23)", header: "rgb(23, 27, 34)", text: "rgb(228, 231, 236)" });
  await page.screenshot({ path: screenshotPath("polish-dark-run"), fullPage: true });
  await page.goto(`${stack.webUrl}/`);
  await firstRow(page).waitFor();
  await page.screenshot({ path: screenshotPath("polish-dark-queue") });

  // The same page in the light scheme.
  await page.emulateMedia({ colorScheme: "light" });
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), "rgb(246, 247, 249)");
  await context.close();
});

test("at phone width (390 × 844) no page is wider than the screen", async () => {
  const { context, page } = await signedIn({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const pages = [
    { name: "queue", path: "/", ready: () => firstRow(page).waitFor() },
    { name: "experiment", path: experimentPath(), ready: () => firstRow(page).waitFor() },
    { name: "run", path: runPath(), ready: () => page.locator(".run-page h1").waitFor() },
  ];
  for (const { name, path, ready } of pages) {
    await page.goto(`${stack.webUrl}${path}`);
    await ready();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: screenshotPath(`polish-phone-${name}`) });
    assert.ok(width <= 390, `${name} page is ${width} px wide at 390 px`);
  }
  await context.close();
});

test("keyboard shortcuts: / searches, g q / g m / g c navigate, ? shows the help, Esc closes, typing is left alone", async () => {
  const { context, page } = await signedIn();
  await page.goto(`${stack.webUrl}${runPath()}`);
  await page.locator(".run-page h1").waitFor();

  await page.keyboard.press("?");
  const help = page.getByTestId("shortcuts-dialog");
  await help.waitFor();
  assert.match(await help.innerText(), /Go to the machines/);
  await page.screenshot({ path: screenshotPath("polish-shortcuts") });
  await page.keyboard.press("Escape");
  await help.waitFor({ state: "hidden" });

  await page.keyboard.press("g");
  await page.keyboard.press("c");
  await page.waitForURL(/\/compare$/);
  await page.keyboard.press("g");
  await page.keyboard.press("m");
  await page.waitForURL(/\/machines$/);
  // "/" on a page without a search box goes to the queue's.
  await page.keyboard.press("/");
  await page.waitForURL(`${stack.webUrl}/`);
  const search = page.getByRole("searchbox", { name: "Search runs" });
  await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Search runs");
  // Typing in the box is typing: "g m" stays in the box.
  await page.keyboard.type("gm");
  assert.equal(await search.inputValue(), "gm");
  assert.equal(new URL(page.url()).pathname, "/");
  await search.blur();
  await page.keyboard.press("g");
  await page.keyboard.press("m");
  await page.waitForURL(/\/machines$/);
  await page.keyboard.press("g");
  await page.keyboard.press("q");
  await page.waitForURL(`${stack.webUrl}/`);
  await context.close();
});
