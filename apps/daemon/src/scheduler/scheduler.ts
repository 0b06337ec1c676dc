import {
  appendRunLog,
  appendEvent,
  claimNextRun,
  finishRun,
  getRun,
  heartbeat,
  recordArtifact,
  requeueRunsOf,
  requeueRunsOfDeadDaemons,
  runsNotHeldBy,
  stopRequestsFor,
  updateRun,
  type Db,
  type RunRow,
  type LogSource,
} from "@minima/db";
import path from "node:path";
import type { ArtifactStore } from "../artifacts/artifact-store.ts";
import type { EventBus } from "../daemon/event-bus.ts";
import type { FromWorker } from "../worker/messages.ts";
import { spawnWorker, type WorkerHandle, type WorkerOutcome } from "../worker/spawn-worker.ts";
import { RUNS_PER_GPU_CAP, type Gpu } from "../daemon/config.ts";
import { MetricWriter } from "./metric-writer.ts";
import { nextPlacement } from "./placement.ts";
import { startPoint } from "./start-point.ts";

export interface SchedulerOptions {
  db: Db;
  bus: EventBus;
  store: ArtifactStore;
  daemonId: string;
  concurrency: number;
  /** The GPUs runs are placed on (see placement.ts); none on a CPU host. */
  gpus?: readonly Gpu[];
  log: (message: string) => void;
  /** How often the queue is polled for runs other daemons or clients added. */
  pollMs?: number;
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  /** On stop(), how long a run may take to reach its next checkpoint before it is killed. */
  shutdownGraceMs?: number;
}

interface Active {
  run: RunRow;
  handle: WorkerHandle;
  /** The GPU it was given (its worker sees only that one); null on a CPU host. */
  gpu: string | null;
  /** Why it was asked to stop: pause (then paused) or shutdown (then queued again). */
  stopping: "pause" | "shutdown" | null;
  /** Another daemon took the run back (this one was taken for dead): record nothing. */
  lost: boolean;
}

/**
 * Claims queued runs whose dependencies succeeded and runs each in a worker process; records
 * this daemon's heartbeat, takes back the runs of daemons that stopped sending theirs, and acts
 * on pause and cancel requests made through any daemon.
 */
export class Scheduler {
  private active = new Map<string, Active>();
  private settling = new Set<Promise<void>>();
  private logWrites: Promise<void> = Promise.resolve();
  private metrics: MetricWriter;
  private ticking: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly o: SchedulerOptions) {
    this.metrics = new MetricWriter(o.db, o.bus);
  }

  /** Puts back runs a previous life of this daemon left running, then starts polling. */
  async start(): Promise<void> {
    await this.takeBack(await requeueRunsOf(this.o.db, this.o.daemonId), "this daemon restarted");
    this.timers.push(setInterval(() => this.wake(), this.o.pollMs ?? 2000));
    this.timers.push(setInterval(() => void this.beat(), this.o.heartbeatMs ?? 5000));
    this.wake();
  }

  /** Runs this daemon trains at once. */
  get concurrency(): number {
    return this.o.concurrency;
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
      const placed = [...this.active.values()].map((a) => ({ gpu: a.gpu, memoryMb: a.run.memoryMb }));
      const placement = nextPlacement(this.o.gpus ?? [], placed, RUNS_PER_GPU_CAP);
      if (!placement) return;
      const run = await claimNextRun(this.o.db, this.o.daemonId, placement.room);
      if (!run) return;
      await this.launch(run, placement.gpu);
    }
  }

  /** Tells every subscriber (on every daemon) where a run stands now. */
  async publish(runId: string): Promise<void> {
    const run = await getRun(this.o.db, runId);
    if (run) {
      this.o.bus.publishRunEvent({ runId, experimentId: run.experimentId, status: run.status, epoch: run.epoch, epochs: run.epochs });
    }
  }

  /** The heartbeat: alive now; dead daemons' runs back to the queue; runs lost or to stop. */
  private async beat(): Promise<void> {
    if (this.stopped) return;
    try {
      await heartbeat(this.o.db, this.o.daemonId);
      for (const run of await requeueRunsOfDeadDaemons(this.o.db, this.o.heartbeatTimeoutMs ?? 30_000)) {
        await this.takeBack([run], `daemon ${run.daemonId} stopped sending heartbeats`);
      }
      for (const id of await runsNotHeldBy(this.o.db, this.o.daemonId, [...this.active.keys()])) {
        const entry = this.active.get(id);
        if (!entry) continue;
        // This daemon was taken for dead and the run runs again elsewhere: never twice at once.
        entry.lost = true;
        this.metrics.drop(id);
        entry.handle.child.kill("SIGKILL");
        this.runLog(id, "taken back by another daemon (this one missed its heartbeats); its worker here is stopped");
      }
      await this.checkStopRequests();
    } catch (error) {
      this.o.log(`heartbeat: ${String(error)}`);
    }
  }

  /** Records runs that went back to the queue (or to paused/cancelled, as asked) and announces them. */
  private async takeBack(runs: Array<{ id: string; status: string }>, reason: string): Promise<void> {
    for (const run of runs) {
      const row = await getRun(this.o.db, run.id);
      let blocked: string[] = [];
      if (run.status === "cancelled") blocked = (await finishRun(this.o.db, run.id, { status: "cancelled" })).blocked;
      const type = run.status === "queued" ? "run.requeued" : `run.${run.status}`;
      await appendEvent(this.o.db, { type, runId: run.id, experimentId: row?.experimentId ?? null, data: { reason, by: this.o.daemonId } });
      this.runLog(run.id, `${reason}; ${run.status === "queued" ? "queued again" : run.status}`);
      for (const id of [run.id, ...blocked]) await this.publish(id);
    }
    if (runs.length > 0) this.wake();
  }

  /** Acts on the pause and cancel requests for runs this daemon executes. */
  async checkStopRequests(): Promise<void> {
    for (const { id, stopRequest } of await stopRequestsFor(this.o.db, this.o.daemonId)) {
      const entry = this.active.get(id);
      if (!entry || entry.stopping) continue;
      if (stopRequest === "cancel") entry.handle.cancel();
      else {
        entry.stopping = "pause";
        entry.handle.stop();
        this.runLog(id, "pausing at its next checkpoint");
      }
    }
  }

  private async launch(run: RunRow, gpu: string | null): Promise<void> {
    const { db, store } = this.o;
    const full = await getRun(db, run.id);
    const deps = [];
    for (const id of full?.dependsOn ?? []) {
      const dep = await getRun(db, id);
      if (dep) deps.push({ id, key: dep.key });
    }
    const start = await startPoint(db, store, run, deps);
    const resumedFromEpoch = start.resumeFrom?.epoch ?? null;
    await appendEvent(db, {
      type: "run.started",
      runId: run.id,
      experimentId: run.experimentId,
      data: { daemonId: this.o.daemonId, attempt: run.attempt, resumedFromEpoch },
    });
    await this.publish(run.id);
    const how = resumedFromEpoch === null ? "started" : `resumed from epoch ${resumedFromEpoch} (its checkpoint)`;
    const where = gpu === null ? "" : `, GPU ${gpu}${run.memoryMb === null ? " (to itself: no memory estimate)" : ` (estimate ${run.memoryMb} MiB)`}`;
    this.runLog(run.id, `${how} on daemon ${this.o.daemonId}${where}, attempt ${run.attempt} (${run.title})${start.note ? `; ${start.note}` : ""}`);

    let lastEvent = 0;
    const onMessage = async (message: FromWorker): Promise<void> => {
      if (this.active.get(run.id)?.lost) return;
      switch (message.type) {
        case "engine": {
          // The kernels are recorded because they change the numbers (to the fused and oneDNN tests' tolerances), not just the speed.
          const kernels = `${message.fused ? ", fused kernels" : ""}${message.onednn ? ", oneDNN" : ""}`;
          await updateRun(db, run.id, { backend: `${message.backend} (${message.device}${kernels})` });
          this.runLog(run.id, `engine: ${message.backend} via ${message.provider} on ${message.device}${kernels}, ${message.allocator} malloc`);
          if (message.fallbackReason) this.runLog(run.id, message.fallbackReason);
          break;
        }
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
          this.runLog(run.id, message.message, "worker");
          break;
        default:
          break;
      }
    };
    const handle = spawnWorker(
      {
        type: "start",
        run: { id: run.id, kind: run.kind, config: run.config },
        inputs: start.inputs,
        outputDir: path.dirname(store.location(run.id, "x")),
        resumeFrom: start.resumeFrom?.dir,
      },
      onMessage,
      (lines) => this.runLog(run.id, lines, "worker"),
      gpu === null ? {} : { CUDA_VISIBLE_DEVICES: gpu },
    );
    const entry: Active = { run, handle, gpu, stopping: null, lost: false };
    this.active.set(run.id, entry);
    const settled = handle.finished
      .then((outcome) => this.settle(entry, outcome))
      .catch((error: unknown) => this.runLog(run.id, `recording how it ended failed: ${String(error)}`))
      .finally(() => {
        this.settling.delete(settled);
        this.wake();
      });
    this.settling.add(settled);
  }

  /**
   * A line (or lines) of a run's log: printed to the daemon's own log and stored for runs.logs.
   * Writes are chained so the lines keep their order; a failed write is reported, not thrown.
   */
  private runLog(runId: string, text: string | readonly string[], source: LogSource = "daemon"): void {
    const lines = typeof text === "string" ? [text] : text;
    if (source === "daemon") for (const line of lines) this.o.log(`run ${runId}: ${line}`);
    this.logWrites = this.logWrites
      .then(() => appendRunLog(this.o.db, runId, source, lines))
      .catch((error: unknown) => this.o.log(`run ${runId}: storing its log failed: ${String(error)}`));
  }

  /** Records how a worker ended. */
  private async settle(entry: Active, outcome: WorkerOutcome): Promise<void> {
    const { db } = this.o;
    const { run } = entry;
    await this.metrics.flush();
    this.active.delete(run.id);
    if (entry.lost) return;
    const { status: ended, error } = outcome;
    if (ended === "stopped") {
      const current = await getRun(db, run.id);
      const status = entry.stopping === "pause" || current?.stopRequest === "pause" ? "paused" : "queued";
      await updateRun(db, run.id, { status, daemonId: null, stopRequest: null });
      const reason = status === "paused" ? "paused as asked" : "the daemon shut down";
      await appendEvent(db, {
        type: status === "paused" ? "run.paused" : "run.requeued",
        runId: run.id,
        experimentId: run.experimentId,
        data: { reason, epoch: current?.epoch ?? null, by: this.o.daemonId },
      });
      this.runLog(run.id, `stopped (${reason}) at epoch ${current?.epoch ?? "?"}; it continues from its last checkpoint when ${status === "paused" ? "resumed" : "claimed again"}`);
      await this.publish(run.id);
      return;
    }
    if (ended === "succeeded") await updateRun(db, run.id, { epoch: run.epochs });
    const { blocked } = await finishRun(db, run.id, { status: ended, error });
    await appendEvent(db, { type: `run.${ended}`, runId: run.id, experimentId: run.experimentId, data: { error } });
    this.runLog(run.id, `${ended}${error ? `: ${error}` : ""}`);
    for (const id of [run.id, ...blocked]) await this.publish(id);
  }

  /**
   * Stops a run on this daemon, or a queued or blocked one; a run executing on another daemon
   * is asked to stop there. Returns false if it had already finished.
   */
  async cancel(runId: string, actorId: string | null): Promise<boolean> {
    const { db } = this.o;
    const entry = this.active.get(runId);
    if (entry) {
      entry.handle.cancel();
      await appendEvent(db, { type: "run.cancel-requested", runId, experimentId: entry.run.experimentId, actorId });
      return true;
    }
    const run = await getRun(db, runId);
    if (run?.status === "running" && run.daemonId) {
      await updateRun(db, runId, { stopRequest: "cancel" });
      this.o.bus.askToStop(runId, run.daemonId);
      await appendEvent(db, { type: "run.cancel-requested", runId, experimentId: run.experimentId, actorId, data: { daemonId: run.daemonId } });
      return true;
    }
    if (!run || !["queued", "blocked", "paused"].includes(run.status)) return false;
    const { blocked } = await finishRun(db, runId, { status: "cancelled" });
    await appendEvent(db, { type: "run.cancelled", runId, experimentId: run.experimentId, actorId });
    for (const id of [runId, ...blocked]) await this.publish(id);
    return true;
  }

  /**
   * Shutdown: each run stops at its next checkpoint (killed after the grace period) and goes back
   * to the queue, to continue from that checkpoint here or on another daemon.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.ticking;
    for (const entry of this.active.values()) {
      entry.stopping ??= "shutdown";
      entry.handle.stop(this.o.shutdownGraceMs ?? 60_000);
    }
    if (this.active.size > 0) this.o.log(`waiting for ${this.active.size} run(s) to reach a checkpoint…`);
    while (this.settling.size > 0) await Promise.all(this.settling);
    await this.metrics.flush();
    await this.takeBack(await requeueRunsOf(this.o.db, this.o.daemonId), "the daemon shut down");
    await this.logWrites;
  }
}
