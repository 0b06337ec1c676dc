import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, testEngines, type TestDatabase } from "../testing.ts";
import { artifactsOf, recordArtifact } from "./artifacts.ts";
import { createExperiment, reusableRuns, type NewExperiment } from "./experiments.ts";
import { insertMetrics, metricsOf } from "./metrics.ts";
import { getRun, listRuns, updateRun } from "./runs.ts";
import { requeueRun } from "./run-control.ts";
import { claimRun, finishRun } from "./run-execution.ts";
import { runsAwaitingTwins } from "./run-reuse.ts";
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

/** A database of its own for a describe block, with an admin to own the experiments. */
function databaseWithAdmin(engine: "pglite" | "postgres"): { t: TestDatabase; ownerId: string } {
  const setup = {} as { t: TestDatabase; ownerId: string };
  before(async () => {
    setup.t = await createTestDatabase(engine);
    setup.ownerId = (await ensureAdmin(setup.t.database.db))!.user.id;
  });
  after(() => setup.t.dispose());
  return setup;
}

for (const engine of testEngines()) {
  describe(`reusing finished runs on ${engine}`, () => {
    const setup = databaseWithAdmin(engine);

    test("the same plan again takes over the finished runs with their metrics and artifacts; a changed run and its dependants train again", async () => {
      const db = setup.t.database.db;
      const first = await createExperiment(db, plan(setup.ownerId));
      assert.deepEqual(first.reused, []);
      for (const key of ["pretrain", "train"]) {
        const id = first.runIds[key]!;
        assert.equal((await db.transaction((tx) => claimRun(tx, "daemon-1"))).claimed?.run.id, id);
        await updateRun(db, id, { epoch: 2, backend: "tensorflow (cpu)" });
        await insertMetrics(db, id, [1, 2].map((epoch) => ({ phase: key, epoch, step: epoch * 10, name: "test_acc", value: epoch / 10, time: 1 })));
        await recordArtifact(db, { runId: id, name: "weights", kind: "checkpoint", path: `runs/${id}/weights`, size: 8, sha256: "ab" });
        await finishRun(db, id, { status: "succeeded" });
      }
      assert.deepEqual(await reusableRuns(db, plan(setup.ownerId).runs), { finished: ["pretrain", "train"], inFlight: ["measure"] }, "first's measurement is still queued");

      const second = await createExperiment(db, plan(setup.ownerId));
      assert.deepEqual(second.reused, ["pretrain", "train"]);
      const train = (await getRun(db, second.runIds.train!))!;
      assert.equal(train.status, "succeeded");
      assert.equal(train.reusedFrom, first.runIds.train);
      assert.equal(train.backend, "tensorflow (cpu)");
      assert.deepEqual((await metricsOf(db, train.id)).map((p) => [p.epoch, p.value]), [[1, 0.1], [2, 0.2]]);
      assert.deepEqual((await artifactsOf(db, train.id)).map((a) => a.path), [`runs/${first.runIds.train}/weights`], "the files are shared, not copied");
      const measure = (await listRuns(db, { experimentId: second.id })).find((r) => r.key === "measure")!;
      assert.equal(measure.status, "queued", "an unfinished run is not reused");

      const changed = await createExperiment(db, plan(setup.ownerId, 0.01));
      assert.deepEqual(changed.reused, ["pretrain"], "a new learning rate trains again, and so does what depends on it");
      const fresh = await createExperiment(db, plan(setup.ownerId, 0.1, false));
      assert.deepEqual(fresh.reused, [], "without reuseFinished everything trains again");
    });
  });
}

for (const engine of testEngines()) {
  describe(`twins queued together on ${engine}`, () => {
    const setup = databaseWithAdmin(engine);

    const claim = () => setup.t.database.db.transaction((tx) => claimRun(tx, "daemon-1"));
    /** The claim's changes as [run id, status] pairs. */
    const changed = (c: Awaited<ReturnType<typeof claim>>) => c.changes.map((x) => [x.run.id, x.run.status]);
    const succeed = async (id: string) => {
      const db = setup.t.database.db;
      await insertMetrics(db, id, [{ phase: "train", epoch: 1, step: 10, name: "test_acc", value: 0.5, time: 1 }]);
      await recordArtifact(db, { runId: id, name: "weights", kind: "checkpoint", path: `runs/${id}/weights`, size: 8, sha256: "ab" });
      await finishRun(db, id, { status: "succeeded" });
    };

    test("a run waits while its twin runs, then takes the twin's results instead of a worker, and so do its dependants", async () => {
      const db = setup.t.database.db;
      const a = await createExperiment(db, plan(setup.ownerId));
      assert.deepEqual(await reusableRuns(db, plan(setup.ownerId).runs), { finished: [], inFlight: ["pretrain", "train", "measure"] });
      const b = await createExperiment(db, plan(setup.ownerId));
      assert.deepEqual(b.reused, [], "nothing had finished yet");
      const awaiting = async (id: string) => [...(await runsAwaitingTwins(db, id))].sort();
      assert.deepEqual(await awaiting(b.id), Object.values(b.runIds).sort(), "each of b's runs has a twin queued before it");
      assert.deepEqual(await awaiting(a.id), [], "a's runs were queued first: they train");

      assert.equal((await claim()).claimed?.run.id, a.runIds.pretrain);
      assert.deepEqual(changed(await claim()), [], "b's pre-training waits while its twin runs, and nothing else is ready");
      assert.ok((await runsAwaitingTwins(db, b.id)).has(b.runIds.pretrain!), "and still awaits it");
      await succeed(a.runIds.pretrain!);

      assert.deepEqual(changed(await claim()), [[a.runIds.train, "running"]], "the queue's order holds: a's training was queued first");
      const adoption = await claim();
      assert.deepEqual(changed(adoption), [[b.runIds.pretrain, "succeeded"]], "b's pre-training takes a's results; b's training waits for its own twin");
      assert.equal(adoption.claimed, null);
      const pretrain = (await getRun(db, b.runIds.pretrain!))!;
      assert.equal(pretrain.reusedFrom, a.runIds.pretrain);
      assert.deepEqual((await metricsOf(db, pretrain.id)).map((p) => p.value), [0.5]);
      assert.deepEqual((await artifactsOf(db, pretrain.id)).map((x) => x.path), [`runs/${a.runIds.pretrain}/weights`], "the files are shared, not copied");

      await succeed(a.runIds.train!);
      assert.deepEqual(changed(await claim()), [[a.runIds.measure, "running"]]);
      assert.deepEqual(changed(await claim()), [[b.runIds.train, "succeeded"]]);
      await succeed(a.runIds.measure!);
      assert.deepEqual(changed(await claim()), [[b.runIds.measure, "succeeded"]]);
      assert.deepEqual(
        (await listRuns(db, { experimentId: b.id })).map((r) => [r.key, r.status, r.attempt]),
        [["measure", "succeeded", 1], ["pretrain", "succeeded", 1], ["train", "succeeded", 1]].sort(),
        "b trained nothing: each run carries its twin's outcome",
      );
    });

    test("a fresh plan trains beside its twin; a run whose twin failed trains itself", async () => {
      const db = setup.t.database.db;
      const single = (lr: number, reuseFinished: boolean): NewExperiment => ({
        ...plan(setup.ownerId, lr, reuseFinished),
        runs: [{ key: "solo", title: "one run", kind: "image", config: { seed: 2, lr }, epochs: 2, dependsOn: [] }],
      });
      const shared = await createExperiment(db, single(0.2, true));
      const fresh = await createExperiment(db, single(0.2, false));
      assert.equal((await claim()).claimed?.run.id, shared.runIds.solo);
      assert.deepEqual([...(await runsAwaitingTwins(db, fresh.id))], [], "a run queued fresh trains whatever its twins do");
      assert.equal((await claim()).claimed?.run.id, fresh.runIds.solo, "queued with fresh, it does not wait for its twin");

      const first = await createExperiment(db, single(0.3, true));
      const second = await createExperiment(db, single(0.3, true));
      assert.equal((await claim()).claimed?.run.id, first.runIds.solo);
      assert.equal((await claim()).claimed, null);
      await finishRun(db, first.runIds.solo!, { status: "failed", error: "NaN" });
      assert.equal((await claim()).claimed?.run.id, second.runIds.solo, "a failed twin stands for nothing");
    });

    test("a run requeued with another configuration is no one's twin any more, nor is any run after it", async () => {
      const db = setup.t.database.db;
      // Seed 9: a pre-training no earlier test has finished.
      const seeded = (): NewExperiment => {
        const p = plan(setup.ownerId, 0.7);
        return { ...p, runs: p.runs.map((r) => (r.key === "pretrain" ? { ...r, config: { ...r.config, seed: 9 } } : r)) };
      };
      const original = await createExperiment(db, seeded());
      const edited = await createExperiment(db, seeded());
      assert.equal((await claim()).claimed?.run.id, original.runIds.pretrain);
      const config = { phase: "pretrain", lr: 0.05, seed: 9 };
      assert.ok(await requeueRun(db, edited.runIds.pretrain!, { config, epochs: 2, changes: { lr: 0.05 }, previous: "queued" }, setup.ownerId));
      const after = await listRuns(db, { experimentId: edited.id });
      assert.deepEqual(after.map((r) => [r.key, r.fingerprint]), [["measure", null], ["pretrain", null], ["train", null]]);
      assert.equal((await claim()).claimed?.run.id, edited.runIds.pretrain, "it no longer waits for the run it was a twin of");
      await finishRun(db, edited.runIds.pretrain!, { status: "succeeded" });
      await finishRun(db, original.runIds.pretrain!, { status: "succeeded" });
      assert.deepEqual(changed(await claim()), [[original.runIds.train, "running"]]);
      assert.deepEqual(changed(await claim()), [[edited.runIds.train, "running"]], "its dependant trains too: it starts from another minimum");
    });
  });
}
