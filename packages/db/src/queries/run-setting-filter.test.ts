import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { RANGE_FILTER_KEYS, SETTING_FILTER_KEYS, TABLE2_MODES, type RangeFilterKey } from "@minima/metrics";
import { sql } from "drizzle-orm";
import { createTestDatabase, testEngines, type TestDatabase } from "../testing.ts";
import { createExperiment } from "./experiments.ts";
import { pageRuns, type ListedRun, type RunPageRequest } from "./run-pages.ts";
import { createUser, ensureAdmin } from "./users.ts";

/** Every page of a request, following the cursors; each page's total checked against the whole. */
async function allPages(t: TestDatabase, request: RunPageRequest): Promise<ListedRun[]> {
  const items: ListedRun[] = [];
  const totals = new Set<number>();
  let cursor: string | null = null;
  do {
    const page = await pageRuns(t.database.db, { ...request, cursor });
    items.push(...page.items);
    totals.add(page.total);
    cursor = page.nextCursor;
  } while (cursor);
  assert.deepEqual([...totals], [items.length], "every page's total is the number of runs paged through");
  return items;
}

/** The n-th run's configuration: every fourth a toy run, every sixth a pre-training run whose R the next one inherits. */
function config(n: number): Record<string, unknown> {
  if (n % 4 === 3) return { kind: "toy", init: n % 8 === 3 ? "random" : "dependency", seed: n % 3 };
  const pretrain = n % 6 === 0;
  return {
    kind: "image",
    mode: pretrain ? "vanilla" : TABLE2_MODES[n % 5],
    init: n % 2 ? "paper" : "framework",
    seed: n % 5,
    model: n % 2 ? "resnet18" : "densenet-bc-40",
    dataset: Math.floor(n / 2) % 2 ? "cifar10" : "fashion-mnist",
    phase: pretrain ? "pretrain" : "train",
    start: n % 6 === 1 ? "dependency" : "random",
    confusion: pretrain ? { replicas: 1 + ((n / 6) % 3), zeroOutRatio: 0.5, seed: 0 } : null,
  };
}

/** What the table shows of a run for each range filter, in the filter's units. */
const rangeValue = (run: ListedRun, key: RangeFilterKey) => (key === "duration" ? run.activeMs : run[key]);
const ids = (runs: readonly ListedRun[]) => runs.map((r) => r.id);

for (const engine of testEngines()) {
  describe(`runs.list filters on settings, final metrics and time on ${engine}`, () => {
    let t: TestDatabase;
    let everything: ListedRun[];
    let copyId: string;
    before(async () => {
      t = await createTestDatabase(engine);
      const db = t.database.db;
      const admin = (await ensureAdmin(db))!.user;
      const ada = (await createUser(db, "ada", "member"))!;
      let n = 0;
      for (const [e, title] of ["gridone", "sweeptwo", "tablethree"].entries()) {
        const keys = Array.from({ length: 12 }, () => `k${String(n++).padStart(2, "0")}`);
        const runs = keys.map((key, i) => ({ key, title: `run ${key}`, kind: "image", config: config(Number(key.slice(1))), epochs: 5, dependsOn: i % 6 === 1 ? [keys[i - 1]!] : [] }));
        await createExperiment(db, { ownerId: e === 1 ? admin.id : ada.id, preset: "r-sweep", title, options: {}, runs });
      }
      await db.execute(sql`update runs set status = (array['succeeded','failed','queued','paused'])[1 + substr(key, 2)::int % 4], active_ms = (substr(key, 2)::int % 6) * 1000`);
      // Final metrics with ties and gaps (every fifth run has none), the earlier epoch's value not final.
      await db.execute(sql`insert into metrics (run_id, phase, epoch, step, name, value, time)
        select id, 'train', e, e, metric, case when e = 1 then 0.99 else (substr(key, 2)::int % 7) / 10.0 + length(metric) / 100.0 end, 0
        from runs, generate_series(1, 2) e, unnest(array['train_acc','test_acc','train_loss','test_loss']) metric
        where substr(key, 2)::int % 5 <> 4 order by e, id`);
      // k00 reused by a later experiment: its copy is the same run, listed once under any filter.
      const reuser = await createExperiment(db, {
        ownerId: ada.id,
        preset: "r-sweep",
        title: "reuser",
        options: {},
        reuseFinished: true,
        runs: [{ key: "k00", title: "run k00", kind: "image", config: config(0), epochs: 5, dependsOn: [] }],
      });
      assert.deepEqual(reuser.reused, ["k00"]);
      copyId = reuser.runIds.k00!;
      everything = await allPages(t, { limit: 1000 });
      assert.equal(everything.length, 36);
    });
    after(() => t.dispose());

    test("each setting filter lists exactly the runs the table shows with that value", async () => {
      for (const key of SETTING_FILTER_KEYS) {
        const values = [...new Set(everything.map((r) => r[key]).filter((v) => v !== null))];
        assert.ok(values.length > 1, `${key} tells runs apart`);
        for (const value of values) {
          const listed = await allPages(t, { [key]: value, limit: 4 });
          assert.deepEqual(ids(listed), ids(everything.filter((r) => r[key] === value)), `${key} = ${value}`);
        }
      }
      // An adversarially initialised run (start = "dependency") has its pre-training run's R.
      assert.deepEqual(
        (await allPages(t, { init: "adversarial" })).map((r) => [r.key, r.replicas]),
        [
          ["k01", 1],
          ["k13", 3],
          ["k25", 2],
        ],
      );
      assert.deepEqual(ids(await allPages(t, { replicas: 2, init: "framework" })), ids(everything.filter((r) => r.replicas === 2 && r.init === "framework")));
      assert.equal((await pageRuns(t.database.db, { model: "vgg16" })).total, 0, "a model no run has");
    });

    test("a setting filter listing several values matches a run with any of them, combined with the others", async () => {
      for (const key of SETTING_FILTER_KEYS) {
        const values = [...new Set(everything.map((r) => r[key]).filter((v) => v !== null))].slice(0, 2);
        const listed = await allPages(t, { [key]: values, limit: 4 });
        assert.deepEqual(ids(listed), ids(everything.filter((r) => values.includes(r[key] as never))), `${key} in ${values.join(", ")}`);
        assert.deepEqual(ids(await allPages(t, { [key]: [values[0]] })), ids(await allPages(t, { [key]: values[0] })), `${key}: a list of one is the value`);
      }
      const filter = { mode: ["vanilla", "l2"], seed: [0, 2, 4], dataset: ["cifar10"] } satisfies RunPageRequest;
      const matching = everything.filter((r) => ["vanilla", "l2"].includes(r.mode!) && [0, 2, 4].includes(r.seed!) && r.dataset === "cifar10");
      assert.ok(matching.length > 0);
      assert.deepEqual(ids(await allPages(t, filter)), ids(matching));
    });

    test("each range is inclusive at both ends and leaves out runs without the value", async () => {
      for (const key of RANGE_FILTER_KEYS) {
        const values = [...new Set(everything.map((r) => rangeValue(r, key)).filter((v): v is number => v !== null))].sort((a, b) => a - b);
        const [min, max] = [values[1]!, values.at(-2)!];
        const inRange = (low: number, high: number) =>
          ids(
            everything.filter((r) => {
              const value = rangeValue(r, key);
              return value !== null && value >= low && value <= high;
            }),
          );
        const request = (range: { min?: number; max?: number }, limit = 100) => ({ [key]: range, limit }) as RunPageRequest;
        assert.deepEqual(ids(await allPages(t, request({ min, max }, 5))), inRange(min, max), `${key} in [${min}, ${max}]`);
        assert.deepEqual(ids(await allPages(t, request({ min }))), inRange(min, Infinity), `${key} ≥ ${min}`);
        assert.deepEqual(ids(await allPages(t, request({ max: min }))), inRange(-Infinity, min), `${key} ≤ ${min}`);
        assert.deepEqual(ids(await allPages(t, request({}))), ids(everything), "an open range narrows nothing");
      }
      assert.ok(everything.some((r) => r.testAcc === null));
      assert.ok(!(await allPages(t, { testAcc: { min: 0 } })).some((r) => r.testAcc === null), "no test accuracy yet: outside any range");
    });

    test("filters combine with every sort and page through each matching run exactly once", async () => {
      const filter = { dataset: "cifar10", testAcc: { min: 0.1, max: 0.6 }, duration: { max: 4000 } } satisfies RunPageRequest;
      const matching = everything.filter((r) => r.dataset === "cifar10" && r.testAcc !== null && r.testAcc >= 0.1 && r.testAcc <= 0.6 && r.activeMs <= 4000);
      assert.ok(matching.length >= 3 && matching.length < everything.length / 2, `${matching.length} runs match`);
      for (const sort of ["testAcc", "seed", "duration", "mode", "experiment"] as const) {
        for (const direction of ["asc", "desc"] as const) {
          const paged = await allPages(t, { ...filter, sort, direction, limit: 2 });
          const whole = await allPages(t, { ...filter, sort, direction, limit: 1000 });
          assert.deepEqual(ids(paged), ids(whole), `${sort} ${direction}: paging changes nothing`);
          assert.deepEqual(new Set(ids(paged)), new Set(ids(matching)), `${sort} ${direction}: every match once`);
          assert.equal(new Set(ids(paged)).size, paged.length);
        }
      }
      const byAccuracy = (await allPages(t, { ...filter, sort: "testAcc", direction: "desc", limit: 1 })).map((r) => r.testAcc!);
      assert.deepEqual(byAccuracy, [...byAccuracy].sort((a, b) => b - a));
      const queueOrder = await allPages(t, { ...filter, status: ["queued", "succeeded"], limit: 1 });
      assert.deepEqual(new Set(ids(queueOrder)), new Set(ids(matching.filter((r) => r.status === "queued" || r.status === "succeeded"))));
    });

    test("a reused run is listed once under a setting filter, its copy only in its own experiment", async () => {
      const k00 = everything.find((r) => r.key === "k00")!;
      const listed = await allPages(t, { mode: k00.mode as "vanilla", seed: k00.seed!, testAcc: { min: k00.testAcc!, max: k00.testAcc! } });
      assert.equal(listed.filter((r) => r.key === "k00").length, 1);
      assert.ok(!listed.some((r) => r.id === copyId));
      const copyExperiment = (await pageRuns(t.database.db, { search: "reuser" })).items.find((r) => r.id === copyId)!.experimentId;
      assert.deepEqual(ids(await allPages(t, { experimentId: copyExperiment, mode: "vanilla" })), [copyId]);
    });

    test("hostile values are refused before any query or matched as plain values", async () => {
      const refused = [
        { model: "resnet18' or '1'='1" },
        { dataset: "cifar10; drop table runs; --" },
        { model: "" },
        { mode: "vanilla' --" as "vanilla" },
        { init: "paper or 1=1" as "paper" },
        { seed: 1.5 },
        { replicas: 0 },
        { seed: Number.NaN },
        { seed: [] },
        { seed: [1, 1.5] },
        { mode: ["vanilla", "l2' or 1=1"] as unknown as RunPageRequest["mode"] },
        { model: ["resnet18", "x'); drop table runs; --"] },
        { seed: Array.from({ length: 21 }, (_, i) => i) },
        { testAcc: { min: 0.9, max: 0.1 } },
        { testAcc: { min: 1.5 } },
        { duration: { max: Number.POSITIVE_INFINITY } },
        { trainLoss: { min: -1 } },
      ] satisfies RunPageRequest[];
      for (const filter of refused) await assert.rejects(pageRuns(t.database.db, filter), /filter|range|Unknown/, JSON.stringify(filter));
      // Names that look like syntax but are valid names match nothing rather than everything.
      for (const model of ["resnet18--", "a.b+c", "x_y-z"]) assert.equal((await pageRuns(t.database.db, { model })).total, 0, model);
      assert.equal((await pageRuns(t.database.db, {})).total, 36, "the runs are all still there");
    });
  });
}
