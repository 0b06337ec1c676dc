import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, testEngines, type TestDatabase } from "../testing.ts";
import { annotateExperiment, annotateRun } from "./annotations.ts";
import { eventsOfRun } from "./events.ts";
import { createExperiment, getExperiment, listExperiments } from "./experiments.ts";
import { pageRuns } from "./run-pages.ts";
import { ensureAdmin } from "./users.ts";
import { events } from "../schema/index.ts";
import { eq } from "drizzle-orm";

const plan = (ownerId: string, title: string) => ({
  ownerId,
  preset: "test",
  title,
  options: {},
  runs: [{ key: "a", title: "only run", kind: "toy", config: { title }, epochs: 1, dependsOn: [] }],
});

for (const engine of testEngines()) {
  describe(`names, notes and tags on ${engine}`, () => {
    let t: TestDatabase;
    let ownerId: string;
    before(async () => {
      t = await createTestDatabase(engine);
      ownerId = (await ensureAdmin(t.database.db))!.user.id;
    });
    after(() => t.dispose());

    test("annotating an experiment stores the fields given, keeps the rest, and appends an event naming the actor", async () => {
      const db = t.database.db;
      const { id } = await createExperiment(db, plan(ownerId, "Figure 1: the 2-D toy"));
      const first = await annotateExperiment(db, id, { name: "toy, lr 0.01", notes: "first try", tags: ["figure-1"] }, ownerId);
      assert.deepEqual(first?.annotation, { name: "toy, lr 0.01", notes: "first try", tags: ["figure-1"] });
      const second = await annotateExperiment(db, id, { tags: ["figure-1", "baseline"] }, ownerId);
      assert.deepEqual(second?.annotation, { name: "toy, lr 0.01", notes: "first try", tags: ["figure-1", "baseline"] });
      assert.ok(second.eventId > first.eventId);
      const recorded = await db.select().from(events).where(eq(events.experimentId, id));
      const annotated = recorded.filter((e) => e.type === "experiment.annotated");
      assert.equal(annotated.length, 2);
      assert.deepEqual(annotated[1]?.data, { tags: ["figure-1", "baseline"] });
      assert.equal(annotated[0]?.actorId, ownerId);
      const summary = await getExperiment(db, id);
      assert.equal(summary?.name, "toy, lr 0.01");
      assert.equal(summary?.title, "Figure 1: the 2-D toy");
    });

    test("annotating a run returns its row and a run.annotated event in its history; an unknown id is null", async () => {
      const db = t.database.db;
      const { runIds } = await createExperiment(db, plan(ownerId, "runs"));
      const changed = await annotateRun(db, runIds.a!, { name: "random labels", notes: "long plateau" }, ownerId);
      assert.equal(changed?.run.name, "random labels");
      assert.deepEqual(changed?.run.tags, []);
      const history = await eventsOfRun(db, runIds.a!);
      assert.deepEqual(history.at(-1)?.type, "run.annotated");
      assert.deepEqual(history.at(-1)?.data, { name: "random labels", notesLength: 12 });
      assert.equal(await annotateRun(db, "00000000-0000-4000-8000-000000000000", { name: "x" }, ownerId), null);
      assert.equal(await annotateExperiment(db, "00000000-0000-4000-8000-000000000000", { name: "x" }, ownerId), null);
    });

    test("lists find experiments and runs by tag and by a word of their name or notes; other experiments are left out", async () => {
      const db = t.database.db;
      const tagged = await createExperiment(db, plan(ownerId, "Figure 1: the 2-D toy"));
      const other = await createExperiment(db, plan(ownerId, "Figure 1: the 2-D toy"));
      await annotateExperiment(db, tagged.id, { name: "Sharp minimum hunt", notes: "weight decay 0.1 helps", tags: ["needle-42"] }, ownerId);
      await annotateRun(db, other.runIds.a!, { tags: ["run-only-7"] }, ownerId);

      const ids = (list: { id: string }[]) => list.map((e) => e.id);
      assert.deepEqual(ids(await listExperiments(db, { tag: "needle-42" })), [tagged.id]);
      assert.deepEqual(ids(await listExperiments(db, { tag: "NEEDLE-42" })), [tagged.id], "a tag filter is case-insensitive, like the stored tags");
      assert.deepEqual(ids(await listExperiments(db, { search: "minimum HUNT" })), [tagged.id]);
      assert.deepEqual(ids(await listExperiments(db, { search: "decay 0.1" })), [tagged.id]);
      assert.deepEqual(ids(await listExperiments(db, { search: "needle" })), [tagged.id], "the search reads tags too");
      assert.deepEqual(ids(await listExperiments(db, { tag: "needle" })), [], "a tag filter matches whole tags");

      const runsOf = async (filter: Parameters<typeof pageRuns>[1]) => (await pageRuns(db, filter)).items.map((r) => r.id);
      assert.deepEqual(await runsOf({ tag: "needle-42" }), [tagged.runIds.a], "a run carries its experiment's tags in the filter");
      assert.deepEqual(await runsOf({ tag: "run-only-7" }), [other.runIds.a]);
      assert.deepEqual(await runsOf({ search: "sharp minimum" }), [tagged.runIds.a]);
      assert.deepEqual(await runsOf({ search: "run-only" }), [other.runIds.a]);
      const [listed] = (await pageRuns(db, { tag: "needle-42" })).items;
      assert.equal(listed?.experimentName, "Sharp minimum hunt");
      assert.deepEqual(listed?.experimentTags, ["needle-42"]);
    });

    test("the database refuses what the limits forbid, whoever writes it", async () => {
      const violates = (constraint: string) => (error: unknown) => (error as { cause?: { constraint?: string } }).cause?.constraint === constraint;
      const db = t.database.db;
      const { id, runIds } = await createExperiment(db, plan(ownerId, "limits"));
      await assert.rejects(annotateExperiment(db, id, { name: "x".repeat(121) }, ownerId), violates("experiments_name_length"));
      await assert.rejects(annotateRun(db, runIds.a!, { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, ownerId), violates("runs_tags_count"));
      await assert.rejects(annotateRun(db, runIds.a!, { notes: "n".repeat(10_001) }, ownerId), violates("runs_notes_length"));
      const untouched = await pageRuns(db, { experimentId: id });
      assert.deepEqual(untouched.items[0]?.tags, []);
      assert.equal((await db.select().from(events).where(eq(events.experimentId, id))).filter((e) => e.type.endsWith("annotated")).length, 0, "a refused change records no event");
    });
  });
}
