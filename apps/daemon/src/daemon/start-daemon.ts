import { allocatorAdvice, trainingProcessEnv } from "@minima/core";
import { ensureAdmin, markDaemonStopped, migrateDatabase, openDatabase, registerDaemon, type Database } from "@minima/db";
import { readFileSync } from "node:fs";
import os from "node:os";
import { ArtifactStore } from "../artifacts/artifact-store.ts";
import type { EngineSummary, Services } from "../api/context.ts";
import { startApiServer, type ApiServer } from "../api/server.ts";
import { Scheduler } from "../scheduler/scheduler.ts";
import { probeEngine } from "../worker/probe-engine.ts";
import type { DaemonConfig } from "./config.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { EventBus } from "./event-bus.ts";
import { startFanout } from "./fanout.ts";

export interface Daemon {
  url: string;
  /** The first admin's token, only on the start that created it. */
  adminToken: string | null;
  database: Database;
  stop(): Promise<void>;
}

export const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/**
 * Starts a daemon: locks the data directory, migrates the database, creates the first admin,
 * serves the API and starts the scheduler. Anything that fails undoes what was started.
 */
export async function startDaemon(config: DaemonConfig, log: (message: string) => void = console.log): Promise<Daemon> {
  // A wrong MINIMA_ALLOCATOR stops the daemon here rather than failing every run it starts.
  trainingProcessEnv();
  const lock = lockDataDir(config.dataDir, `http://${config.host}:${config.port}`);
  const undo: Array<() => Promise<void> | void> = [() => lock.release()];
  // Every step is undone even when one fails (a database that is away cannot be told this
  // daemon stopped, but the connections still close and the lock is still released).
  const rollback = async () => {
    const failures: unknown[] = [];
    for (const step of undo.reverse()) await Promise.resolve().then(step).catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw failures[0];
  };
  try {
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, log });
    undo.push(() => database.close());
    const { applied } = await migrateDatabase(database);
    log(`database: ${database.kind} at ${database.location}${applied ? ` (applied ${applied} migration${applied > 1 ? "s" : ""})` : ""}`);
    const admin = await ensureAdmin(database.db);

    const bus = new EventBus();
    const store = new ArtifactStore(config.artifactsDir);
    const daemonId = `${os.hostname()}:${config.dataDir}`;
    const scheduler = new Scheduler({
      db: database.db,
      bus,
      store,
      daemonId,
      concurrency: config.concurrency,
      gpus: config.gpus,
      log,
      heartbeatMs: config.heartbeatMs,
      heartbeatTimeoutMs: config.heartbeatTimeoutMs,
      shutdownGraceMs: config.shutdownGraceMs,
    });
    let engine: EngineSummary | null = null;
    const services: Services = { db: database.db, bus, store, scheduler, version: VERSION, startedAt: Date.now(), engine: () => engine };
    const api: ApiServer = await startApiServer(services, config.host, config.port, config.corsOrigin, { log });
    undo.push(() => api.close());
    // Several daemons on one PostgreSQL: each sees every run's events, and wakes when others queue.
    const fanout = await startFanout({
      database,
      daemonId,
      bus,
      onQueued: () => scheduler.wake(),
      onControl: () => void scheduler.checkStopRequests().catch((e: unknown) => log(`stop requests: ${String(e)}`)),
      log,
    });
    if (fanout) undo.push(() => fanout.close());
    await scheduler.recover();
    await registerDaemon(database.db, { id: daemonId, host: os.hostname(), pid: process.pid, url: api.url });
    undo.push(() => markDaemonStopped(database.db, daemonId));
    scheduler.start();
    undo.push(() => scheduler.stop());
    log(`workers: ${allocatorAdvice()}`);
    log(`daemon ${VERSION} listening on ${api.url} (tRPC over HTTP and WebSocket at /trpc), ${config.concurrency} run(s) at a time${config.gpus.length > 0 ? ` on ${config.gpus.length} GPU(s) (${config.gpus.map((g) => `${g.id}: ${g.memoryMb === null ? "memory unknown" : `${(g.memoryMb / 1024).toFixed(0)} GiB`}`).join(", ")})` : ""}`);
    void probeEngine().then(
      (found) => {
        engine = found;
        log(`engine: ${found.backend} (${found.device}) via ${found.provider}${found.fallbackReason ? ` — fallback: ${found.fallbackReason}` : ""}`);
      },
      (error: unknown) => log(`engine probe failed: ${String(error)}`),
    );
    return { url: api.url, adminToken: admin?.token ?? null, database, stop: rollback };
  } catch (error) {
    await rollback().catch(() => undefined);
    throw error;
  }
}
