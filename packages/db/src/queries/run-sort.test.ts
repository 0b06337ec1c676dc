import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { createTestDatabase, testEngines, type TestDatabase } from "../testing.ts";
import { createExperiment } from "./experiments.ts";
import { pageRuns, type ListedRun, type RunPageRequest } from "./run-pages.ts";
import { RUN_SORT_KEYS, type RunSortKey } from "./run-sort.ts";
import { createUser, ensureAdmin } from "./users.ts";

/** Every page of a request, following the cursors. */
async function allPages(t: TestDatabase, request: RunPageRequest): Promise<ListedRun[]> {
  const items: ListedRun[] = [];
  let cursor: string | null = null;
  do {
    const page = await pageRuns(t.database.db, { ...request, cursor });
    assert.ok(page.items.length <= (request.limit ?? 100));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

// Values chosen to collate alike in C and in en_US (lower-case letters and digits, no spaces), with
// ties in every column so that the id has to break them, and NULLs (a toy run has no seed).
const MODES = ["vanilla", "l2", "augment"];
const MODELS = ["resnet18", "vgg16"];
const DATASETS = ["cifar10", "mnist"];

/** The n-th run's configuration: every fourth a toy run without the image settings. */
function config(n: number): Record<string, unknown> {
  if (n % 4 === 3) return { kind: "toy" };
  const pretrain = n % 6 === 0;
  return {
    kind: "image",
    mode: MODES[n % 3],
    init: n % 2 ? "paper" : "framework",
    seed: n % 5,
    model: MODELS[n % 2],
    dataset: DATASETS[Math.floor(n / 2) % 2],
    phase: pretrain ? "pretrain" : "train",
    start: n % 6 === 1 ? "dependency" : "random",
    confusion: pretrain ? { replicas: 1 + (n % 4), zeroOutRatio: 0.5, seed: 0 } : null,
  };
}

const key = (n: number) => `k${String(n).padStart(2, "0")}`;

/** What each sort key reads of a listed run: the column the user sees. */
const valueOf: Record<RunSortKey, (run: ListedRun) => string | number | null> = {
  queue: () => null,
  created: () => null,
  status: (r) => r.status,
  owner: (r) => r.owner,
  experiment: (r) => r.experimentName ?? r.experimentTitle,
  name: (r) => r.name ?? r.title,
  mode: (r) => r.mode,
  init: (r) => r.init,
  replicas: (r) => r.replicas,
  seed: (r) => r.seed,
  model: (r) => r.model,
  dataset: (r) => r.dataset,
  trainAcc: (r) => r.trainAcc,
  testAcc: (r) => r.testAcc,
  trainLoss: (r) => r.trainLoss,
  testLoss: (r) => r.testLoss,
  duration: (r) => r.activeMs,
};

function expectedOrder(runs: ListedRun[], sort: RunSortKey, direction: "asc" | "desc"): string[] {
  const value = valueOf[sort];
  return [...runs]
    .sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        const cmp = x < y ? -1 : 1;
        return direction === "asc" ? cmp : -cmp;
      }
      // Experiment ties are broken by run key, then every tie by id.
      if (sort === "experiment" && a.key !== b.key) return a.key < b.key ? -1 : 1;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .map((r) => r.id);
}

for (const engine of testEngines()) {
  describe(`runs.list sorts on ${engine}`, () => {
    let t: TestDatabase;
    const ids: Record<string, string> = {};
    before(async () => {
      t = await createTestDatabase(engine);
      const db = t.database.db;
      const admin = (await ensureAdmin(db))!.user;
      const ada = (await createUser(db, "ada", "member"))!;
      const bob = (await createUser(db, "bob", "member"))!;
      const owners = [ada.id, bob.id, admin.id];
      let n = 0;
      for (const [e, title] of ["gridone", "sweeptwo", "tablethree"].entries()) {
        const keys = Array.from({ length: 12 }, () => key(n++));
        const runs = keys.map((k, i) => ({ key: k, title: `run${(Number(k.slice(1)) * 7) % 10}`, kind: "image", config: config(Number(k.slice(1))), epochs: 5, dependsOn: i % 6 === 1 ? [keys[i - 1]!] : [] }));
        const created = await createExperiment(db, { ownerId: owners[e]!, preset: "r-sweep", title, options: {}, runs });
        Object.assign(ids, created.runIds, { [title]: created.id });
      }
      // Statuses, active times and final metrics with ties and gaps; metrics logged over two epochs, the last one final.
      await db.execute(sql`update runs set
        status = (array['running','queued','succeeded','failed','paused'])[1 + substr(key, 2)::int % 5],
        active_ms = (substr(key, 2)::int % 4) * 1000`);
      await db.execute(sql`insert into metrics (run_id, phase, epoch, step, name, value, time)
        select id, 'train', e, e, metric, case when e = 1 then 0.01 else (substr(key, 2)::int % 7) / 10.0 + length(metric) / 100.0 end, 0
        from runs, generate_series(1, 2) e, unnest(array['train_acc','test_acc','train_loss','test_loss']) metric
        where substr(key, 2)::int % 5 <> 4 order by e, id`);
      await db.execute(sql`update runs set name = 'named' where key = 'k05'`);
      // ada's first run, reused by bob's later experiment: the same run, listed once.
      await db.execute(sql`update runs set status = 'succeeded' where key = 'k00'`);
      const reused = await createExperiment(db, {
        ownerId: bob.id,
        preset: "r-sweep",
        title: "reuser",
        options: {},
        reuseFinished: true,
        runs: [{ key: "k00", title: "run0", kind: "image", config: config(0), epochs: 5, dependsOn: [] }],
      });
      assert.deepEqual(reused.reused, ["k00"]);
      Object.assign(ids, { reuser: reused.id, copy: reused.runIds.k00 });
    });
    after(() => t.dispose());

    for (const sort of RUN_SORT_KEYS.filter((k) => k !== "queue" && k !== "created")) {
      for (const direction of ["asc", "desc"] as const) {
        test(`by ${sort} ${direction}: pages in order, ties by id, no gaps or repeats`, async () => {
          const everything = await allPages(t, { limit: 1000 });
          const paged = await allPages(t, { sort, direction, limit: 5 });
          assert.equal(paged.length, everything.length);
          assert.equal(new Set(paged.map((r) => r.id)).size, paged.length, "no run twice");
          assert.deepEqual(
            paged.map((r) => r.id),
            expectedOrder(everything, sort, direction),
          );
          assert.ok(new Set(paged.map(valueOf[sort])).size > 1, "the column tells runs apart");
        });
      }
    }

    test("the settings and final metrics of a run are listed with it", async () => {
      const runs = await allPages(t, { limit: 1000 });
      const byKey = new Map(runs.map((r) => [r.key, r]));
      const k06 = byKey.get("k06")!;
      assert.deepEqual(
        [k06.mode, k06.init, k06.replicas, k06.seed, k06.model, k06.dataset, k06.testAcc, k06.trainLoss],
        ["vanilla", "framework", 3, 1, "resnet18", "mnist", 0.68, 0.7],
      );
      assert.deepEqual([byKey.get("k01")!.replicas, byKey.get("k01")!.init], [1, "adversarial"], "a run starting from a pre-training run has that run's R");
      assert.deepEqual([byKey.get("k03")!.seed, byKey.get("k03")!.mode, byKey.get("k04")!.testAcc], [null, null, null]);
    });

    test("running, then queued runs come first by default, then the rest", async () => {
      for (const order of ["queue", "newest"] as const) {
        const ranks = (await allPages(t, { order, limit: 4 })).map((r) => (r.status === "running" ? 0 : r.status === "queued" ? 1 : 2));
        assert.deepEqual(ranks, [...ranks].sort(), order);
        assert.ok(ranks.includes(0) && ranks.includes(1) && ranks.includes(2));
      }
    });

    test("a run reused by a later experiment is listed once, and in that experiment's list", async () => {
      const everything = await allPages(t, { limit: 7 });
      assert.equal(everything.filter((r) => r.key === "k00").length, 1);
      assert.ok(!everything.some((r) => r.id === ids.copy));
      assert.equal((await pageRuns(t.database.db, {})).total, everything.length);
      const inReuser = await pageRuns(t.database.db, { experimentId: ids.reuser! });
      assert.deepEqual(
        inReuser.items.map((r) => r.id),
        [ids.copy],
      );
      assert.equal(inReuser.total, 1);
      // Bob's runs: ada's original is not among them, so his copy is.
      const bobs = await allPages(t, { owner: "bob", limit: 1000 });
      assert.ok(bobs.some((r) => r.id === ids.copy));
      const succeeded = await allPages(t, { status: "succeeded", sort: "testAcc", direction: "desc", limit: 2 });
      assert.equal(succeeded.filter((r) => r.key === "k00").length, 1);
    });
  });
}
