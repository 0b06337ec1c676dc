// experiments.annotate and runs.annotate through createCaller on a real database: who may
// annotate what, the limits and their messages, the events and announcements, and the search.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createUser, ensureAdmin, type User } from "@minima/db";
import { createTestDatabase, testEngines, type TestDatabase } from "@minima/db/testing";
import type { RunUpdate } from "@minima/metrics";
import { TRPCError } from "@trpc/server";
import { silentLogger } from "../../daemon/logger.ts";
import type { Services } from "../context.ts";
import { describeInputError, isInputError } from "../input-errors.ts";
import { appRouter } from "../router.ts";
import { idleServices } from "../../../test/services.ts";

/** "CODE: message" of a refused call, the message as the wire says it. */
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => assert.fail("expected a refusal"),
    (error: unknown) => {
      assert.ok(error instanceof TRPCError, String(error));
      return `${error.code}: ${isInputError(error.cause) ? describeInputError(error.cause) : error.message}`;
    },
  );

for (const engine of testEngines()) {
  describe(`annotating experiments and runs on ${engine}`, () => {
    let t: TestDatabase;
    let services: Services;
    let admin: User;
    let mia: User;
    let bob: User;
    let vera: User;
    const store = mkdtempSync(path.join(tmpdir(), "minima-annotate-test-"));
    const as = (user: User) => appRouter.createCaller({ ...services, user, logger: silentLogger() });
    const toy = async (user: User) => {
      const { id } = await as(user).experiments.create({ preset: "figure1-toy", options: { epochScale: 0.001 } });
      const { runs } = await as(user).experiments.get({ id });
      return { id, runIds: runs.map((r) => r.id) };
    };

    before(async () => {
      t = await createTestDatabase(engine);
      services = idleServices(t.database.db, store);
      admin = (await ensureAdmin(t.database.db))!.user;
      mia = (await createUser(t.database.db, "mia", "member"))!;
      bob = (await createUser(t.database.db, "bob", "member"))!;
      vera = (await createUser(t.database.db, "vera", "viewer"))!;
    });
    after(async () => {
      await t.dispose();
      rmSync(store, { recursive: true, force: true });
    });

    test("an owner annotates their experiment and run; another member and a viewer are refused; an admin may", async () => {
      const mine = await toy(mia);
      assert.deepEqual(await as(mia).experiments.annotate({ id: mine.id, name: "  lr sweep  ", tags: ["Figure-1", "sweep", "figure-1"] }), {
        name: "lr sweep",
        notes: "",
        tags: ["figure-1", "sweep"],
      });
      assert.match(await refusal(as(bob).experiments.annotate({ id: mine.id, name: "mine now" })), /^FORBIDDEN: Members annotate only their own experiments; this one is mia's\.$/);
      assert.match(await refusal(as(bob).runs.annotate({ id: mine.runIds[0]!, tags: ["x"] })), /^FORBIDDEN: Members annotate only their own runs\.$/);
      assert.match(await refusal(as(vera).experiments.annotate({ id: mine.id, notes: "hi" })), /^FORBIDDEN: This needs the member role; vera is a viewer\.$/);
      assert.match(await refusal(as(vera).runs.annotate({ id: mine.runIds[0]!, notes: "hi" })), /^FORBIDDEN: This needs the member role/);
      await as(admin).experiments.annotate({ id: mine.id, notes: "checked by admin" });
      await as(mia).runs.annotate({ id: mine.runIds[1]!, name: "random labels", notes: "plateau at 0.5" });
      const { experiment, runs } = await as(vera).experiments.get({ id: mine.id });
      assert.deepEqual([experiment.name, experiment.notes, experiment.tags], ["lr sweep", "checked by admin", ["figure-1", "sweep"]]);
      assert.deepEqual([runs[1]!.name, runs[1]!.notes], ["random labels", "plateau at 0.5"]);
      await as(mia).experiments.annotate({ id: mine.id, name: "" });
      assert.equal((await as(vera).experiments.get({ id: mine.id })).experiment.name, null, "an empty name clears it");
      assert.match(await refusal(as(admin).runs.annotate({ id: "00000000-0000-4000-8000-000000000000", name: "x" })), /^NOT_FOUND: No run/);
    });

    test("limits are refused with messages that say what to fix, and change nothing", async () => {
      const mine = await toy(mia);
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ name: "n".repeat(121) }, /name: A name has at most 120 characters/],
        [{ notes: "n".repeat(10_001) }, /notes: Notes hold at most 10,000 characters/],
        [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, /tags: At most 20 tags/],
        [{ tags: ["two words"] }, /tags\.0: The tag "two words" is not a slug: use lowercase letters, digits and single dashes/],
        [{ tags: ["a".repeat(41)] }, /tags\.0: The tag "a{20}…" has 41 characters; a tag has at most 40/],
        [{ tags: [""] }, /A tag cannot be empty/],
        [{}, /Give at least one of name, notes and tags/],
      ];
      for (const [fields, message] of cases) {
        assert.match(await refusal(as(mia).experiments.annotate({ id: mine.id, ...fields })), message);
        assert.match(await refusal(as(mia).runs.annotate({ id: mine.runIds[0]!, ...fields })), message);
      }
      const { experiment, runs } = await as(mia).experiments.get({ id: mine.id });
      assert.deepEqual([experiment.name, experiment.notes, experiment.tags, runs[0]!.tags], [null, "", [], []]);
    });

    test("a change appends an event naming who made it and is announced to every run watcher", async () => {
      const mine = await toy(mia);
      const seen: RunUpdate[] = [];
      const controller = new AbortController();
      const listening = (async () => {
        for await (const [update] of services.bus.runUpdates(controller.signal)) seen.push(update);
      })().catch(() => {});
      await as(mia).runs.annotate({ id: mine.runIds[0]!, tags: ["keep"] });
      await as(admin).experiments.annotate({ id: mine.id, name: "named" });
      controller.abort();
      await listening;
      const history = await as(vera).runs.events({ id: mine.runIds[0]! });
      const annotated = history.find((e) => e.type === "run.annotated");
      assert.deepEqual([annotated?.actor, annotated?.data], ["mia", { tags: ["keep"] }]);
      const query = await t.database.db.execute(`select actor_id, data from events where type = 'experiment.annotated' and experiment_id = '${mine.id}'`);
      assert.deepEqual((query as { rows: unknown[] }).rows, [{ actor_id: admin.id, data: { name: "named" } }]);
      assert.equal(seen.filter((u) => u.annotated && u.runId === mine.runIds[0]).length, 2, "the run, then its experiment");
      assert.deepEqual(new Set(seen.filter((u) => u.annotated).map((u) => u.runId)), new Set(mine.runIds), "every run of the experiment is announced");
    });

    test("a name, notes and tags given when queueing are kept, checked by the same rules", async () => {
      const { id } = await as(mia).experiments.create({
        preset: "figure1-toy",
        options: { epochScale: 0.001 },
        name: "Toy, queued named",
        notes: "from the form",
        tags: ["Queue-Time", "toy", "toy"],
      });
      const { experiment } = await as(vera).experiments.get({ id });
      assert.deepEqual([experiment.name, experiment.notes, experiment.tags], ["Toy, queued named", "from the form", ["queue-time", "toy"]]);
      assert.deepEqual((await as(vera).experiments.list({ tag: "queue-time" })).map((e) => e.id), [id]);
      const before = (await as(mia).experiments.list()).length;
      assert.match(await refusal(as(mia).experiments.create({ preset: "figure1-toy", tags: ["two words"] })), /The tag "two words" is not a slug/);
      assert.equal((await as(mia).experiments.list()).length, before, "a refused create queues nothing");
    });

    test("runs.list and experiments.list find by tag and by name", async () => {
      const found = await toy(bob);
      const other = await toy(bob);
      await as(bob).experiments.annotate({ id: found.id, name: "Needle in a haystack", tags: ["needle-7"] });
      await as(bob).runs.annotate({ id: other.runIds[2]!, name: "odd one", tags: ["odd-run"] });
      assert.deepEqual((await as(vera).experiments.list({ tag: "needle-7" })).map((e) => e.id), [found.id]);
      assert.deepEqual((await as(vera).experiments.list({ search: "haystack" })).map((e) => e.id), [found.id]);
      assert.ok((await as(vera).experiments.list()).length >= 2, "no filter: every experiment");
      const byTag = await as(vera).runs.list({ tag: "needle-7" });
      assert.deepEqual(new Set(byTag.items.map((r) => r.id)), new Set(found.runIds));
      assert.equal(byTag.items[0]?.experimentName, "Needle in a haystack");
      assert.deepEqual((await as(vera).runs.list({ search: "odd one" })).items.map((r) => r.id), [other.runIds[2]]);
      assert.deepEqual((await as(vera).runs.list({ tag: "odd-run" })).items.map((r) => [r.name, r.tags]), [["odd one", ["odd-run"]]]);
    });
  });
}
