import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { TRPCClientError } from "@trpc/client";
import { issueToken } from "@minima/db";
import { users } from "@minima/db/schema";
import { createMinimaClient, type MinimaClient } from "../client/index.ts";
import { startTestDaemon, type TestDaemon } from "../../test/harness.ts";

/** The error code and message a call fails with, or "resolved". */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "resolved";
  } catch (error) {
    assert.ok(error instanceof TRPCClientError);
    return `${(error.data as { code: string }).code}: ${error.message}`;
  }
}

// A daemon that runs nothing (--concurrency 0): every run stays where the API puts it.
describe("queue control through the API", () => {
  let t: TestDaemon;
  let bob: MinimaClient;
  before(async () => {
    t = await startTestDaemon({ concurrency: "0" });
    const [member] = await t.daemon.database.db.insert(users).values({ name: "bob", role: "member" }).returning();
    bob = createMinimaClient({ url: t.daemon.url, token: await issueToken(t.daemon.database.db, member!.id) });
  });
  after(async () => {
    await bob.close();
    await t.stop();
  });

  const runsOf = async (id: string) => Object.fromEntries((await t.client.api.experiments.get.query({ id })).runs.map((r) => [r.key, r]));

  test("pause, resume, cancel, retry and requeue move runs as they should, and each is recorded with who did it", async () => {
    const { api } = t.client;
    const { id } = await api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.001 } });
    let runs = await runsOf(id);
    assert.deepEqual(await api.runs.pause.mutate({ id: runs.a!.id }), { status: "paused" });
    assert.match(await outcome(api.runs.pause.mutate({ id: runs.a!.id })), /CONFLICT: .* is paused; only queued or running runs are paused/);
    assert.deepEqual(await api.runs.resume.mutate({ id: runs.a!.id }), { status: "queued" });

    await api.runs.cancel.mutate({ id: runs.b!.id });
    runs = await runsOf(id);
    assert.deepEqual([runs.b!.status, runs.c!.status, runs.d!.status], ["cancelled", "blocked", "blocked"]);
    assert.match(await outcome(api.runs.retry.mutate({ id: runs.c!.id })), /CONFLICT: .* is blocked; only failed or cancelled runs are retried/);
    const { unblocked } = await api.runs.retry.mutate({ id: runs.b!.id });
    assert.deepEqual(unblocked.sort(), [runs.c!.id, runs.d!.id].sort());
    runs = await runsOf(id);
    assert.deepEqual([runs.b!.status, runs.c!.status, runs.d!.status], ["queued", "queued", "queued"]);

    const config = (await api.runs.get.query({ id: runs.a!.id })).config;
    assert.deepEqual(await api.runs.requeue.mutate({ id: runs.a!.id, options: { lr: 0.05, epochs: 3 } }), { status: "queued" });
    const requeued = await api.runs.get.query({ id: runs.a!.id });
    assert.deepEqual([requeued.config.lr, requeued.epochs], [0.05, 3]);
    assert.deepEqual({ ...requeued.config, lr: config.lr, epochs: config.epochs }, config, "nothing else changed");
    assert.match(await outcome(api.runs.requeue.mutate({ id: runs.a!.id, options: { lr: -1 } })), /BAD_REQUEST: Invalid options for this toy run \(lr: /);
    assert.match(await outcome(api.runs.requeue.mutate({ id: runs.a!.id, options: { learningRate: 1 } })), /BAD_REQUEST: Unknown option learningRate; a toy run has augment, batchSize, dataSeed/);

    const history = (await api.runs.events.query({ id: runs.b!.id })).map((e) => `${e.type} by ${e.actor ?? "daemon"}`);
    assert.deepEqual(history, ["run.cancelled by admin", "run.retried by admin"]);
    const aHistory = (await api.runs.events.query({ id: runs.a!.id })).map((e) => e.type);
    assert.deepEqual(aHistory, ["run.paused", "run.resumed", "run.requeued"]);
  });

  test("members control only their own runs and may only lower priorities; admins may do anything", async () => {
    const admins = await t.client.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.001 } });
    const adminRun = (await runsOf(admins.id)).a!;
    assert.match(await outcome(bob.api.runs.pause.mutate({ id: adminRun.id })), /FORBIDDEN: Members pause only their own runs/);
    assert.match(await outcome(bob.api.runs.cancel.mutate({ id: adminRun.id })), /FORBIDDEN: Members cancel only their own runs/);
    assert.match(await outcome(bob.api.runs.setPriority.mutate({ experimentId: admins.id, priority: -1 })), /FORBIDDEN/);
    assert.match(
      await outcome(bob.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.001 }, priority: 5 })),
      /FORBIDDEN: Members may lower their runs' priority \(at most 0\); 5 needs an admin/,
    );

    const mine = await bob.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.001 }, priority: -2 });
    const bobRuns = await runsOf(mine.id);
    assert.ok(Object.values(bobRuns).every((r) => r.priority === -2));
    assert.deepEqual(await bob.api.runs.setPriority.mutate({ id: bobRuns.a!.id, priority: 0 }), { runs: 1 });
    assert.match(await outcome(bob.api.runs.setPriority.mutate({ id: bobRuns.a!.id, priority: 1 })), /FORBIDDEN/);
    assert.deepEqual(await bob.api.runs.pause.mutate({ id: bobRuns.b!.id }), { status: "paused" });
    assert.deepEqual(await t.client.api.runs.setPriority.mutate({ experimentId: mine.id, priority: 50 }), { runs: 4 });
    assert.ok(Object.values(await runsOf(mine.id)).every((r) => r.priority === 50));
    assert.deepEqual(await t.client.api.runs.resume.mutate({ id: bobRuns.b!.id }), { status: "queued" });
    assert.match(await outcome(t.client.api.runs.setPriority.mutate({ priority: 1 })), /BAD_REQUEST/);
  });

  test("cancelling an experiment cancels its unfinished runs; members cancel only their own experiments", async () => {
    const admins = await t.client.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.001 }, fresh: true });
    assert.match(await outcome(bob.api.experiments.cancel.mutate({ id: admins.id })), /FORBIDDEN: Members cancel only their own experiments; this one is admin's/);
    const mine = await bob.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.001 }, fresh: true });
    await bob.api.runs.pause.mutate({ id: (await runsOf(mine.id)).a!.id });
    assert.deepEqual(await bob.api.experiments.cancel.mutate({ id: mine.id }), { cancelled: 4 });
    assert.deepEqual(Object.values(await runsOf(mine.id)).map((r) => r.status), ["cancelled", "cancelled", "cancelled", "cancelled"]);
    assert.deepEqual(await bob.api.experiments.cancel.mutate({ id: mine.id }), { cancelled: 0 }, "nothing left to cancel");
    assert.deepEqual((await t.client.api.experiments.cancel.mutate({ id: admins.id })).cancelled, 4);
    assert.match(await outcome(bob.api.experiments.cancel.mutate({ id: "00000000-0000-4000-8000-000000000000" })), /NOT_FOUND/);
  });

  test("runs.list filters by owner, preset, status and search, and pages with a cursor", async () => {
    const { api } = t.client;
    const all = await api.runs.list.query();
    assert.equal(all.total, all.items.length);
    assert.ok(all.items.every((r) => r.preset === "figure1-toy"));
    const bobs = await api.runs.list.query({ owner: "bob" });
    assert.ok(bobs.total >= 8 && bobs.items.every((r) => r.owner === "bob"));
    const cancelled = await api.runs.list.query({ owner: "bob", status: ["cancelled"], search: "RANDOM LABELS" });
    assert.deepEqual(cancelled.items.map((r) => [r.key, r.status]), [["b", "cancelled"]]);
    assert.equal((await api.runs.list.query({ owner: "bob", search: "from (b)" })).total, 4, "(c) and (d) of both experiments");
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof api.runs.list.query>> = await api.runs.list.query({ order: "newest", limit: 3, cursor });
      pages.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(new Set(pages), new Set(all.items.map((r) => r.id)));
    assert.equal(pages.length, all.total);
    assert.match(await outcome(api.runs.list.query({ cursor: "forged" })), /BAD_REQUEST: This cursor was not handed out by runs.list/);
    assert.match(await outcome(api.runs.list.query({ limit: 0 })), /BAD_REQUEST/);
  });
});
