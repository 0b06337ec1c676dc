import { allocatorAdvice, trainingProcessEnv } from "@minima/core/plans";
import { ensureAdmin, markDaemonStopped, migrateDatabase, openDatabase, recordDaemonMachine, registerDaemon, type Database } from "@minima/db";
import { readFileSync } from "node:fs";
import os from "node:os";
import { ArtifactStore } from "../artifacts/artifact-store.ts";
import type { EngineSummary, Services } from "../api/context.ts";
import { plainHttpRefusal } from "../api/exposure.ts";
import { Readiness } from "../api/health.ts";
import { startApiServer, type ApiServer } from "../api/server.ts";
import { MachineMonitor } from "../machine/machine-monitor.ts";
import { readTlsFiles } from "../api/tls-files.ts";
import { Scheduler } from "../scheduler/scheduler.ts";
import { probeEngine } from "../worker/probe-engine.ts";
import type { DaemonConfig } from "./config.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { logLinesTo, type Logger } from "./logger.ts";
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
export async function startDaemon(config: DaemonConfig, logger: Logger): Promise<Daemon> {
  // Refused before anything is locked or opened: plain HTTP beyond loopback, or unusable TLS files.
  const refusal = plainHttpRefusal(config.host, config.tls !== null, config.insecureHttp);
  if (refusal) throw new Error(refusal);
  const tls = config.tls ? readTlsFiles(config.tls) : null;
  if (tls && tls.expiresAt.getTime() < Date.now()) logger.warn(`the TLS certificate ${config.tls!.certFile} expired on ${tls.expiresAt.toISOString()}: clients will refuse it`);
  // A wrong MINIMA_ALLOCATOR stops the daemon here rather than failing every run it starts.
  trainingProcessEnv();
  const lock = lockDataDir(config.dataDir, `${tls ? "https" : "http"}://${config.host}:${config.port}`);
  const undo: Array<() => Promise<void> | void> = [() => lock.release()];
  // Every step is undone even when one fails (a database that is away cannot be told this
  // daemon stopped, but the connections still close and the lock is still released).
  const rollback = async () => {
    const failures: unknown[] = [];
    for (const step of undo.reverse()) await Promise.resolve().then(step).catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw failures[0];
  };
  try {
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, log: logLinesTo(logger, "warn") });
    undo.push(() => database.close());
    const { applied } = await migrateDatabase(database);
    logger.info(
      { database: database.kind, location: database.location, migrationsApplied: applied },
      `database: ${database.kind} at ${database.location}${applied ? ` (applied ${applied} migration${applied > 1 ? "s" : ""})` : ""}`,
    );
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
      logger,
      heartbeatMs: config.heartbeatMs,
      heartbeatTimeoutMs: config.heartbeatTimeoutMs,
      shutdownGraceMs: config.shutdownGraceMs,
    });
    let engine: EngineSummary | null = null;
    const machine = new MachineMonitor({
      daemonId,
      workers: () => scheduler.workers(),
      gpus: config.gpus,
      logger,
      report: (report) => recordDaemonMachine(database.db, daemonId, { ...report }),
    });
    machine.start();
    undo.push(() => machine.stop());
    const services: Services = { db: database.db, bus, store, scheduler, version: VERSION, startedAt: Date.now(), engine: () => engine, machine };
    const readiness = new Readiness(services);
    const api: ApiServer = await startApiServer(services, config.host, config.port, config.corsOrigin, { logger, tls, insecureHttp: config.insecureHttp, readiness });
    undo.push(() => api.close());
    if (config.tls) {
      const reload = () => reloadCertificate(config.tls!, api, logger);
      process.on("SIGHUP", reload);
      undo.push(() => void process.off("SIGHUP", reload));
    }
    // Several daemons on one PostgreSQL: each sees every run's events, and wakes when others queue.
    const fanout = await startFanout({
      database,
      daemonId,
      bus,
      onQueued: () => scheduler.wake(),
      onControl: () => void scheduler.checkStopRequests().catch((err: unknown) => logger.warn({ err }, "acting on stop requests failed")),
      logger,
    });
    if (fanout) undo.push(() => fanout.close());
    await scheduler.recover();
    await registerDaemon(database.db, { id: daemonId, host: os.hostname(), pid: process.pid, url: api.url });
    undo.push(() => markDaemonStopped(database.db, daemonId));
    scheduler.start();
    undo.push(() => scheduler.stop());
    logger.info(`workers: ${allocatorAdvice()}`);
    logger.info(
      { version: VERSION, url: api.url, concurrency: config.concurrency, gpus: config.gpus.map((g) => g.id) },
      `daemon ${VERSION} listening on ${api.url} (tRPC over ${tls ? "HTTPS and wss" : "HTTP and WebSocket"} at /trpc), ${config.concurrency} run(s) at a time${config.gpus.length > 0 ? ` on ${config.gpus.length} GPU(s) (${config.gpus.map((g) => `${g.id}: ${g.memoryMb === null ? "memory unknown" : `${(g.memoryMb / 1024).toFixed(0)} GiB`}`).join(", ")})` : ""}`,
    );
    void probeEngine().then(
      (found) => {
        engine = found;
        const line = `engine: ${found.backend} (${found.device}) via ${found.provider}${found.fallbackReason ? ` — fallback: ${found.fallbackReason}` : ""}`;
        // A fallback engine is a degraded one: slower, or without the GPU asked for.
        if (found.fallbackReason) logger.warn({ engine: found }, line);
        else logger.info({ engine: found }, line);
      },
      (err: unknown) => logger.warn({ err }, "engine probe failed"),
    );
    const stop = () => {
      readiness.beginShutdown();
      return rollback();
    };
    return { url: api.url, adminToken: admin?.token ?? null, database, stop };
  } catch (error) {
    await rollback().catch(() => undefined);
    throw error;
  }
}

/** SIGHUP: serve new connections with the certificate and key now on disk (renewed, say, by certbot); a bad pair keeps the old. */
function reloadCertificate(files: { certFile: string; keyFile: string }, api: ApiServer, logger: Logger): void {
  try {
    const tls = readTlsFiles(files);
    api.setCertificate(tls);
    logger.info(`SIGHUP: serving the TLS certificate ${files.certFile} (valid until ${tls.expiresAt.toISOString()})`);
  } catch (error) {
    logger.error(`SIGHUP: kept the previous TLS certificate: ${error instanceof Error ? error.message : String(error)}`);
  }
}
