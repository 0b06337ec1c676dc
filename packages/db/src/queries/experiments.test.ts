import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, testEngines, type TestDatabase } from "../testing.ts";
import { artifactsOf, recordArtifact } from "./artifacts.ts";
import { createExperiment, reusableRuns, type NewExperiment } from "./experiments.ts";
import { insertMetrics, metricsOf } from "./metrics.ts";
import { getRun, listRuns, updateRun } from "./runs.ts";
import { claimRun, finishRun } from "./run-execution.ts";
import { ensureAdmin } from "./users.ts";

/** Pre-training, a run from its minimum, and a measurement of both. */
const plan = (ownerId: string, lr = 0.1, reuseFinished = true): NewExperiment => ({
  ownerId,
  preset: "test",
  title: "reuse",
  options: {},
  reuseFinished,
  runs: [
    { key: "pretrain", title: "pre-training", kind: "image", config: { phase: "pretrain", lr: 0.1, seed: 1 }, epochs: 2, dependsOn: [] },
    { key: "train", title: "training", kind: "image", config: { seed: 1, phase: "train", lr }, epochs: 2, dependsOn: ["pretrain"] },
    { key: "measure", title: "distances", kind: "measure", config: { measure: "distances" }, epochs: 1, dependsOn: ["pretrain", "train"] },
  ],
});

for (const engine of testEngines()) {
  describe(`reusing finished runs on ${engine}`, () => {
    let t: TestDatabase;
    let ownerId: string;
    before(async () => {
      t = await createTestDatabase(engine);
      ownerId = (await ensureAdmin(t.database.db))!.user.id;
    });
    after(() => t.dispose());

    test("the same plan again takes over the finished runs with their metrics and artifacts; a changed run and its dependants train again", async () => {
      const db = t.database.db;
      const first = await createExperiment(db, plan(ownerId));
      assert.deepEqual(first.reused, []);
      for (const key of ["pretrain", "train"]) {
        const id = first.runIds[key]!;
        assert.equal((await db.transaction((tx) => claimRun(tx, "daemon-1")))?.run.id, id);
        await updateRun(db, id, { epoch: 2, backend: "tensorflow (cpu)" });
        await insertMetrics(db, id, [1, 2].map((epoch) => ({ phase: key, epoch, step: epoch * 10, name: "test_acc", value: epoch / 10, time: 1 })));
        await recordArtifact(db, { runId: id, name: "weights", kind: "checkpoint", path: `runs/${id}/weights`, size: 8, sha256: "ab" });
        await finishRun(db, id, { status: "succeeded" });
      }
      assert.deepEqual(await reusableRuns(db, plan(ownerId).runs), ["pretrain", "train"]);

      const second = await createExperiment(db, plan(ownerId));
      assert.deepEqual(second.reused, ["pretrain", "train"]);
      const train = (await getRun(db, second.runIds.train!))!;
      assert.equal(train.status, "succeeded");
      assert.equal(train.reusedFrom, first.runIds.train);
      assert.equal(train.backend, "tensorflow (cpu)");
      assert.deepEqual((await metricsOf(db, train.id)).map((p) => [p.epoch, p.value]), [[1, 0.1], [2, 0.2]]);
      assert.deepEqual((await artifactsOf(db, train.id)).map((a) => a.path), [`runs/${first.runIds.train}/weights`], "the files are shared, not copied");
      const measure = (await listRuns(db, { experimentId: second.id })).find((r) => r.key === "measure")!;
      assert.equal(measure.status, "queued", "an unfinished run is not reused");

      const changed = await createExperiment(db, plan(ownerId, 0.01));
      assert.deepEqual(changed.reused, ["pretrain"], "a new learning rate trains again, and so does what depends on it");
      const fresh = await createExperiment(db, plan(ownerId, 0.1, false));
      assert.deepEqual(fresh.reused, [], "without reuseFinished everything trains again");
    });
  });
}
