// How long the dashboard takes to paint its header and the page's skeleton, and then to show its
// content, on the queue, an experiment page, Table 1, Table 2, a run page and Machines with 10,000
// runs on the daemon, against the same pages on a daemon with 23 runs, measured in this run.
//
//   pnpm bench:web [--runs 10000] [--repeats 5]       (build the dashboard first)
//
// Each page is loaded fresh (a new document, signed in) and timed from navigation start to
// (1) the first contentful paint with the header and a skeleton (or the content) in the DOM, and
// (2) its content on screen: the queue's first page of runs; an experiment's run table; a table
// with all its rows and its experiment's run table; a run's title; the host's card. Runs are
// seeded straight into the daemon's database (seed.ts).
//
// Two ways in, both timed: from a blank tab (about:blank, which this headless Chromium answers
// with a new renderer process for the dashboard's document) and from a tab already on the
// dashboard's site (a document of it with nothing running: the browser keeps its process). Chromium
// is driven through the DevTools protocol directly (cdp.ts), not Playwright, whose pause of every
// new renderer process would add its own 100-180 ms to the new tab.
import { createExperiment, findUser, openDatabase, type Db } from "../../../packages/db/src/index.ts";
import { planExperiment } from "../../daemon/src/plans/presets.ts";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout } from "node:timers/promises";
import { parseArgs } from "node:util";
import { seedDatabase } from "../e2e/seed.ts";
import { freshDataDir, startStack, type Stack } from "../e2e/servers.ts";
import { CdpTab } from "./cdp.ts";

const TARGET_MS = { frame: 300, content: 1_000 };
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
async function seedTable(db: Db, ownerId: string, preset: "table1-distances" | "table2-ablation", seeds: number): Promise<{ id: string; runs: number; firstRun: string }> {
  const plan = planExperiment(preset, { profile: "cpu", dataset: "synthetic", seeds });
  const { id, runIds } = await createExperiment(db, { ownerId, preset, title: plan.preset.title, options: plan.options, runs: plan.runs });
  await db.execute(`update runs set status = 'succeeded', epoch = epochs, attempt = 1, backend = 'tensorflow', started_at = created_at, finished_at = created_at + interval '1 minute' where experiment_id = '${id}'`);
  // Final train and test accuracy of every fine-tuning run (what Table 2 aggregates).
  await db.execute(`
    insert into metrics (run_id, phase, epoch, step, name, value, time)
    select r.id, 'train', r.epochs, 0, m.name, 0.5 + (abs(hashtext(r.id::text || m.name)) % 500) / 1000.0, 0
    from runs r cross join (values ('train_acc'), ('test_acc')) as m(name)
    where r.experiment_id = '${id}' and r.config->>'phase' = 'train'`);
  return { id, runs: plan.runs.length, firstRun: runIds[plan.runs[0]!.key]! };
}

interface Seeded {
  stack: Stack;
  table1: string;
  table2: string;
  /** The largest experiment (a filler r-sweep of 1,000 runs; Table 2's in the 23-run reference, which has no filler) and its first run. */
  experiment: string;
  run: string;
  runs: number;
}

async function seedScale(scale: Scale): Promise<Seeded> {
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
  const sweep = seeded.experiments[0];
  const largest = sweep ? { id: sweep.id, run: sweep.runIds[0]! } : { id: tables.table2.id, run: tables.table2.firstRun };
  return { stack, table1: tables.table1.id, table2: tables.table2.id, experiment: largest.id, run: largest.run, runs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Where a timed load starts. */
type Entry = "blank" | "site";
const ENTRIES: Record<Entry, string> = { blank: "new tab", site: "in a tab" };

interface Times {
  /** First contentful paint with the header and a skeleton (or already the content) in the document. */
  frame: number;
  content: number;
}
type PageTimes = Record<Entry, Times>;

/** What must be on screen for a page's content: `atLeast` matches of `selector`, and one of `also` if given. */
interface Ready {
  selector: string;
  atLeast: number;
  also?: string;
}

// In each new document before its own scripts: notes when the header and a skeleton (or the content)
// are first in the DOM (the frame's time is the later of that and the first contentful paint), and
// checks every animation frame whether the content is there.
const watch = (ready: Ready) => `(() => {
  const ready = ${JSON.stringify(ready)};
  const bench = (window.__bench = {});
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="app-header"]') && document.querySelector('.skeleton-line, .skeleton-cell, main .card')) {
      bench.frameInDom = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  const check = () => {
    if (document.querySelectorAll(ready.selector).length >= ready.atLeast && (ready.also === undefined || document.querySelector(ready.also))) bench.content = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;
const TIMES = `(() => {
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const bench = window.__bench;
  return fcp && bench && bench.frameInDom !== undefined && bench.content !== undefined ? { frame: Math.max(fcp.startTime, bench.frameInDom), content: bench.content } : false;
})()`;

// How long a tab rests on its first document before the dashboard's address is entered, as a person's
// would while typing it or reading before a click. Chromium uses the time to ready the next renderer
// process: a one-line page from a new tab paints in ≈120 ms after a rest of 1 s and ≈205 ms after none.
const REST_MS = 1_000;

/** Milliseconds from navigation start to the header and skeleton's paint and until `ready` holds, medians of REPEATS fresh loads from each entry. */
async function timePage(tab: CdpTab, site: string, path: string, ready: Ready): Promise<PageTimes> {
  const samples = { blank: { frame: [] as number[], content: [] as number[] }, site: { frame: [] as number[], content: [] as number[] } };
  const unwatch = await tab.onNewDocument(watch(ready));
  // One unmeasured round warms the server (Next's first render of a route, the daemon's caches).
  for (let i = 0; i <= REPEATS; i++) {
    for (const entry of ["blank", "site"] as const) {
      const from = entry === "blank" ? "about:blank" : `${site}/icon.svg`;
      await tab.navigate(from);
      await tab.waitFor(`location.href === ${JSON.stringify(from)} && document.readyState === "complete"`, 10_000);
      await setTimeout(REST_MS);
      await tab.navigate(`${site}${path}`);
      const times = await tab.waitFor<Times>(TIMES, 60_000);
      if (i > 0) {
        samples[entry].frame.push(times.frame);
        samples[entry].content.push(times.content);
      }
    }
  }
  await unwatch();
  const medians = (times: { frame: number[]; content: number[] }) => ({ frame: median(times.frame), content: median(times.content) });
  return { blank: medians(samples.blank), site: medians(samples.site) };
}

const READY = {
  queue: { selector: '[data-testid="all-runs"] tbody tr', atLeast: 1 },
  experiment: { selector: "table.runs tr[data-run-id]", atLeast: 1 },
  run: { selector: ".run-page h1", atLeast: 1 },
  machines: { selector: '[data-testid="host"]', atLeast: 1 },
  table: (what: "table1" | "table2", rows: number): Ready => ({ selector: `[data-testid="${what}"] tbody tr`, atLeast: rows, also: "table.runs tr[data-run-id]" }),
} satisfies Record<string, Ready | ((...args: never[]) => Ready)>;

// The browser's own share: a page of one header (and an empty card, for the frame's watch) sent by a
// plain Node server with the dashboard's Cross-Origin-Opener-Policy, timed the same way.
const FLOOR_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head><body><header data-testid="app-header">minima</header><main><section class="card"></section></main></body></html>`;

async function measureFloor(tab: CdpTab): Promise<PageTimes> {
  const server = http.createServer((_, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cross-origin-opener-policy": "same-origin" });
    response.end(FLOOR_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await timePage(tab, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, "/", { selector: '[data-testid="app-header"]', atLeast: 1 });
  } finally {
    server.close();
  }
}

async function measure(tab: CdpTab, scale: Scale) {
  const started = performance.now();
  const { stack, table1, table2, experiment, run, runs } = await seedScale(scale);
  console.log(
    `# ${scale.name}: ${runs.toLocaleString("en-US")} runs on the server (Tables 1 and 2 at ${scale.seeds} seed${scale.seeds > 1 ? "s" : ""}), seeded and served in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  try {
    // Signed in as the admin, as the dashboard keeps its token (localStorage of the site).
    await tab.navigate(`${stack.webUrl}/icon.svg`);
    await tab.waitFor(`location.origin === ${JSON.stringify(stack.webUrl)}`, 10_000);
    await tab.evaluate(`localStorage.setItem("minima.token", ${JSON.stringify(stack.token)})`);
    return {
      runs,
      queue: await timePage(tab, stack.webUrl, "/", READY.queue),
      experiment: await timePage(tab, stack.webUrl, `/experiments/${experiment}`, READY.experiment),
      table1: await timePage(tab, stack.webUrl, `/experiments/${table1}`, READY.table("table1", 1)),
      table2: await timePage(tab, stack.webUrl, `/experiments/${table2}`, READY.table("table2", 8)),
      run: await timePage(tab, stack.webUrl, `/runs/${run}`, READY.run),
      machines: await timePage(tab, stack.webUrl, "/machines", READY.machines),
    };
  } finally {
    await stack.stop();
  }
}

const tab = await CdpTab.open(1500, 1000);
try {
  const reference = await measure(tab, { name: "reference", seeds: 1, runs: 10 });
  const large = await measure(tab, { name: "large", seeds: 5, runs: TOTAL_RUNS });
  const floor = await measureFloor(tab);
  const ms = (t: number) => `${t.toFixed(0)} ms`;
  const verdict = (t: number, target: number) => `< ${target} ms ${t < target ? "ok" : "OVER"}`;
  console.log(`\n${"page".padEnd(11)}${"what".padEnd(27)}${`${reference.runs} runs`.padStart(9)}   ${`${large.runs.toLocaleString("en-US")} runs`.padStart(11)}   ratio   target`);
  for (const page of ["queue", "experiment", "table1", "table2", "run", "machines"] as const) {
    let first = true;
    for (const what of ["frame", "content"] as const) {
      for (const entry of ["blank", "site"] as const) {
        const t = large[page][entry][what];
        const label = `${what === "frame" ? "header+skeleton" : "content"}, ${ENTRIES[entry]}`;
        console.log(
          `${(first ? page : "").padEnd(11)}${label.padEnd(27)}${ms(reference[page][entry][what]).padStart(9)}   ${ms(t).padStart(11)}   ${(t / reference[page][entry][what]).toFixed(2).padStart(5)}×   ${verdict(t, TARGET_MS[what])}`,
        );
        first = false;
      }
    }
  }
  console.log(
    `\nfloor: a one-header page from a plain Node server paints in ${ms(floor.blank.frame)} from a new tab and ${ms(floor.site.frame)} in a tab (the browser's own time on this host).`,
  );
  console.log(`\nMedian of ${REPEATS} fresh loads each, from navigation start (Chromium, headless, built app): header+skeleton is the first contentful`);
  console.log(`paint with the header and a skeleton in the document; content is the page's data on screen. A new tab starts from`);
  console.log(`about:blank; in a tab, from a document of the dashboard's site (the renderer process is kept).`);
} finally {
  await tab.close();
}
