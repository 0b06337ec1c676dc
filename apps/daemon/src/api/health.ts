import type http from "node:http";
import { pendingMigrations, type Db } from "@minima/db";
import type { Scheduler } from "../scheduler/scheduler.ts";

/** How long the database may take to answer the readiness query before the daemon counts as not ready. */
const DATABASE_ANSWER_MS = 2000;

/** Each readiness check: "ok", or why not (words a supervisor's log can show; never an address or a query). */
export interface ReadinessReport {
  ready: boolean;
  checks: { database: string; migrations: string; scheduler: string; shutdown: string };
}

/**
 * Whether this daemon should be sent work: for /readyz, which a load balancer or Kubernetes polls.
 * Shutdown is told here first, so the daemon stops counting as ready the moment it begins to
 * stop, long before its runs have reached their checkpoints and it closes its port.
 */
export class Readiness {
  private stopping = false;
  /** The database query in flight: callers at once share it, so polling /readyz cannot pile up queries. */
  private asking: Promise<[database: string, migrations: string]> | null = null;

  constructor(private readonly services: { db: Db; scheduler: Pick<Scheduler, "serving" | "databaseDown"> }) {}

  /** Shutdown began: from now on the daemon is not ready, so a load balancer drains it. */
  beginShutdown(): void {
    this.stopping = true;
  }

  async report(): Promise<ReadinessReport> {
    const { scheduler } = this.services;
    this.asking ??= this.databaseChecks().finally(() => (this.asking = null));
    const [database, migrations] = await this.asking;
    const checks = {
      database: scheduler.databaseDown && database === "ok" ? "outage not yet over (writes are being retried)" : database,
      migrations,
      scheduler: scheduler.serving ? "ok" : this.stopping ? "stopped" : "not started",
      shutdown: this.stopping ? "stopping" : "ok",
    };
    return { ready: Object.values(checks).every((c) => c === "ok"), checks };
  }

  /** One trivial query that answers both: does the database answer, and has it every migration this code knows? */
  private async databaseChecks(): Promise<[database: string, migrations: string]> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), DATABASE_ANSWER_MS)));
    try {
      const pending = await Promise.race([pendingMigrations(this.services.db), late]);
      if (pending === "late") return [`no answer within ${DATABASE_ANSWER_MS / 1000} s`, "unknown"];
      return ["ok", pending === 0 ? "ok" : `${pending} pending`];
    } catch {
      return ["query failed", "unknown"];
    } finally {
      clearTimeout(timer);
    }
  }
}

/** GET /healthz: the process serves. GET /readyz: 200 when ready for work, else 503 naming what failed. */
export async function serveHealth(route: "healthz" | "readyz", readiness: Readiness, res: http.ServerResponse): Promise<void> {
  if (route === "healthz") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" }));
  const { ready, checks } = await readiness.report();
  const failed = Object.entries(checks).flatMap(([name, state]) => (state === "ok" ? [] : [name]));
  const body = ready ? { status: "ready", checks } : { status: "not ready", failed, checks };
  res.writeHead(ready ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}
