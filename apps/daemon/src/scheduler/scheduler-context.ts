import type { Db, RunRow } from "@minima/db";
import type { ArtifactStore } from "../artifacts/artifact-store.ts";
import type { EventBus } from "../daemon/event-bus.ts";
import type { Logger } from "../daemon/logger.ts";
import type { WorkerHandle } from "../worker/spawn-worker.ts";
import type { DatabaseOutage } from "./database-outage.ts";
import type { MetricWriter } from "./metric-writer.ts";
import type { RunLog } from "./run-log.ts";

/** What the scheduler's parts share. */
export interface SchedulerContext {
  db: Db;
  bus: EventBus;
  store: ArtifactStore;
  daemonId: string;
  logger: Logger;
  runLog: RunLog;
  metrics: MetricWriter;
  /** Retries writes while the database is away, and says so once. */
  outage: DatabaseOutage;
}

/** A run this daemon executes now. */
export interface ActiveRun {
  run: RunRow;
  handle: WorkerHandle;
  /** The GPU it was given (its worker sees only that one); null on a CPU host. */
  gpu: string | null;
  /** Why it was asked to stop: pause (then paused), shutdown (then queued again) or cancel. */
  stopping: "pause" | "shutdown" | "cancel" | null;
  /** Another daemon took the run back (this one was taken for dead): record nothing. */
  lost: boolean;
}
