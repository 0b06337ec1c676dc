import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { openDatabase } from "./client.ts";
import { rowsOf } from "./migrate.ts";

const root = mkdtempSync(path.join(tmpdir(), "minima-pglite-folder-"));
const cache = path.join(root, "cache");
let saved: string | undefined;

before(() => {
  saved = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = cache;
});
after(() => {
  if (saved === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = saved;
  rmSync(root, { recursive: true, force: true });
});

const templates = () => (existsSync(path.join(cache, "minima")) ? readdirSync(path.join(cache, "minima")) : []);

async function withDatabase<T>(dataDir: string, use: (query: (text: string) => Promise<unknown[]>) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir });
  try {
    return await use(async (text) => rowsOf(await database.db.execute(sql.raw(text))));
  } finally {
    await database.close();
  }
}

test("a fresh database is a copy of one template per user and PGlite version; copies are independent", async () => {
  // A half-made template left by a killed process (no PG_VERSION) is never copied: it is made again.
  mkdirSync(path.join(cache, "minima", "pglite-0.0.0-fresh"), { recursive: true });
  const first = path.join(root, "first");
  const second = path.join(root, "second");
  await withDatabase(first, async (query) => {
    await query("create table notes (text text)");
    await query("insert into notes values ('only in the first')");
  });
  const made = templates().filter((name) => /^pglite-\d+\.\d+\.\d+.*-fresh$/.test(name) && name !== "pglite-0.0.0-fresh");
  assert.equal(made.length, 1, `one template: ${templates().join(", ")}`);
  assert.ok(existsSync(path.join(cache, "minima", made[0]!, "PG_VERSION")));
  assert.ok(!templates().some((name) => name.includes("-making-")), "nothing half-made is left behind");

  const tables = await withDatabase(second, (query) => query("select count(*)::int as n from pg_tables where tablename = 'notes'"));
  assert.deepEqual(tables, [{ n: 0 }], "the second database does not see the first one's table");
  assert.deepEqual(
    await withDatabase(first, (query) => query("select text from notes")),
    [{ text: "only in the first" }],
    "an existing database is opened as it is, not replaced by the template",
  );
});

test("a folder that already holds other files is left to PGlite's own initdb, nothing copied over them", async () => {
  const dataDir = path.join(root, "odd");
  mkdirSync(path.join(dataDir, "db"), { recursive: true });
  writeFileSync(path.join(dataDir, "db", "stray.txt"), "not a database");
  assert.deepEqual(await withDatabase(dataDir, (query) => query("select 1 as one")), [{ one: 1 }]);
  assert.equal(readFileSync(path.join(dataDir, "db", "stray.txt"), "utf8"), "not a database");
});
