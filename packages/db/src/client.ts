import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { sql } from "drizzle-orm";
import path from "node:path";
import pg from "pg";
import { listenPostgres, type Listener } from "./notifications.ts";
import { preparePgliteFolder } from "./pglite-folder.ts";
import * as schema from "./schema/index.ts";

/** The one query interface both drivers share. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, for messages (a path, or the server URL without its password). */
  location: string;
  /**
   * Subscribes to a notification channel (PostgreSQL LISTEN) on a server; null on PGlite, where
   * one process holds the database and an in-process event bus reaches everyone.
   */
  listen: ((channel: string, onPayload: (payload: string) => void, onProblem: (message: string) => void) => Promise<Listener>) | null;
  /** Sends a payload (under 8,000 bytes) to every listener of the channel, this process's included. */
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string; when absent, an embedded PGlite database is used. */
  url?: string | undefined;
  /** Folder of the embedded database (its `db/` subfolder holds the files). */
  dataDir: string;
  /** Where a server's lost connections are said (once, until one connects again). */
  log?: ((message: string) => void) | undefined;
}

/** Opens (but does not migrate) the database: PostgreSQL when a URL is given, else PGlite. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.log ?? console.warn);
  const dir = path.join(options.dataDir, "db");
  await preparePgliteFolder(dir);
  const client = await PGlite.create(dir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    location: dir,
    listen: null,
    notify: () => Promise.resolve(),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, log: (message: string) => void): Promise<Database> {
  // keepAlive: a connection whose server vanished without closing it (a network cut) errors out
  // within a minute instead of holding its query until the kernel gives up on it.
  const pool = new pg.Pool({ connectionString: url, max: 10, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
  const location = redact(url);
  watchConnections(pool, location, log);
  try {
    const connection = await pool.connect();
    connection.release();
  } catch (error) {
    await pool.end();
    throw new Error(`Cannot connect to PostgreSQL at ${location}: ${(error as Error).message}. Check DATABASE_URL and that the server is running.`);
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  db.transaction = transactionsOn(pool);
  return {
    db,
    kind: "postgres",
    location,
    listen: (channel, onPayload, onProblem) => listenPostgres(url, channel, onPayload, onProblem),
    notify: async (channel, payload) => {
      await db.execute(sql`select pg_notify(${channel}, ${payload})`);
    },
    close: () => pool.end(),
  };
}

/**
 * A connection the server closes (a restart, an administrator, a crash) emits "error": on the
 * pool while it is idle, on its client while a query holds it; an "error" nobody listens to ends
 * the process. Both are heard here, and said once until a connection opens again. The pool drops
 * the broken client and the next query opens a new one; the query that was running fails with
 * the error, for its caller to retry.
 */
function watchConnections(pool: pg.Pool, location: string, log: (message: string) => void): void {
  let said = false;
  const lost = (error: Error) => {
    if (said) return;
    said = true;
    log(`database: lost a connection to ${location} (${error.message}); queries reconnect once the server answers`);
  };
  pool.on("error", lost);
  pool.on("connect", (client) => {
    said = false;
    client.on("error", lost);
  });
}

/**
 * Transactions on a client of their own that always goes back to the pool: drizzle's pooled
 * transaction sends `begin` before its try block, so a connection that died while idle would be
 * kept out of the pool for good, and ten of them would leave every query waiting. A client whose
 * connection broke is dropped by the pool on release.
 */
function transactionsOn(pool: pg.Pool): Db["transaction"] {
  const sessions = new WeakMap<pg.PoolClient, Db>();
  return async (transaction, config) => {
    const client = await pool.connect();
    try {
      let session = sessions.get(client);
      if (!session) sessions.set(client, (session = drizzlePg(client, { schema }) as unknown as Db));
      return await session.transaction(transaction, config);
    } finally {
      client.release();
    }
  };
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
