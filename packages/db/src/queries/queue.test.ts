import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { createTestDatabase, testEngines, type TestDatabase } from "../testing.ts";
import { artifacts, daemons, users } from "../schema/index.ts";
import { insertMetrics, deleteMetricsAfter, metricsOf } from "./metrics.ts";
import { latestCheckpoint, recordArtifact } from "./artifacts.ts";
import { heartbeat, registerDaemon } from "./daemons.ts";
import { createExperiment, type PlannedRun } from "./experiments.ts";
import { cancelRun, pauseRun, requeueRun, resumeRun, retryRun, runOwnerId, setPriority, stopRequestsFor } from "./run-control.ts";
import { claimRun, finishRun, takeBackRunsOf, takeBackRunsOfDeadDaemons, type ClaimRoom } from "./run-execution.ts";
import { eventsOfRun } from "./events.ts";
import { getRun } from "./runs.ts";

const run = (key: string, dependsOn: string[] = []): PlannedRun => ({ key, title: key, kind: "toy", config: {}, epochs: 10, dependsOn });

for (const engine of testEngines()) {
  describe(`the run queue on ${engine}`, () => {
    let t: TestDatabase;
    let alice: string;
    let bob: string;
    const experiment = (ownerId: string, runs: PlannedRun[], priority?: number) =>
      createExperiment(t.database.db, { ownerId, preset: "test", title: "test", options: {}, runs, ...(priority === undefined ? {} : { priority }) });
    const claimNextRun = async (db: typeof t.database.db, daemon: string, room?: ClaimRoom) =>
      (await db.transaction((tx) => claimRun(tx, daemon, room))).claimed?.run ?? null;
    const claim = async (daemon = "d1") => (await claimNextRun(t.database.db, daemon))?.key ?? null;

    before(async () => {
      t = await createTestDatabase(engine);
      const rows = await t.database.db.insert(users).values([{ name: "alice", role: "member" }, { name: "bob", role: "member" }]).returning();
      [alice, bob] = rows.map((u) => u.id) as [string, string];
    });
    after(() => t.dispose());
    // Each test starts from an empty queue.
    beforeEach(() => t.database.db.execute(sql`update runs set status = 'succeeded', daemon_id = null where status <> 'succeeded'`));

    test("users with queued runs take turns: a 20-run grid does not starve another user's single run", async () => {
      await experiment(alice, Array.from({ length: 20 }, (_, i) => run(`a${String(i).padStart(2, "0")}`)));
      await experiment(bob, [run("b0"), run("b1")]);
      // Three slots at once: alice, bob, then alice again (bob holds one of two running, alice one).
      assert.deepEqual([await claim(), await claim()], ["a00", "b0"]);
      assert.equal(await claim(), "a01", "with one running each, the user whose last run started earlier goes first");
      // One slot, each run finishing before the next is claimed: strict alternation.
      await t.database.db.execute(sql`update runs set status = 'succeeded' where status = 'running'`);
      const order: string[] = [];
      for (let i = 0; i < 4; i++) {
        const next = await claimNextRun(t.database.db, "d1");
        order.push(next!.key);
        await finishRun(t.database.db, next!.id, { status: "succeeded" });
      }
      assert.deepEqual(order, ["b1", "a02", "a03", "a04"], "bob's last run goes before alice's next; then alice alone");
    });

    test("a claim with little room takes the head of the queue only if its memory estimate fits", async () => {
      const db = t.database.db;
      await createExperiment(db, { ownerId: alice, preset: "test", title: "small", options: {}, runs: [run("s0"), run("s1")], memoryMb: 3000 });
      const roomy = await claimNextRun(db, "d1", { estimatedUpToMb: 5000 });
      assert.equal(roomy?.key, "s0");
      assert.equal(roomy?.memoryMb, 3000);
      assert.equal(await claimNextRun(db, "d1", { estimatedUpToMb: 2000 }), null, "3,000 MiB do not fit in 2,000");
      assert.equal((await claimNextRun(db, "d1", { estimatedUpToMb: 3000 }))?.key, "s1");
      // A run without an estimate needs an idle device; runs behind it do not overtake it.
      await createExperiment(db, { ownerId: bob, preset: "test", title: "whole", options: {}, runs: [run("w0")] });
      await createExperiment(db, { ownerId: bob, preset: "test", title: "small later", options: {}, runs: [run("s2")], memoryMb: 1000 });
      assert.equal(await claimNextRun(db, "d1", { estimatedUpToMb: 100_000 }), null);
      assert.equal((await claimNextRun(db, "d1"))?.key, "w0");
      assert.equal((await claimNextRun(db, "d1", { estimatedUpToMb: 1000 }))?.key, "s2");
    });

    test("priority goes before fairness and age; it can be set per experiment or per run", async () => {
      const low = await experiment(alice, [run("low1"), run("low2")], -5);
      const normal = await experiment(bob, [run("normal")]);
      assert.equal(await claim(), "normal");
      assert.equal(await claim(), "low1");
      await setPriority(t.database.db, { runId: low.runIds.low2! }, 10);
      await experiment(bob, [run("later")]);
      assert.equal(await claim(), "low2", "raised above bob's newer run");
      assert.equal((await getRun(t.database.db, normal.runIds.normal!))?.priority, 0);
      assert.deepEqual((await setPriority(t.database.db, { experimentId: low.id }, 3)).length, 2);
    });

    test("dependencies still gate claims, and concurrent claims never take one run twice", async () => {
      await experiment(alice, [run("root"), ...Array.from({ length: 12 }, (_, i) => run(`child${i}`, ["root"]))]);
      await experiment(bob, Array.from({ length: 12 }, (_, i) => run(`solo${i}`)));
      const claims = await Promise.all(Array.from({ length: 16 }, (_, i) => claimNextRun(t.database.db, `d${i % 3}`)));
      const keys = claims.filter((c) => c !== null).map((c) => c.key);
      assert.equal(new Set(keys).size, keys.length, `no run claimed twice: ${keys.join(", ")}`);
      assert.equal(keys.length, 13, "root and bob's 12; the children wait for root");
      assert.ok(!keys.some((k) => k.startsWith("child")));
    });

    test("retry queues a failed run from scratch and frees the dependents its failure blocked", async () => {
      const { runIds } = await experiment(alice, [run("p"), run("c1", ["p"]), run("c2", ["c1"]), run("other"), run("c3", ["p", "other"])]);
      await cancelRun(t.database.db, runIds.other!, alice);
      await t.database.db.execute(sql`update runs set status = 'running' where id = ${runIds.p!}`);
      const failed = await finishRun(t.database.db, runIds.p!, { status: "failed", error: "NaN loss" });
      assert.deepEqual(failed.map((c) => [c.run.key, c.run.status, c.type]), [["p", "failed", "run.failed"], ["c1", "blocked", "run.blocked"], ["c2", "blocked", "run.blocked"]]);
      await insertMetrics(t.database.db, runIds.p!, [{ phase: "train", epoch: 1, step: 1, name: "train_acc", value: 0.1, time: 1 }]);
      await recordArtifact(t.database.db, { runId: runIds.p!, name: "checkpoint-epoch-5", kind: "checkpoint", path: "runs/p/checkpoint-epoch-5", size: 1, sha256: "x" });
      const previous = { status: "failed", error: "NaN loss" };
      assert.equal(await retryRun(t.database.db, runIds.c1!, alice, previous), null, "a blocked run is not retried");
      const retried = await retryRun(t.database.db, runIds.p!, alice, previous);
      assert.ok(retried);
      const [self, ...unblocked] = retried.changes;
      assert.equal(self?.run.status, "queued");
      assert.equal(self?.run.error, null);
      assert.equal(self?.type, "run.retried");
      assert.deepEqual(unblocked.map((c) => c.run.id).sort(), [runIds.c1, runIds.c2].sort(), "c3 stays blocked: `other` is still cancelled");
      assert.ok(unblocked.every((c) => c.type === "run.unblocked" && c.run.status === "queued"));
      assert.deepEqual(retried.removedArtifacts, ["runs/p/checkpoint-epoch-5"]);
      assert.deepEqual(await metricsOf(t.database.db, runIds.p!), []);
      assert.equal((await getRun(t.database.db, runIds.c3!))?.status, "blocked");
      assert.equal((await retryRun(t.database.db, runIds.other!, alice, previous))?.changes[1]?.run.id, runIds.c3, "retrying `other` frees c3");
      assert.equal(await retryRun(t.database.db, runIds.p!, alice, previous), null, "a queued run is not retried");
    });

    test("requeue with a new configuration; pause and resume; stop requests reach the daemon that runs it", async () => {
      const { runIds } = await experiment(alice, [run("x"), run("y")]);
      const change = (config: Record<string, unknown>, epochs: number) => ({ config, epochs, changes: config, previous: "queued" });
      const requeued = (await requeueRun(t.database.db, runIds.y!, change({ lr: 0.5 }, 3), alice))?.changes[0]?.run;
      assert.deepEqual([requeued?.config, requeued?.epochs], [{ lr: 0.5 }, 3]);
      const held = await pauseRun(t.database.db, runIds.y!, alice);
      assert.deepEqual([held?.run.status, held?.type], ["paused", "run.paused"]);
      assert.equal(await claim(), "x", "a paused run is not claimed");
      assert.equal(await claim(), null);
      assert.equal(await requeueRun(t.database.db, runIds.x!, change({}, 1), alice), null, "a running run is not requeued");
      const asked = await pauseRun(t.database.db, runIds.x!, alice);
      assert.deepEqual([asked?.run.status, asked?.run.stopRequest, asked?.type], ["running", "pause", "run.pause-requested"]);
      assert.deepEqual(await stopRequestsFor(t.database.db, "d1"), [{ id: runIds.x!, stopRequest: "pause" }]);
      assert.deepEqual(await stopRequestsFor(t.database.db, "d2"), []);
      await t.database.db.execute(sql`update runs set started_at = now() - interval '2 seconds' where id = ${runIds.x!}`);
      const taken = await takeBackRunsOf(t.database.db, "d1", "shut down");
      assert.ok(Math.abs(taken[0]!.run.activeMs - 2000) < 500, `ran about 2 s: ${taken[0]!.run.activeMs} ms`);
      assert.deepEqual(taken.map((c) => [c.run.id, c.run.status, c.type]), [[runIds.x!, "paused", "run.paused"]], "stopped at shutdown as asked: paused");
      assert.equal((await resumeRun(t.database.db, runIds.y!, alice))?.run.status, "queued");
      assert.equal(await resumeRun(t.database.db, runIds.y!, alice), null);
      assert.deepEqual(
        (await eventsOfRun(t.database.db, runIds.x!)).map((e) => e.type),
        ["run.claimed", "run.pause-requested", "run.paused"],
        "every change has its event, in order",
      );
      assert.equal(await runOwnerId(t.database.db, runIds.x!), alice);
    });

    test("a daemon whose heartbeat is stale loses its runs to the queue; live daemons keep theirs", async () => {
      await experiment(bob, [run("live"), run("dead1"), run("dead2"), run("ghost")]);
      await registerDaemon(t.database.db, { id: "alive", host: "h1", pid: 1, url: "http://h1" });
      await registerDaemon(t.database.db, { id: "stale", host: "h2", pid: 2, url: "http://h2" });
      await t.database.db.execute(sql`update daemons set heartbeat_at = now() - interval '1 minute' where id = 'stale'`);
      const live = await claimNextRun(t.database.db, "alive");
      const dead1 = await claimNextRun(t.database.db, "stale");
      const dead2 = await claimNextRun(t.database.db, "stale");
      const ghost = await claimNextRun(t.database.db, "never-registered");
      await pauseRun(t.database.db, dead2!.id, bob);
      await heartbeat(t.database.db, "alive");
      const taken = await takeBackRunsOfDeadDaemons(t.database.db, 30_000, "alive");
      const daemonOf = new Map([[dead1!.id, "stale"], [dead2!.id, "stale"], [ghost!.id, "never-registered"]]);
      assert.deepEqual(
        taken.map((c) => [c.run.id, daemonOf.get(c.run.id), c.run.status]).sort(),
        [[dead1!.id, "stale", "queued"], [dead2!.id, "stale", "paused"], [ghost!.id, "never-registered", "queued"]].sort(),
      );
      assert.equal((await getRun(t.database.db, live!.id))?.status, "running");
      assert.deepEqual(await takeBackRunsOfDeadDaemons(t.database.db, 30_000, "alive"), [], "taken back once");
      const activeMs = new Map(taken.map((c) => [c.run.id, c.run.activeMs]));
      assert.equal(activeMs.get(dead1!.id), 0, "claimed after its daemon's last heartbeat: it never ran as far as anyone knows");
      assert.equal((await t.database.db.select().from(daemons)).length, 2);
    });

    test("resuming drops only the points after the checkpoint's epoch; the latest checkpoint is found", async () => {
      const { runIds } = await experiment(alice, [run("r")]);
      const id = runIds.r!;
      const points = [1, 2, 3, 4, 5, 6, 7].map((epoch) => ({ phase: "train", epoch, step: epoch * 10, name: "train_acc", value: epoch / 10, time: epoch }));
      await insertMetrics(t.database.db, id, points);
      for (const name of ["checkpoint-epoch-0", "checkpoint-epoch-10", "checkpoint-epoch-5", "boundary"]) {
        await recordArtifact(t.database.db, { runId: id, name, kind: "checkpoint", path: `runs/${id}/${name}`, size: 1, sha256: "x" });
      }
      assert.equal((await latestCheckpoint(t.database.db, id))?.epoch, 10);
      await t.database.db.delete(artifacts).where(sql`name = 'checkpoint-epoch-10'`);
      assert.equal((await latestCheckpoint(t.database.db, id))?.epoch, 5);
      assert.equal(await deleteMetricsAfter(t.database.db, id, 5), 2);
      assert.deepEqual((await metricsOf(t.database.db, id)).map((m) => m.epoch), [1, 2, 3, 4, 5]);
    });
  });
}
