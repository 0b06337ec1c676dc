import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { ensureAdmin, migrateDatabase, openDatabase } from "../../../packages/db/src/index.ts";
import { launchChromium, screenshotPath } from "./browser.ts";
import { freshDataDir, startStack, type Stack } from "./servers.ts";
import { daemonCall, signIn } from "./session.ts";

let stack: Stack;
let browser: Browser;
let page: Page;

/** Another daemon on the same database, as its last report of its host left it: a GPU box training nothing. */
const OTHER_HOST = {
  host: { hostname: "gpu-box-2", platform: "linux-x64", cpus: 64, cpuModel: "AMD EPYC 9354" },
  latest: {
    time: Date.now(),
    cpuPercent: 12,
    load1: 0.5,
    memoryTotalBytes: 512 * 2 ** 30,
    memoryUsedBytes: 64 * 2 ** 30,
    gpus: [{ id: "0", name: "NVIDIA H100 80GB HBM3", utilizationPercent: 0, memoryUsedMb: 4, memoryTotalMb: 81_559, temperatureC: 29 }],
    workers: [],
  },
};

/** A fresh database with an admin and the other daemon's row (plain SQL: every value here is the test's own). */
async function seedOtherDaemon(dataDir: string): Promise<string> {
  const database = await openDatabase({ dataDir });
  try {
    await migrateDatabase(database);
    const admin = (await ensureAdmin(database.db))!;
    await database.db.execute(
      `insert into daemons (id, host, pid, url, machine) values ('gpu-box-2:/srv/minima', 'gpu-box-2', 4242, 'https://gpu-box-2:4000', '${JSON.stringify(OTHER_HOST)}'::jsonb)`,
    );
    // A daemon killed with -9 ten minutes ago: registered, reported, then silent.
    await database.db.execute(
      `insert into daemons (id, host, pid, url, machine, heartbeat_at) values ('gpu-box-3:/srv/minima', 'gpu-box-3', 4343, 'https://gpu-box-3:4000', '${JSON.stringify(OTHER_HOST)}'::jsonb, now() - interval '10 minutes')`,
    );
    return admin.token;
  } finally {
    await database.close();
  }
}

before(async () => {
  const dataDir = freshDataDir();
  stack = await startStack({ dataDir, token: await seedOtherDaemon(dataDir) });
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
  const memory = page.getByTestId("host").getByTestId("host-memory");
  await memory.waitFor();
  assert.match(await memory.innerText(), /^[\d.]+ [MG]iB of [\d.]+ [MG]iB in use \(\d+%\)$/);
  const here = page.getByTestId("host");
  assert.equal(await here.getByTestId("device").count(), 1);
  assert.equal(await here.getByTestId("device").getAttribute("data-device"), "cpu-cpu");

  // The other daemon's host, as it last reported it through the database.
  const other = page.locator('[data-testid="other-daemon"][data-host="gpu-box-2"]');
  assert.match(await other.getByTestId("host-memory").innerText(), /^64 GiB of 512 GiB in use \(13%\)$/);
  assert.match(await other.getByTestId("device").innerText(), /GPU 0\s+NVIDIA H100 80GB HBM3[\s\S]*0% busy · memory 4\.0 MiB of 80 GiB/);
  // The one killed ten minutes ago: down, listed after it, without its stale report.
  const killed = page.locator('[data-testid="other-daemon"][data-host="gpu-box-3"]');
  assert.equal(await killed.getAttribute("data-down"), "true");
  assert.match(await killed.getByTestId("daemon-down").innerText(), /^Not heard from for 10 min \d\d s \(last heard .+\): it stopped without saying so/);
  assert.equal(await killed.getByTestId("host-memory").count(), 0);
  assert.deepEqual(await page.getByTestId("other-daemon").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-host"))), ["gpu-box-2", "gpu-box-3"]);

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
