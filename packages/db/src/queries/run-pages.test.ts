import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { rowsOf } from "../migrate.ts";
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

    test("pages put queued runs first, each group in queue order, without gaps or repeats, each with the run's owner, experiment and dependencies", async () => {
      const { items, pages, totals } = await allPages(t, { limit: 7 });
      assert.equal(items.length, 32);
      assert.equal(pages, 5);
      assert.deepEqual(new Set(totals), new Set([32]));
      assert.equal(new Set(items.map((r) => r.id)).size, 32);
      assert.deepEqual(items.slice(0, 3).map((r) => r.key), ["r02", "r03", "r04"]);
      assert.deepEqual(items.slice(23).map((r) => r.key), ["b", "c", "d", "R1", "R2", "r00", "r01", "a", "R0"], "the succeeded runs last");
      const b = items.find((r) => r.id === ids.b)!;
      assert.deepEqual([b.owner, b.preset, b.experimentTitle], ["admin", "figure1-toy", "Figure 1 (100% of 5_000)"]);
      assert.equal(b.dependsOn.length, 1);
      assert.equal((await pageRuns(t.database.db, { limit: 32 })).nextCursor, null, "an exact last page says so");
    });

    test("newest first puts the latest experiment first, its runs still in key order, queued runs before the rest", async () => {
      const { items } = await allPages(t, { order: "newest", limit: 4 });
      assert.deepEqual(items.slice(0, 7).map((r) => r.key), ["R1", "R2", "b", "c", "d", "r02", "r03"]);
      assert.deepEqual(items.slice(28).map((r) => r.key), ["R0", "a", "r00", "r01"]);
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
      assert.equal(first.items.at(-1)!.key, "d");
      // Queued between the two pages: it comes after every queued run that was there, nothing moves.
      const late = await createExperiment(t.database.db, plan(ids.ada!, "figure1-toy", "late", ["z"]));
      const rest = await pageRuns(t.database.db, { cursor: first.nextCursor });
      assert.deepEqual(rest.items.map((r) => r.key), ["R1", "R2", "z", "r00", "r01", "a", "R0"]);
      assert.equal(rest.items.find((r) => r.key === "z")!.experimentId, late.id);
      await assert.rejects(pageRuns(t.database.db, { cursor: "bm90IGEgY3Vyc29y" }), CursorError);
      await assert.rejects(pageRuns(t.database.db, { cursor: Buffer.from('["2026-01-01", "a", "x\' or 1=1"]').toString("base64url") }), CursorError);
    });

    test("a cursor that decodes but names an impossible position is refused before any query", async () => {
      const [, , , , key, id] = JSON.parse(Buffer.from((await pageRuns(t.database.db, { limit: 1 })).nextCursor!, "base64url").toString()) as [string, string, number, string, string, string];
      const forged: Array<[string, unknown[]]> = (
        [
          ["another sort's cursor", ["2025-01-01 00:00:00+00", key, id], "created"],
          ["a rank that is not a number", ["2025-01-01 00:00:00+00", key, id], "queue", "1"],
        ["month 13, day 45, hour 99", ["2024-13-45 99:00:00+00", key, id]],
        ["30 February", ["2025-02-30 00:00:00+00", key, id]],
        ["29 February of a common year", ["2100-02-29 00:00:00+00", key, id]],
        ["second 60", ["2025-01-01 00:00:60+00", key, id]],
        ["year 0", ["0000-01-01 00:00:00+00", key, id]],
        ["an offset of 16 hours", ["2025-01-01 00:00:00+16", key, id]],
        ["an ISO 'T' instead of PostgreSQL's space", ["2025-01-01T00:00:00Z", key, id]],
        ["seven fraction digits", ["2025-01-01 00:00:00.1234567+00", key, id]],
        ["words", ["yesterday", key, id]],
        ["an id of dashes only", ["2025-01-01 00:00:00+00", key, "-".repeat(36)]],
        ["an id of g's", ["2025-01-01 00:00:00+00", key, "gggggggg-gggg-gggg-gggg-gggggggggggg"]],
        ["an id without dashes", ["2025-01-01 00:00:00+00", key, "0".repeat(36)]],
        ["an upper-case id (PostgreSQL prints lower case)", ["2025-01-01 00:00:00+00", key, id.toUpperCase()]],
        ["a NUL in the key", ["2025-01-01 00:00:00+00", "a\u0000b", id]],
        ["a lone surrogate in the key", ["2025-01-01 00:00:00+00", "a\ud800", id]],
        ["a 10,000-character key", ["2025-01-01 00:00:00+00", "k".repeat(10_000), id]],
        ["a number for the key", ["2025-01-01 00:00:00+00", 7, id]],
        ["an extra element", ["2025-01-01 00:00:00+00", key, id, "extra"]],
        ] as Array<[string, unknown[], string?, unknown?]>
      ).map(([what, position, sort = "queue", rank = 1]) => [what, [sort, "asc", rank, ...position]]);
      for (const [what, position] of forged) {
        await assert.rejects(pageRuns(t.database.db, { cursor: Buffer.from(JSON.stringify(position)).toString("base64url") }), CursorError, what);
      }
    });

    test("a cursor holds the time as PostgreSQL prints it in any time zone, half-hour and historical offsets included", async () => {
      const [, , , , key, id] = JSON.parse(Buffer.from((await pageRuns(t.database.db, { limit: 1 })).nextCursor!, "base64url").toString()) as [string, string, number, string, string, string];
      const printed = await t.database.db.transaction(async (tx) => {
        const texts: string[] = [];
        for (const zone of ["UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Berlin"]) {
          await tx.execute(sql.raw(`set local time zone '${zone}'`));
          // 1900 in St. John's is local mean time, -03:30:52: PostgreSQL prints the offset's seconds.
          const result = await tx.execute(sql`select ${"2026-05-06 07:08:09.123456+00"}::timestamptz::text as now, ${"1900-06-01 12:00:00+00"}::timestamptz::text as old`);
          const [row] = rowsOf<{ now: string; old: string }>(result);
          texts.push(row!.now, row!.old);
        }
        return texts;
      });
      assert.ok(printed.includes("1900-06-01 08:29:08-03:30:52"), printed.join(", "));
      assert.ok(printed.includes("2026-05-06 12:38:09.123456+05:30"), printed.join(", "));
      for (const createdAt of printed) {
        const page = await pageRuns(t.database.db, { cursor: Buffer.from(JSON.stringify(["queue", "asc", 1, createdAt, key, id])).toString("base64url") });
        assert.ok(Array.isArray(page.items), createdAt);
      }
    });
  });
}
