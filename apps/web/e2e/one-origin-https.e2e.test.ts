// The dashboard as a team reaches it: on the machine's network address over HTTPS, the daemon
// behind it on loopback. The browser talks to that one origin only, live updates included (wss).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { networkAddress, selfSignedCertificate } from "../../daemon/test/self-signed.ts";
import { launchChromium, screenshotPath } from "./browser.ts";
import { startStack, type Stack } from "./servers.ts";
import { daemonCall, signIn } from "./session.ts";

interface Run {
  id: string;
  key: string;
  status: string;
  error: string | null;
}

const certDir = mkdtempSync(path.join(tmpdir(), "minima-e2e-tls-"));
let stack: Stack;
let browser: Browser;
let page: Page;
/** Every URL the page asked for (requests and WebSockets), and every CSP violation it reported. */
const requested: string[] = [];
const violations: string[] = [];
const framesSent: string[] = [];
let framesReceived = 0;

before(async () => {
  const address = networkAddress();
  const certificate = selfSignedCertificate(certDir, [address]);
  stack = await startStack({ webHost: address, tls: certificate });
  browser = await launchChromium([`--ignore-certificate-errors-spki-list=${certificate.spkiSha256}`]);
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page.on("request", (request) => requested.push(request.url()));
  page.on("websocket", (socket) => {
    requested.push(socket.url());
    socket.on("framesent", ({ payload }) => framesSent.push(String(payload)));
    socket.on("framereceived", () => (framesReceived += 1));
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
  });
  // Reported by the page itself too: a console message could be worded differently in another Chromium.
  await page.exposeFunction("reportCspViolation", (line: string) => violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      void (window as unknown as { reportCspViolation(line: string): Promise<void> }).reportCspViolation(`${event.violatedDirective}: ${event.blockedURI}`);
    });
  });
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

test("over HTTPS on the network address: sign in, watch a run train over wss, download its artifact, all on one origin", async () => {
  const origin = new URL(stack.webUrl).origin;
  assert.equal(new URL(origin).hostname, networkAddress());
  assert.equal(new URL(origin).protocol, "https:");

  const signInPage = await page.goto(`${stack.webUrl}/sign-in`);
  const headers = signInPage!.headers();
  assert.match(headers["content-security-policy"] ?? "", /connect-src 'self'/);
  assert.match(headers["content-security-policy"] ?? "", /frame-ancestors 'none'/);
  assert.equal(headers["strict-transport-security"], "max-age=31536000");
  assert.equal(headers["x-content-type-options"], "nosniff");
  assert.equal(headers["x-frame-options"], "DENY");
  assert.equal(headers["referrer-policy"], "no-referrer");
  assert.equal(headers["cross-origin-opener-policy"], "same-origin");
  assert.match(headers["permissions-policy"] ?? "", /camera=\(\)/);
  await signIn(page, stack, stack.token, "admin");

  // Figure 1's toy at 1% of its epochs: run (a) trains 10 epochs in seconds. Its page is open
  // before it starts, so every epoch it shows arrived over the live connection.
  const call = <T>(procedure: string, input: unknown, kind?: "query" | "mutation") => daemonCall<T>(stack, stack.token, procedure, input, kind);
  const { id } = await call<{ id: string }>("experiments.create", { preset: "figure1-toy", options: { epochScale: 0.01 } }, "mutation");
  const { runs } = await call<{ runs: Run[] }>("experiments.get", { id });
  const runA = runs.find((r) => r.key === "a")!;
  await page.goto(`${stack.webUrl}/runs/${runA.id}`);
  await page.locator('[data-testid="curve"][data-points="10"]').waitFor({ timeout: 120_000 });
  await page.locator('main .status[data-status="succeeded"]').first().waitFor({ timeout: 30_000 });
  await call("experiments.cancel", { id }, "mutation");
  const sockets = requested.filter((url) => url.startsWith("wss:"));
  assert.ok(sockets.length > 0, `the page opened a WebSocket: ${JSON.stringify(requested)}`);
  assert.ok(sockets.every((url) => new URL(url).host === new URL(origin).host && new URL(url).pathname === "/trpc"), `WebSockets go to this origin's /trpc: ${JSON.stringify(sockets)}`);
  assert.ok(framesSent.some((frame) => frame.includes("runs.onMetrics")), "the run page subscribed to the run's metrics");
  assert.ok(framesReceived > 0, "the daemon's updates came back through the proxy");

  const row = page.locator('[data-testid="artifacts"] tr[data-artifact="boundary"]');
  await row.waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("button", { name: "Download boundary" }).click()]);
  const bytes = await readFile(await download.path());
  assert.ok(bytes.length > 0);
  assert.doesNotThrow(() => JSON.parse(bytes.toString("utf8")) as unknown);

  // The other pages, figures drawn: none of them breaks the Content-Security-Policy either.
  await page.goto(`${stack.webUrl}/experiments/${id}`);
  await page.locator('[data-ready="true"]').first().waitFor({ timeout: 30_000 });
  await page.goto(`${stack.webUrl}/`);
  await page.getByTestId("all-runs").waitFor();
  await page.screenshot({ path: screenshotPath("one-origin-https") });

  const elsewhere = requested.filter((url) => !url.startsWith("data:") && !url.startsWith("blob:") && new URL(url).host !== new URL(origin).host);
  assert.deepEqual(elsewhere, [], "the page asked nothing of any other origin");
  assert.ok(requested.some((url) => url.startsWith(`${origin}/trpc/`)), "tRPC over HTTP went to this origin");
  assert.deepEqual(violations, [], "no Content-Security-Policy violation");
});
