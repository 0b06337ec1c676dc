import assert from "node:assert/strict";
import type { Db } from "@minima/db";
import type { Services } from "../src/api/context.ts";
import { ArtifactStore } from "../src/artifacts/artifact-store.ts";
import { EventBus } from "../src/daemon/event-bus.ts";
import { silentLogger } from "../src/daemon/logger.ts";
import { MachineMonitor } from "../src/machine/machine-monitor.ts";
import { Scheduler } from "../src/scheduler/scheduler.ts";

/**
 * A daemon's services for tests that call its routers or serve its API in this process: a
 * scheduler that trains nothing (concurrency 0, never started) and a machine monitor that samples
 * only when asked; artifacts under `artifactsDir`.
 */
export function idleServices(db: Db, artifactsDir: string, daemonId = "test-daemon"): Services {
  const bus = new EventBus();
  const store = new ArtifactStore(artifactsDir);
  const scheduler = new Scheduler({ db, bus, store, daemonId, concurrency: 0, logger: silentLogger() });
  const machine = new MachineMonitor({ daemonId, workers: () => scheduler.workers(), gpus: [], logger: silentLogger() });
  return { db, bus, store, scheduler, version: "test", startedAt: Date.now(), engine: () => null, machine };
}

/** What a refused procedure call said, as "CODE: message"; a call that succeeds fails the test. */
export const refusal = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => assert.fail("expected a refusal"),
    (error: { code?: string; message: string }) => `${error.code}: ${error.message}`,
  );
