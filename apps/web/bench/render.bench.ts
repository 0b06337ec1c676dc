// How long the dashboard takes to show the queue, Table 1 and Table 2 with 10,000 runs on the
// daemon, against the same pages on a daemon with a handful of runs, measured in this run.
//
//   pnpm bench:web [--runs 10000] [--repeats 5]       (build the dashboard first)
//
// Each page is loaded fresh (a new document, signed in) and timed from navigation start to
// when its content is on screen: the queue's first page of runs; a table with all its rows and
// its experiment's run table. Runs are seeded straight into the daemon's database (seed.ts).
import { createExperiment, findUser, openDatabase, type Db } from "../../../packages/db/src/index.ts";
import { planExperiment } from "../../daemon/src/plans/presets.ts";
import { parseArgs } from "node:util";
import type { Browser } from "playwright-core";
import { launchChromium } from "../e2e/browser.ts";
import { seedDatabase } from "../e2e/seed.ts";
import { freshDataDir, startStack, type Stack } from "../e2e/servers.ts";

const TARGET_MS = 1_000;
const { values: args } = parseArgs({ options: { runs: { type: "string", default: "10000" }, repeats: { type: "string", default: "5" } } });
const TOTAL_RUNS = Number(args.runs);
const REPEATS = Number(args.repeats);

interface Scale {
  name: string;
  /** Seeds of the Table 1 and Table 2 experiments (their size grows with it). */
  seeds: number;
  /** Runs on the server in all. */
  runs: number;
}

/** A finished Table 1 or Table 2 experiment as the planner makes it, every run succeeded, Table 2's with final accuracies. */
async function seedTable(db: Db, ownerId: string, preset: "table1-distances" | "table2-ablation", seeds: number): Promise<{ id: string; runs: number }> {
  const plan = planExperiment(preset, { profile: "cpu", dataset: "synthetic", seeds });
  const { id } = await createExperiment(db, { ownerId, preset, title: plan.preset.title, options: plan.options, runs: plan.runs });
  await db.execute(`update runs set status = 'succeeded', epoch = epochs, attempt = 1, backend = 'tensorflow', started_at = created_at, finished_at = created_at + interval '1 minute' where experiment_id = '${id}'`);
  // Final train and test accuracy of every fine-tuning run (what Table 2 aggregates).
  await db.execute(`
    insert into metrics (run_id, phase, epoch, step, name, value, time)
    select r.id, 'train', r.epochs, 0, m.name, 0.5 + (abs(hashtext(r.id::text || m.name)) % 500) / 1000.0, 0
    from runs r cross join (values ('train_acc'), ('test_acc')) as m(name)
    where r.experiment_id = '${id}' and r.config->>'phase' = 'train'`);
  return { id, runs: plan.runs.length };
}

async function seedScale(scale: Scale): Promise<{ stack: Stack; table1: string; table2: string; runs: number }> {
  const dataDir = freshDataDir();
  const owners = ["alice", "bob", "carol"];
  // Filler: the runs beyond the two tables' experiments, in experiments of 1,000 runs at most.
  const tablesRuns = planExperiment("table1-distances", { profile: "cpu", dataset: "synthetic", seeds: scale.seeds }).runs.length + planExperiment("table2-ablation", { profile: "cpu", dataset: "synthetic", seeds: scale.seeds }).runs.length;
  let filler = Math.max(0, scale.runs - tablesRuns);
  const experiments = [];
  for (let i = 0; filler > 0; i++) {
    const runs = Math.min(1_000, filler);
    experiments.push({ owner: owners[i % owners.length]!, preset: ["r-sweep", "norms", "fgsm"][i % 3]!, title: `Seeded experiment ${i + 1}`, runs });
    filler -= runs;
  }
  const seeded = await seedDatabase(dataDir, Object.fromEntries(owners.map((o) => [o, "member" as const])), experiments);
  const database = await openDatabase({ dataDir });
  let tables;
  try {
    const admin = await findUser(database.db, "admin");
    tables = { table1: await seedTable(database.db, admin!.id, "table1-distances", scale.seeds), table2: await seedTable(database.db, admin!.id, "table2-ablation", scale.seeds) };
  } finally {
    await database.close();
  }
  const stack = await startStack({ dataDir, token: seeded.adminToken });
  const runs = experiments.reduce((n, e) => n + e.runs, 0) + tables.table1.runs + tables.table2.runs;
  return { stack, table1: tables.table1.id, table2: tables.table2.id, runs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds from navigation start until `ready` holds in the page, the median of REPEATS fresh loads. */
async function timePage(browser: Browser, stack: Stack, path: string, ready: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  await context.addInitScript((token) => localStorage.setItem("minima.token", token), stack.token);
  const page = await context.newPage();
  const times: number[] = [];
  // One unmeasured load warms the server (Next's first render of a route, the daemon's caches).
  for (let i = 0; i <= REPEATS; i++) {
    await page.goto("about:blank");
    await page.goto(`${stack.webUrl}${path}`, { waitUntil: "commit" });
    const handle = await page.waitForFunction(`(${ready}) ? performance.now() : false`, null, { polling: "raf", timeout: 60_000 });
    const ms = (await handle.jsonValue()) as number;
    if (i > 0) times.push(ms);
  }
  await context.close();
  return median(times);
}

const READY = {
  queue: `document.querySelectorAll('[data-testid="all-runs"] tbody tr').length > 0`,
  table: (what: "table1" | "table2", rows: number) =>
    `document.querySelectorAll('[data-testid="${what}"] tbody tr').length >= ${rows} && document.querySelectorAll('table.runs tr[data-run-id]').length > 0`,
};

async function measure(browser: Browser, scale: Scale) {
  const started = performance.now();
  const { stack, table1, table2, runs } = await seedScale(scale);
  console.log(
    `# ${scale.name}: ${runs.toLocaleString("en-US")} runs on the server (Tables 1 and 2 at ${scale.seeds} seed${scale.seeds > 1 ? "s" : ""}), seeded and served in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  try {
    return {
      runs,
      queue: await timePage(browser, stack, "/", READY.queue),
      table1: await timePage(browser, stack, `/experiments/${table1}`, READY.table("table1", 1)),
      table2: await timePage(browser, stack, `/experiments/${table2}`, READY.table("table2", 8)),
    };
  } finally {
    await stack.stop();
  }
}

const browser = await launchChromium();
try {
  const reference = await measure(browser, { name: "reference", seeds: 1, runs: 10 });
  const large = await measure(browser, { name: "large", seeds: 5, runs: TOTAL_RUNS });
  console.log(`\npage      ${`${reference.runs} runs`.padStart(9)}   ${`${large.runs.toLocaleString("en-US")} runs`.padStart(10)}   ratio   target`);
  for (const page of ["queue", "table1", "table2"] as const) {
    const ms = large[page];
    const verdict = ms < TARGET_MS ? "ok" : "OVER";
    console.log(
      `${page.padEnd(9)} ${`${reference[page].toFixed(0)} ms`.padStart(9)}   ${`${ms.toFixed(0)} ms`.padStart(10)}   ${(ms / reference[page]).toFixed(2).padStart(5)}×   < ${TARGET_MS} ms ${verdict}`,
    );
  }
  console.log(`\nMedian of ${REPEATS} fresh loads each, from navigation start to content on screen (Chromium, headless, built app).`);
} finally {
  await browser.close();
}
