// The run-control procedures and runs.onEvent through createCaller, on a real database and a
// scheduler that trains nothing (concurrency 0): the lifecycle's decisions without workers.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createUser, ensureAdmin, getRun, type User } from "@minima/db";
import { createTestDatabase, testEngines, type TestDatabase } from "@minima/db/testing";
import type { RunUpdate } from "@minima/metrics";
import { silentLogger } from "../../daemon/logger.ts";
import type { Services } from "../context.ts";
import { appRouter } from "../router.ts";
import { idleServices, refusal } from "../../../test/services.ts";

for (const engine of testEngines()) {
  describe(`run control through the routers on ${engine}`, () => {
    let t: TestDatabase;
    let services: Services;
    let admin: User;
    let bob: User;
    const store = mkdtempSync(path.join(tmpdir(), "minima-caller-test-"));
    const as = (user: User) => appRouter.createCaller({ ...services, user, logger: silentLogger() });
    /** A Figure 1 experiment: (a) and (b) queued, (c) and (d) waiting for (b). */
    const figure1 = async (user = admin) => {
      const { id } = await as(user).experiments.create({ preset: "figure1-toy", options: { epochScale: 0.001 } });
      const { runs } = await as(user).experiments.get({ id });
      return Object.fromEntries(runs.map((r) => [r.key, r.id])) as Record<"a" | "b" | "c" | "d", string>;
    };
    const statusOf = async (id: string) => (await getRun(t.database.db, id))?.status;
    const query = async (text: string): Promise<Array<Record<string, unknown>>> => {
      const result: unknown = await t.database.db.execute(text);
      return (result as { rows: Array<Record<string, unknown>> }).rows;
    };
    const eventCount = async () => Number((await query("select count(*) as n from events"))[0]!.n);

    before(async () => {
      t = await createTestDatabase(engine);
      services = idleServices(t.database.db, store);
      admin = (await ensureAdmin(t.database.db))!.user;
      bob = (await createUser(t.database.db, "bob", "member"))!;
    });
    after(async () => {
      await t.dispose();
      rmSync(store, { recursive: true, force: true });
    });

    test("pause, resume, cancel and retry follow the lifecycle, each recorded with who did it", async () => {
      const runs = await figure1();
      assert.deepEqual(await as(admin).runs.pause({ id: runs.a }), { status: "paused" });
      assert.match(await refusal(as(admin).runs.pause({ id: runs.a })), /CONFLICT: .* is paused; only queued or running runs are paused/);
      assert.deepEqual(await as(admin).runs.resume({ id: runs.a }), { status: "queued" });
      assert.deepEqual(await as(admin).runs.cancel({ id: runs.b }), { ok: true });
      assert.deepEqual([await statusOf(runs.c), await statusOf(runs.d)], ["blocked", "blocked"], "(c) and (d) cannot start without (b)");
      assert.match(await refusal(as(admin).runs.cancel({ id: runs.b })), /CONFLICT: .* has already cancelled/);
      const { unblocked } = await as(admin).runs.retry({ id: runs.b });
      assert.deepEqual(unblocked.sort(), [runs.c, runs.d].sort(), "retrying (b) frees (c) and (d)");
      assert.deepEqual([await statusOf(runs.b), await statusOf(runs.c), await statusOf(runs.d)], ["queued", "queued", "queued"]);
      const history = (await as(admin).runs.events({ id: runs.b })).map((e) => [e.type, e.actor]);
      assert.deepEqual(history, [["run.cancelled", "admin"], ["run.retried", "admin"]]);
      assert.deepEqual((await as(admin).runs.events({ id: runs.c })).map((e) => [e.type, e.actor]), [["run.blocked", null], ["run.unblocked", null]]);
    });

    test("a refused mutation changes nothing: an option every object has is not an option of a run", async () => {
      const runs = await figure1();
      await as(admin).runs.cancel({ id: runs.a });
      const before = await eventCount();
      for (const name of ["toString", "hasOwnProperty", "valueOf"]) {
        assert.match(await refusal(as(admin).runs.requeue({ id: runs.a, options: { [name]: "x" } })), new RegExp(`BAD_REQUEST: Unknown option ${name}`));
      }
      assert.match(await refusal(as(admin).runs.requeue({ id: runs.a, options: { lr: -1 } })), /BAD_REQUEST: Invalid options/);
      assert.equal(await statusOf(runs.a), "cancelled", "still cancelled");
      assert.equal(await eventCount(), before, "no event recorded");
      assert.deepEqual(await as(admin).runs.requeue({ id: runs.a, options: { lr: 0.05 } }), { status: "queued" });
      assert.equal((await getRun(t.database.db, runs.a))?.config.lr, 0.05);
    });

    test("members control only their own runs; the owner rule is checked before anything is read or written", async () => {
      const mine = await figure1(bob);
      const admins = await figure1();
      assert.match(await refusal(as(bob).runs.pause({ id: admins.a })), /FORBIDDEN: Members pause only their own runs/);
      assert.match(await refusal(as(bob).runs.requeue({ id: admins.a, options: {} })), /FORBIDDEN: Members requeue only their own runs/);
      assert.match(await refusal(as(bob).experiments.cancel({ id: (await getRun(t.database.db, admins.a))!.experimentId })), /FORBIDDEN: .*this one is admin's/);
      assert.match(await refusal(as(bob).runs.cancel({ id: "00000000-0000-4000-8000-000000000000" })), /NOT_FOUND/);
      assert.equal(await statusOf(admins.a), "queued");
      assert.deepEqual(await as(bob).runs.pause({ id: mine.a }), { status: "paused" });
    });

    test("a running run is only asked to pause or cancel; the daemon that runs it carries it out", async () => {
      const runs = await figure1();
      await query(`update runs set status = 'running', daemon_id = 'elsewhere', started_at = now() where id = '${runs.a}'`);
      assert.deepEqual(await as(admin).runs.pause({ id: runs.a }), { status: "pausing" });
      const run = await as(admin).runs.get({ id: runs.a });
      assert.deepEqual([run.status, run.stopRequest], ["running", "pause"]);
      assert.match(await refusal(as(admin).runs.resume({ id: runs.a })), /still on its way to a checkpoint/);
      assert.deepEqual(await as(admin).runs.cancel({ id: runs.a }), { ok: true });
      assert.deepEqual((await as(admin).runs.get({ id: runs.a })).stopRequest, "cancel");
      assert.match(await refusal(as(admin).runs.cancel({ id: runs.a })), /is already being cancelled/);
    });

    test("runs.onEvent resumes from an event id: what changed meanwhile comes first, as it is now", async () => {
      const runs = await figure1();
      const seen: Array<{ id: string; update: RunUpdate }> = [];
      const listen = async (lastEventId: string | null, until: (u: RunUpdate) => boolean) => {
        const controller = new AbortController();
        const stream = await appRouter.createCaller({ ...services, user: admin, logger: silentLogger() }, { signal: controller.signal }).runs.onEvent({ lastEventId });
        const got: typeof seen = [];
        for await (const message of stream as AsyncIterable<[string, RunUpdate]>) {
          const [id, update] = message;
          got.push({ id, update });
          if (until(update)) break;
        }
        controller.abort();
        return got;
      };
      // Live: a pause arrives with its event's id.
      const live = listen(null, (u) => u.runId === runs.a && u.status === "paused");
      await new Promise((resolve) => setTimeout(resolve, 50));
      await as(admin).runs.pause({ id: runs.a });
      const [paused] = (await live).filter((m) => m.update.runId === runs.a);
      assert.ok(paused && /^\d+$/.test(paused.id) && paused.update.eventId === Number(paused.id), `an event id: ${paused?.id}`);
      seen.push(paused);
      // Disconnected: (b) is cancelled; on resuming, its current state comes first.
      await as(admin).runs.cancel({ id: runs.b });
      const resumed = await listen(paused.id, (u) => u.runId === runs.b);
      assert.equal(resumed.at(-1)?.update.status, "cancelled");
      assert.ok(Number(resumed.at(-1)!.id.split(".")[0]) >= Number(paused.id), "ids keep growing");
      // An id no daemon of this database handed out (an old daemon's counter): every live run's state.
      const unknown = await listen("987654321", (u) => u.runId === runs.a);
      assert.equal(unknown.at(-1)?.update.status, "paused");
      const bad = await refusal(listen("99999999999999999999", () => true));
      assert.match(bad, /BAD_REQUEST/);
    });

    test("runs.list sorts by a validated column, pages by its cursor, and refuses another sort's cursor", async () => {
      const runs = await figure1(bob);
      await t.database.db.execute(`insert into metrics (run_id, phase, epoch, step, name, value, time) values
        ('${runs.a}', 'train', 1, 1, 'test_acc', 0.9, 0), ('${runs.b}', 'train', 1, 1, 'test_acc', 0.1, 0), ('${runs.c}', 'train', 1, 1, 'test_acc', 0.5, 0)`);
      const { experimentId } = await as(bob).runs.get({ id: runs.a });
      const first = await as(bob).runs.list({ experimentId, sort: "testAcc", sortDirection: "desc", limit: 2 });
      assert.deepEqual(first.items.map((r) => [r.key, r.testAcc]), [["a", 0.9], ["c", 0.5]]);
      const second = await as(bob).runs.list({ experimentId, sort: "testAcc", sortDirection: "desc", limit: 2, cursor: first.nextCursor });
      assert.deepEqual(second.items.map((r) => [r.key, r.testAcc]), [["b", 0.1], ["d", null]], "no accuracy yet: last");
      assert.match(await refusal(as(bob).runs.list({ experimentId, sort: "seed", cursor: first.nextCursor })), /BAD_REQUEST: .*for this sort/);
      assert.match(await refusal(as(bob).runs.list({ sort: "config" as "seed" })), /BAD_REQUEST/);
      assert.match(await refusal(as(bob).runs.list({ sort: "seed", sortDirection: "up" as "asc" })), /BAD_REQUEST/);
    });
  });
}
