// `npx pnpm --filter @minima/web dev` runs `serve.mjs --dev`: Next's development server behind the
// dashboard's own server, so whoever works on the dashboard sees it against a real daemon, /trpc
// (HTTP and WebSocket) forwarded as in production, with hot reload's socket reaching Next.
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser } from "playwright-core";
import { launchChromium, screenshotPath } from "./browser.ts";
import { seedDatabase, type Seeded } from "./seed.ts";
import { freshDataDir, startStack, type Stack } from "./servers.ts";

const buildId = path.resolve(import.meta.dirname, "../.next/BUILD_ID");
const build = { id: readFileSync(buildId, "utf8"), mtimeMs: statSync(buildId).mtimeMs };

let stack: Stack;
let seeded: Seeded;
let browser: Browser;

before(async () => {
  const dataDir = freshDataDir();
  seeded = await seedDatabase(dataDir, {}, [{ owner: "admin", preset: "r-sweep", title: "Sweep seen in development", runs: 5 }]);
  stack = await startStack({ dataDir, token: seeded.adminToken, concurrency: 0, dev: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test("the development server shows the queue from the daemon, hot reload connected, nothing refused by the page's policy, the build untouched", async () => {
  const html = await (await fetch(`${stack.webUrl}/`)).text();
  assert.match(html, /data-testid="app-header"/);
  assert.doesNotMatch(html, /__minimaScripts/, "development pages go out as Next writes them");

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((token) => localStorage.setItem("minima.token", token), stack.token);
  // What the page's Content-Security-Policy refused.
  await context.addInitScript(() => {
    const refused: string[] = ((window as unknown as { __refused: string[] }).__refused = []);
    document.addEventListener("securitypolicyviolation", (event) => refused.push(`${event.violatedDirective}: ${event.blockedURI}`));
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  // Each WebSocket's path and the messages it received, from its first.
  const sockets: Array<{ path: string; received: string[] }> = [];
  page.on("websocket", (socket) => {
    const received: string[] = [];
    sockets.push({ path: new URL(socket.url()).pathname, received });
    socket.on("framereceived", (frame) => received.push(String(frame.payload)));
  });

  await page.goto(`${stack.webUrl}/`);
  const hotReloadConnected = () => sockets.some((s) => s.path.startsWith("/_next/") && s.received.some((message) => message.includes('"turbopack-connected"')));
  for (let waited = 0; !hotReloadConnected() && waited < 60_000; waited += 100) await sleep(100);
  assert.ok(hotReloadConnected(), `Next's hot-reload socket answered through the dashboard's server: ${JSON.stringify(sockets)}`);
  const rows = page.locator('[data-testid="all-runs"] tbody tr[data-run-id]');
  await rows.first().waitFor({ timeout: 60_000 });
  assert.equal(await rows.count(), 5);
  await page.getByTestId("user").filter({ hasText: "admin" }).waitFor();
  assert.ok(
    sockets.some((socket) => socket.path === "/trpc"),
    `the live updates' WebSocket went to the page's origin: ${sockets.map((s) => s.path).join(", ")}`,
  );
  await page.screenshot({ path: screenshotPath("dev-server-queue") });
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __refused: string[] }).__refused), [], "nothing the development build does is refused by the page's Content-Security-Policy");
  assert.deepEqual(
    problems.filter((text) => /content.security.policy|unsafe-eval|EvalError|Refused to/i.test(text)),
    [],
    "and the console says nothing about it",
  );
  await context.close();

  assert.deepEqual({ id: readFileSync(buildId, "utf8"), mtimeMs: statSync(buildId).mtimeMs }, build, "the production build is left as it was (Next develops in .next/dev)");
});
