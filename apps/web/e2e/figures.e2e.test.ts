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

// The measurement presets at their smallest (as apps/daemon/src/results/measures.test.ts runs
// them): the cpu protocol on a small synthetic set, one seed, one epoch a phase. norms and fgsm
// share their trained runs (the second reuses what the first finished).
const MINIATURE = { profile: "cpu", dataset: "synthetic", model: "small-cnn", seeds: 1, epochs: 1, pretrainEpochs: 1, trainSubset: 64, testSubset: 32 };
const PLANS = {
  "r-sweep": { ...MINIATURE, rValues: "1,2,4" },
  norms: { ...MINIATURE, replicas: 1 },
  fgsm: { ...MINIATURE, replicas: 1, epsilonStep: 0.1, epsilonMax: 0.3 },
};
const experiment: Record<string, string> = {};

interface Run {
  key: string;
  status: string;
  error: string | null;
}

async function finished(preset: keyof typeof PLANS, options: Record<string, unknown>): Promise<string> {
  const call = <T>(procedure: string, input: unknown, kind?: "query" | "mutation") => daemonCall<T>(stack, stack.token, procedure, input, kind);
  const { id } = await call<{ id: string }>("experiments.create", { preset, options }, "mutation");
  const deadline = Date.now() + 300_000;
  for (;;) {
    const { runs } = await call<{ runs: Run[] }>("experiments.get", { id });
    const stuck = runs.filter((r) => ["failed", "cancelled", "blocked"].includes(r.status));
    if (stuck.length > 0 || Date.now() > deadline) assert.fail(`${preset} did not finish: ${JSON.stringify(runs.map((r) => [r.key, r.status, r.error]))}`);
    if (runs.every((r) => r.status === "succeeded")) return id;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

before(async () => {
  stack = await startStack();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
  // One after the other, so norms' finished runs are there for fgsm to reuse.
  for (const [preset, options] of Object.entries(PLANS)) experiment[preset] = await finished(preset as keyof typeof PLANS, options);
  await signIn(page, stack, stack.token, "admin");
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Clicks the figure's CSV export and returns the file's name and records. */
async function csvOf(what: string): Promise<{ name: string; records: string[] }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(`export-${what}`).getByRole("button", { name: "CSV" }).click()]);
  return { name: download.suggestedFilename(), records: (await readFile(await download.path(), "utf8")).trimEnd().split("\r\n") };
}

test("Figure 4 draws test and train accuracy at R = 0, 1, 2, 4 and exports them as CSV", async () => {
  const id = experiment["r-sweep"]!;
  await page.goto(`${stack.webUrl}/experiments/${id}`);
  await page.locator('[data-testid="figure4"][data-ready="true"][data-points="4"]').waitFor();
  await page.screenshot({ path: screenshotPath("figure4"), fullPage: true });
  const csv = await csvOf("figure4");
  assert.equal(csv.name, `figure4-${id.split("-")[0]}.csv`);
  assert.match(csv.records[0]!, /^series,/);
  assert.equal(csv.records.length, 1 + 2 * 4, "a record per curve (test, train) and R");
  assert.match(csv.records[1]!, /^test accuracy,0,/);
});

test("Figure 5 draws the three norms of the six checkpoints and exports them as CSV", async () => {
  const id = experiment.norms!;
  await page.goto(`${stack.webUrl}/experiments/${id}`);
  for (const kind of ["frobenius", "log10-l1-path", "log10-l2-path"]) {
    await page.locator(`[data-testid="figure5-synthetic-small-cnn-${kind}"][data-ready="true"]`).waitFor();
  }
  await page.screenshot({ path: screenshotPath("figure5"), fullPage: true });
  const csv = await csvOf("figure5");
  assert.equal(csv.records[0], "dataset,model,norm,checkpoint,n,missing,mean,std,min,max");
  assert.equal(csv.records.length, 1 + 3 * 6, "a record per norm and checkpoint");
  for (const record of csv.records.slice(1)) assert.match(record, /^synthetic,small-cnn,[\w-]+,W[0VS][RA],1,0,-?\d/);
});

test("Figure 6 draws accuracy under FGSM at four strengths and exports it as CSV", async () => {
  const id = experiment.fgsm!;
  await page.goto(`${stack.webUrl}/experiments/${id}`);
  await page.locator('[data-testid="figure6-synthetic-small-cnn"][data-ready="true"][data-points="4"]').waitFor();
  await page.screenshot({ path: screenshotPath("figure6"), fullPage: true });
  const csv = await csvOf("figure6");
  assert.match(csv.records[0]!, /^series,/);
  assert.ok(csv.records.length > 4, `a record per attacked model and ε: ${csv.records.length - 1}`);
  assert.ok(csv.records.slice(1).every((r) => r.startsWith("synthetic/small-cnn ")), csv.records.slice(0, 3).join("\n"));
});

test("a Table 2 ablation that also measured distances, norms and FGSM shows Table 1 and Figures 5–6 on its page", async () => {
  const call = <T>(procedure: string, input: unknown, kind?: "query" | "mutation") => daemonCall<T>(stack, stack.token, procedure, input, kind);
  // The views follow its planned runs, so the page is checked at once and the runs then cancelled.
  const options = { ...MINIATURE, replicas: 1, measures: "distances+norms+fgsm" };
  const { id } = await call<{ id: string }>("experiments.create", { preset: "table2-ablation", options, priority: -1000 }, "mutation");
  try {
    await page.goto(`${stack.webUrl}/experiments/${id}`);
    for (const title of [/^Table 1 —/, /^Table 2 —/, /^Figure 5 —/, /^Figure 6 —/]) await page.getByRole("heading", { name: title }).waitFor();
    assert.equal(await page.getByRole("heading", { name: /^Figure 4 —/ }).count(), 0, "one R is no sweep");
    // Table 1's row is the experiment's own setting, its paper values CIFAR10/ResNet18's, labelled.
    const row = page.locator('[data-testid="table1"] tr[data-dataset="synthetic"][data-model="small-cnn"]');
    await row.getByTestId("table1-paper-setting").waitFor();
    assert.match((await row.locator("td .cell-paper.other-setting").first().textContent()) ?? "", /^paper, CIFAR10 \/ ResNet18: 0\.953$/);
    assert.match((await page.getByTestId("table2-paper-setting").textContent()) ?? "", /CIFAR10 \/ ResNet18, shown for orientation only/);
    await page.screenshot({ path: screenshotPath("table2-with-measures"), fullPage: true });
  } finally {
    await call("experiments.cancel", { id }, "mutation");
  }
});
