import {
  appendEvent,
  artifactsOf,
  claimNextRun,
  clearMetrics,
  finishRun,
  getRun,
  recordArtifact,
  requeueRunsOf,
  updateRun,
  type Db,
  type RunRow,
} from "@minima/db";
import path from "node:path";
import type { ArtifactStore } from "../artifacts/artifact-store.ts";
import type { EventBus } from "../daemon/event-bus.ts";
import type { FromWorker } from "../worker/messages.ts";
import { spawnWorker, type WorkerHandle } from "../worker/spawn-worker.ts";
import { MetricWriter } from "./metric-writer.ts";

export interface SchedulerOptions {
  db: Db;
  bus: EventBus;
  store: ArtifactStore;
  daemonId: string;
  concurrency: number;
  log: (message: string) => void;
  /** How often the queue is polled for runs other daemons or clients added. */
  pollMs?: number;
}

/** Claims queued runs whose dependencies succeeded and runs each in a worker process. */
export class Scheduler {
  private active = new Map<string, WorkerHandle>();
  private metrics: MetricWriter;
  private ticking: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private poll: NodeJS.Timeout | null = null;

  constructor(private readonly o: SchedulerOptions) {
    this.metrics = new MetricWriter(o.db, o.bus);
  }

  /** Puts back runs a previous life of this daemon left running, then starts polling. */
  async start(): Promise<void> {
    const orphans = await requeueRunsOf(this.o.db, this.o.daemonId);
    for (const id of orphans) {
      await appendEvent(this.o.db, { type: "run.requeued", runId: id, data: { reason: "daemon restarted" } });
      this.o.log(`run ${id} was running when the daemon stopped; queued again`);
    }
    this.poll = setInterval(() => this.wake(), this.o.pollMs ?? 2000);
    this.wake();
  }

  runningCount(): number {
    return this.active.size;
  }

  /** Looks for work now (after a run is queued or finishes). */
  wake(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.tick()
      .catch((error: unknown) => this.o.log(`scheduler: ${String(error)}`))
      .finally(() => {
        this.ticking = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async tick(): Promise<void> {
    while (!this.stopped && this.active.size < this.o.concurrency) {
      const run = await claimNextRun(this.o.db, this.o.daemonId);
      if (!run) return;
      await this.launch(run);
    }
  }

  private async publish(runId: string): Promise<void> {
    const run = await getRun(this.o.db, runId);
    if (run) {
      this.o.bus.publishRunEvent({ runId, experimentId: run.experimentId, status: run.status, epoch: run.epoch, epochs: run.epochs });
    }
  }

  private async launch(run: RunRow): Promise<void> {
    const { db, store } = this.o;
    // A run that starts again starts from scratch: its old points would be duplicates.
    await clearMetrics(db, run.id);
    await updateRun(db, run.id, { epoch: 0 });
    const inputs: Record<string, string> = {};
    for (const depId of (await getRun(db, run.id))?.dependsOn ?? []) {
      const dep = await getRun(db, depId);
      const weights = (await artifactsOf(db, depId)).find((a) => a.name === "weights");
      if (dep && weights) inputs[dep.key] = store.resolve(weights.path);
    }
    await appendEvent(db, { type: "run.started", runId: run.id, experimentId: run.experimentId, data: { daemonId: this.o.daemonId, attempt: run.attempt } });
    await this.publish(run.id);
    this.o.log(`run ${run.id} (${run.title}) started`);

    let lastEvent = 0;
    const onMessage = async (message: FromWorker): Promise<void> => {
      switch (message.type) {
        case "engine":
          await updateRun(db, run.id, { backend: `${message.backend} (${message.device})` });
          if (message.fallbackReason) this.o.log(`run ${run.id}: ${message.fallbackReason}`);
          break;
        case "metrics": {
          this.metrics.add(run.id, message.points);
          await updateRun(db, run.id, { epoch: message.epoch });
          const now = Date.now();
          if (now - lastEvent > 250) {
            lastEvent = now;
            await this.publish(run.id);
          }
          break;
        }
        case "artifact": {
          const stored = store.describe(run.id, message.name);
          await recordArtifact(db, { runId: run.id, name: message.name.replace(/\.json$/, ""), kind: message.kind, ...stored });
          break;
        }
        case "log":
          this.o.log(`run ${run.id}: ${message.message}`);
          break;
        default:
          break;
      }
    };
    const handle = spawnWorker(
      { type: "start", run: { id: run.id, kind: run.kind, config: run.config }, inputs, outputDir: path.dirname(store.location(run.id, "x")) },
      onMessage,
    );
    this.active.set(run.id, handle);
    void handle.finished.then(async (outcome) => {
      this.active.delete(run.id);
      if (this.stopped) return; // shutting down: the run stays claimed and is requeued at the next start
      await this.metrics.flush();
      if (outcome.status === "succeeded") await updateRun(db, run.id, { epoch: run.epochs });
      const { blocked } = await finishRun(db, run.id, outcome);
      await appendEvent(db, { type: `run.${outcome.status}`, runId: run.id, experimentId: run.experimentId, data: { error: outcome.error } });
      this.o.log(`run ${run.id} ${outcome.status}${outcome.error ? `: ${outcome.error}` : ""}`);
      for (const id of [run.id, ...blocked]) await this.publish(id);
      this.wake();
    });
  }

  /** Stops a running or queued run; returns false if it had already finished. */
  async cancel(runId: string, actorId: string | null): Promise<boolean> {
    const handle = this.active.get(runId);
    if (handle) {
      handle.cancel();
      await appendEvent(this.o.db, { type: "run.cancel-requested", runId, actorId });
      return true;
    }
    const run = await getRun(this.o.db, runId);
    if (!run || (run.status !== "queued" && run.status !== "blocked")) return false;
    const { blocked } = await finishRun(this.o.db, runId, { status: "cancelled" });
    await appendEvent(this.o.db, { type: "run.cancelled", runId, experimentId: run.experimentId, actorId });
    for (const id of [runId, ...blocked]) await this.publish(id);
    return true;
  }

  /** Stops the workers and puts their runs back in the queue, to start again from scratch. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    await this.ticking;
    const exits = [...this.active.values()].map((h) => {
      h.child.kill("SIGTERM");
      return h.finished;
    });
    await Promise.all(exits);
    await this.metrics.flush();
    await requeueRunsOf(this.o.db, this.o.daemonId);
  }
}
