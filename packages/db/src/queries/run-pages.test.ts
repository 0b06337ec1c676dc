import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { createTestDatabase, testEngines, type TestDatabase } from "../testing.ts";
import { createExperiment } from "./experiments.ts";
import { CursorError, pageRuns, type ListedRun, type RunPageRequest } from "./run-pages.ts";
import { createUser, ensureAdmin } from "./users.ts";

const plan = (ownerId: string, preset: string, title: string, keys: string[]) => ({
  ownerId,
  preset,
  title,
  options: {},
  runs: keys.map((key, i) => ({ key, title: `${title} ${key}`, kind: "toy", config: {}, epochs: 1, dependsOn: i > 0 ? [keys[0]!] : [] })),
});

/** Every page of a request, following the cursors. */
async function allPages(t: TestDatabase, request: RunPageRequest): Promise<{ items: ListedRun[]; pages: number; totals: number[] }> {
  const items: ListedRun[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await pageRuns(t.database.db, { ...request, cursor });
    items.push(...page.items);
    totals.push(page.total);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { items, pages, totals };
}

for (const engine of testEngines()) {
  describe(`runs.list pages on ${engine}`, () => {
    let t: TestDatabase;
    const ids: Record<string, string> = {};
    before(async () => {
      t = await createTestDatabase(engine);
      const admin = (await ensureAdmin(t.database.db))!.user;
      const ada = (await createUser(t.database.db, "ada", "member"))!;
      // Three experiments, created in this order; the grid's 25 runs share one creation time.
      const grid = await createExperiment(t.database.db, plan(ada.id, "table2-ablation", "ada's grid", Array.from({ length: 25 }, (_, i) => `r${String(i).padStart(2, "0")}`)));
      const toy = await createExperiment(t.database.db, plan(admin.id, "figure1-toy", "Figure 1 (100% of 5_000)", ["a", "b", "c", "d"]));
      const sweep = await createExperiment(t.database.db, plan(ada.id, "r-sweep", "R sweep", ["R0", "R1", "R2"]));
      Object.assign(ids, { ada: ada.id, grid: grid.id, toy: toy.id, sweep: sweep.id, b: toy.runIds.b, r07: grid.runIds.r07 });
      await t.database.db.execute(sql`update runs set status = 'succeeded' where key in ('a', 'R0', 'r00', 'r01')`);
    });
    after(() => t.dispose());

    test("pages follow the queue order without gaps or repeats, each with the run's owner, experiment and dependencies", async () => {
      const { items, pages, totals } = await allPages(t, { limit: 7 });
      assert.equal(items.length, 32);
      assert.equal(pages, 5);
      assert.deepEqual(new Set(totals), new Set([32]));
      assert.equal(new Set(items.map((r) => r.id)).size, 32);
      assert.deepEqual(items.slice(0, 3).map((r) => r.key), ["r00", "r01", "r02"]);
      assert.deepEqual(items.slice(25).map((r) => r.key), ["a", "b", "c", "d", "R0", "R1", "R2"]);
      const b = items.find((r) => r.id === ids.b)!;
      assert.deepEqual([b.owner, b.preset, b.experimentTitle], ["admin", "figure1-toy", "Figure 1 (100% of 5_000)"]);
      assert.equal(b.dependsOn.length, 1);
      assert.equal((await pageRuns(t.database.db, { limit: 32 })).nextCursor, null, "an exact last page says so");
    });

    test("newest first puts the latest experiment first, its runs still in key order", async () => {
      const { items } = await allPages(t, { order: "newest", limit: 4 });
      assert.deepEqual(items.slice(0, 7).map((r) => r.key), ["R0", "R1", "R2", "a", "b", "c", "d"]);
      assert.equal(items.length, 32);
    });

    test("filters narrow the page and the total alike", async () => {
      const count = async (request: RunPageRequest) => {
        const page = await pageRuns(t.database.db, request);
        assert.equal(page.items.length, page.total);
        return page.total;
      };
      assert.equal(await count({ owner: "ada" }), 28);
      assert.equal(await count({ owner: "nobody" }), 0);
      assert.equal(await count({ preset: "r-sweep" }), 3);
      assert.equal(await count({ experimentId: ids.toy }), 4);
      assert.equal(await count({ status: "succeeded" }), 4);
      assert.equal(await count({ status: ["succeeded", "queued"] }), 32);
      assert.equal(await count({ status: "succeeded", owner: "ada" }), 3);
      assert.equal(await count({ search: "r0" }), 11, "keys r00–r09 and R0, case-insensitively");
      assert.equal(await count({ search: "FIGURE 1" }), 4, "the experiment's title");
      assert.equal(await count({ search: "100%" }), 4, "% is taken literally");
      assert.equal(await count({ search: "5_0" }), 4, "_ is taken literally");
      assert.equal(await count({ search: "1%" }), 0);
      assert.equal(await count({ search: ids.r07!.slice(0, 8).toUpperCase() }), 1, "a run-id prefix");
    });

    test("a cursor keeps its place when runs are queued meanwhile, and a forged one is refused", async () => {
      const first = await pageRuns(t.database.db, { limit: 26 });
      assert.equal(first.items.at(-1)!.key, "a");
      // Queued between the two pages: it comes after everything that was there, nothing moves.
      const late = await createExperiment(t.database.db, plan(ids.ada!, "figure1-toy", "late", ["z"]));
      const rest = await pageRuns(t.database.db, { cursor: first.nextCursor });
      assert.deepEqual(rest.items.map((r) => r.key), ["b", "c", "d", "R0", "R1", "R2", "z"]);
      assert.equal(rest.items.at(-1)!.experimentId, late.id);
      await assert.rejects(pageRuns(t.database.db, { cursor: "bm90IGEgY3Vyc29y" }), CursorError);
      await assert.rejects(pageRuns(t.database.db, { cursor: Buffer.from('["2026-01-01", "a", "x\' or 1=1"]').toString("base64url") }), CursorError);
    });
  });
}
