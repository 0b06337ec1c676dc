// runs.curves through createCaller on a real database: several runs' curves, settings and final
// metrics in one call, for any signed-in user, with its input bounded.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createUser, ensureAdmin, type User } from "@minima/db";
import { createTestDatabase, testEngines, type TestDatabase } from "@minima/db/testing";
import { silentLogger } from "../../daemon/logger.ts";
import type { Services } from "../context.ts";
import { MAX_CURVE_RUNS } from "../run-curves.ts";
import { appRouter } from "../router.ts";
import { idleServices, refusal } from "../../../test/services.ts";

for (const engine of testEngines()) {
  describe(`runs.curves on ${engine}`, () => {
    let t: TestDatabase;
    let services: Services;
    let admin: User;
    let viewer: User;
    const store = mkdtempSync(path.join(tmpdir(), "minima-curves-test-"));
    const as = (user: User) => appRouter.createCaller({ ...services, user, logger: silentLogger() });

    before(async () => {
      t = await createTestDatabase(engine);
      services = idleServices(t.database.db, store);
      admin = (await ensureAdmin(t.database.db))!.user;
      viewer = (await createUser(t.database.db, "vera", "viewer"))!;
    });
    after(async () => {
      await t.dispose();
      rmSync(store, { recursive: true, force: true });
    });

    test("runs of two experiments in the order asked, each with its settings, experiment, final metrics and series by epoch", async () => {
      const first = await as(admin).experiments.create({ preset: "figure1-toy", options: { epochScale: 0.001 } });
      const second = await as(admin).experiments.create({ preset: "figure1-toy", options: { epochScale: 0.001, seed: 7 } });
      await as(admin).experiments.annotate({ id: second.id, name: "second toy" });
      const a = (await as(admin).experiments.get({ id: first.id })).runs.find((r) => r.key === "a")!.id;
      const b = (await as(admin).experiments.get({ id: second.id })).runs.find((r) => r.key === "b")!.id;
      // Written out of epoch order, epoch 2 of (a) twice (a resumed run's rewrite wins).
      await t.database.db.execute(`insert into metrics (run_id, phase, epoch, step, name, value, time) values
        ('${a}', 'train', 2, 20, 'test_acc', 0.5, 2000), ('${a}', 'train', 1, 10, 'test_acc', 0.25, 1000), ('${a}', 'train', 1, 10, 'train_loss', 2, 1000),
        ('${a}', 'train', 2, 20, 'test_acc', 0.625, 2500), ('${b}', 'train', 1, 5, 'test_acc', 0.75, 9000)`);

      const { runs, missing } = await as(viewer).runs.curves({ runIds: [b, a] });
      assert.deepEqual(missing, []);
      assert.deepEqual(runs.map((r) => [r.id, r.key, r.experimentId, r.experimentName]), [[b, "b", second.id, "second toy"], [a, "a", first.id, null]]);
      assert.equal(runs[1]!.experimentTitle, runs[0]!.experimentTitle, "both are Figure 1's toy");
      assert.equal(runs[0]!.config.seed !== runs[1]!.config.seed, true, "each run's own config");
      assert.deepEqual(runs[1]!.final, { test_acc: 0.625, train_loss: 2 });
      assert.deepEqual(runs[1]!.series, [
        { phase: "train", name: "test_acc", epoch: [1, 2], step: [10, 20], time: [1000, 2500], value: [0.25, 0.625] },
        { phase: "train", name: "train_loss", epoch: [1], step: [10], time: [1000], value: [2] },
      ]);

      const only = await as(viewer).runs.curves({ runIds: [a], names: ["train_loss"] });
      assert.deepEqual(only.runs[0]!.series.map((s) => s.name), ["train_loss"], "only the names asked for");
      assert.deepEqual(only.runs[0]!.final, { test_acc: 0.625, train_loss: 2 }, "final metrics whatever the names");

      const gone = "00000000-0000-4000-8000-000000000000";
      const partly = await as(viewer).runs.curves({ runIds: [a, gone, a.toUpperCase()] });
      assert.deepEqual([partly.runs.map((r) => r.id), partly.missing], [[a], [gone]], "a run once; an unknown id is named, not fatal");
    });

    test("the input is bounded: at most 20 runs, valid ids, a sane point budget", async () => {
      const ids = Array.from({ length: MAX_CURVE_RUNS + 1 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
      assert.equal(MAX_CURVE_RUNS, 20);
      assert.match(await refusal(as(viewer).runs.curves({ runIds: ids })), /BAD_REQUEST/);
      assert.deepEqual((await as(viewer).runs.curves({ runIds: ids.slice(0, MAX_CURVE_RUNS) })).missing.length, MAX_CURVE_RUNS);
      assert.match(await refusal(as(viewer).runs.curves({ runIds: [] })), /BAD_REQUEST/);
      assert.match(await refusal(as(viewer).runs.curves({ runIds: ["not-a-run"] })), /BAD_REQUEST/);
      assert.match(await refusal(as(viewer).runs.curves({ runIds: [ids[0]!], maxPoints: 1_000_000 })), /BAD_REQUEST/);
    });
  });
}
