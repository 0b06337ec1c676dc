import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { createTestDatabase, testEngines, type TestDatabase } from "../testing.ts";
import { migrateDatabase } from "../migrate.ts";
import { getRun, listRuns } from "./runs.ts";
import { claimRun, finishRun, takeBackRunsOf } from "./run-execution.ts";
import { createExperiment, getExperiment, listExperiments } from "./experiments.ts";
import { ensureAdmin, issueToken, userForToken } from "./users.ts";
import { clearMetrics, insertMetrics, metricsOf } from "./metrics.ts";
import { users } from "../schema/index.ts";

const toyPlan = (ownerId: string) => ({
  ownerId,
  preset: "figure1-toy",
  title: "Figure 1",
  options: { epochScale: 0.01 },
  runs: [
    { key: "a", title: "(a)", kind: "toy", config: {}, epochs: 10, dependsOn: [] },
    { key: "b", title: "(b)", kind: "toy", config: {}, epochs: 10, dependsOn: [] },
    { key: "c", title: "(c)", kind: "toy", config: {}, epochs: 10, dependsOn: ["b"] },
    { key: "d", title: "(d)", kind: "toy", config: {}, epochs: 10, dependsOn: ["b"] },
  ],
});

for (const engine of testEngines()) {
  describe(`database queries on ${engine}`, () => {
    let t: TestDatabase;
    let ownerId: string;
    before(async () => {
      t = await createTestDatabase(engine);
      const admin = await ensureAdmin(t.database.db);
      ownerId = admin!.user.id;
    });
    after(() => t.dispose());
    const claimNextRun = async (db: typeof t.database.db, daemon: string) => (await db.transaction((tx) => claimRun(tx, daemon))).claimed?.run ?? null;

    test("the first start creates one admin; later starts create none", async () => {
      assert.equal(await ensureAdmin(t.database.db), null);
      const rows = await t.database.db.select().from(users);
      assert.deepEqual(rows.map((u) => [u.name, u.role]), [["admin", "admin"]]);
    });

    test("tokens resolve to their user until they expire", async () => {
      const live = await issueToken(t.database.db, ownerId, "live");
      const expired = await issueToken(t.database.db, ownerId, "old", new Date(Date.now() - 1000));
      assert.equal((await userForToken(t.database.db, live))?.role, "admin");
      assert.equal(await userForToken(t.database.db, expired), null);
      assert.equal(await userForToken(t.database.db, "mnm_not-a-token"), null);
    });

    test("runs are claimed only after their dependencies succeed", async () => {
      const { id, runIds } = await createExperiment(t.database.db, toyPlan(ownerId));
      const first = await claimNextRun(t.database.db, "d1");
      const second = await claimNextRun(t.database.db, "d1");
      assert.deepEqual([first?.key, second?.key].sort(), ["a", "b"]);
      assert.equal(await claimNextRun(t.database.db, "d1"), null, "c and d wait for b");
      await finishRun(t.database.db, runIds.b!, { status: "succeeded" });
      const third = await claimNextRun(t.database.db, "d1");
      assert.ok(third && ["c", "d"].includes(third.key));
      const c = await getRun(t.database.db, runIds.c!);
      assert.deepEqual(c?.dependsOn, [runIds.b]);
      const summary = await getExperiment(t.database.db, id);
      assert.equal(summary?.runCounts.running, 2);
      assert.equal(summary?.runCounts.succeeded, 1);
      assert.equal(summary?.owner, "admin");
    });

    test("a failed run blocks its dependents with the reason", async () => {
      const { runIds } = await createExperiment(t.database.db, toyPlan(ownerId));
      assert.deepEqual(await finishRun(t.database.db, runIds.b!, { status: "failed" }), [], "only a running run finishes");
      await t.database.db.execute(sql`update runs set status = 'running' where id = ${runIds.b!}`);
      const [failed, ...blocked] = await finishRun(t.database.db, runIds.b!, { status: "failed", error: "NaN loss" });
      assert.equal(failed?.run.error, "NaN loss");
      assert.deepEqual(blocked.map((c) => c.run.id).sort(), [runIds.c, runIds.d].sort());
      const c = await getRun(t.database.db, runIds.c!);
      assert.equal(c?.status, "blocked");
      assert.match(c?.error ?? "", /run b failed/);
    });

    test("a dead daemon's runs go back to the queue", async () => {
      const { id } = await createExperiment(t.database.db, toyPlan(ownerId));
      let claimed;
      while ((claimed = await claimNextRun(t.database.db, "dead")) && claimed.experimentId !== id) {
        await finishRun(t.database.db, claimed.id, { status: "succeeded" });
      }
      assert.ok(claimed);
      const taken = await takeBackRunsOf(t.database.db, "dead", "restarted");
      assert.deepEqual(taken.map((c) => [c.run.id, c.run.status, c.type]), [[claimed.id, "queued", "run.requeued"]]);
      assert.equal((await getRun(t.database.db, claimed.id))?.status, "queued");
    });

    test("metrics come back in write order, after a given id, and can be cleared", async () => {
      const { runIds } = await createExperiment(t.database.db, toyPlan(ownerId));
      const runId = runIds.a!;
      const rows = await insertMetrics(t.database.db, runId, [
        { phase: "train", epoch: 1, step: 10, name: "train_acc", value: 0.5, time: 1 },
        { phase: "train", epoch: 1, step: 10, name: "train_loss", value: 0.7, time: 1 },
      ]);
      assert.equal(rows.length, 2);
      assert.ok(rows[1]!.id > rows[0]!.id);
      assert.deepEqual((await metricsOf(t.database.db, runId, rows[0]!.id)).map((r) => r.name), ["train_loss"]);
      await clearMetrics(t.database.db, runId);
      assert.deepEqual(await metricsOf(t.database.db, runId), []);
      assert.ok((await listRuns(t.database.db, { experimentId: rows[0]!.runId })).length === 0);
      assert.ok((await listExperiments(t.database.db)).length >= 4);
    });

    test("a database migrated by a newer minima is refused, unchanged", async () => {
      await t.database.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', 0)`);
      await assert.rejects(migrateDatabase(t.database), /created by a newer version/);
      await t.database.db.execute(sql`delete from drizzle.__drizzle_migrations where hash = 'future'`);
      assert.deepEqual(await migrateDatabase(t.database), { applied: 0 });
    });
  });
}
