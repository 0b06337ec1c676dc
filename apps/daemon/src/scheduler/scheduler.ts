import { claimRun, type Db, type RunRow } from "@minima/db";
import type { ArtifactStore } from "../artifacts/artifact-store.ts";
import { RUNS_PER_GPU_CAP, type Gpu } from "../daemon/config.ts";
import type { EventBus } from "../daemon/event-bus.ts";
import type { Logger } from "../daemon/logger.ts";
import type { RunningWorker } from "../machine/machine-monitor.ts";
import { spawnWorker } from "../worker/spawn-worker.ts";
import { databaseCause } from "./connection-errors.ts";
import { DatabaseOutage } from "./database-outage.ts";
import { MetricWriter, type Retry } from "./metric-writer.ts";
import { nextPlacement } from "./placement.ts";
import { readyRun } from "./ready-run.ts";
import { actOnStopRequests, beat, takeBackOwnRuns } from "./recovery.ts";
import { commitRunChanges } from "./run-changes.ts";
import { RunLog } from "./run-log.ts";
import type { ActiveRun, SchedulerContext } from "./scheduler-context.ts";
import { recordOutcome, workerReports } from "./worker-reports.ts";

export interface SchedulerOptions {
  db: Db;
  bus: EventBus;
  store: ArtifactStore;
  daemonId: string;
  concurrency: number;
  /** The GPUs runs are placed on (see placement.ts); none on a CPU host. */
  gpus?: readonly Gpu[];
  logger: Logger;
  /** How often the queue is polled for runs other daemons or clients added. */
  pollMs?: number;
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  /** On stop(), how long a run may take to reach its next checkpoint before it is killed. */
  shutdownGraceMs?: number;
}

/**
 * Claims queued runs whose dependencies succeeded and runs each in a worker process; records
 * this daemon's heartbeat, takes back the runs of daemons that stopped sending theirs, and acts
 * on pause and cancel requests made through any daemon (recovery.ts). What a worker reports is
 * recorded by worker-reports.ts; every status change goes through commitRunChanges. While the
 * database is away (DatabaseOutage) nothing is claimed, runs train on and their reports wait.
 */
export class Scheduler {
  private active = new Map<string, ActiveRun>();
  private settling = new Set<Promise<void>>();
  private readonly ctx: SchedulerContext;
  private ticking: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopped = false;
  private timers: NodeJS.Timeout[] = [];

  /** How long a daemon may go without a heartbeat before it is taken for dead and its runs go back to the queue. */
  get heartbeatTimeoutMs(): number {
    return this.o.heartbeatTimeoutMs ?? 30_000;
  }

  constructor(private readonly o: SchedulerOptions) {
    const outage = new DatabaseOutage(o.logger, () => this.active.size);
    const retry: Retry = (write) => outage.retry(write);
    const runLog = new RunLog(o.db, o.logger, retry);
    this.ctx = { db: o.db, bus: o.bus, store: o.store, daemonId: o.daemonId, logger: o.logger, outage, runLog, metrics: new MetricWriter(o.db, o.bus, { retry }) };
  }

  /**
   * Puts back the runs a previous life of this daemon left running. Called before the daemon
   * registers anew, so their time counts up to that life's last heartbeat, not to this start.
   */
  async recover(): Promise<void> {
    await takeBackOwnRuns(this.ctx, "this daemon restarted");
  }

  /** Starts claiming runs and sending heartbeats. */
  start(): void {
    this.started = true;
    this.timers.push(setInterval(() => this.wake(), this.o.pollMs ?? 2000));
    this.timers.push(setInterval(() => void this.beat(), this.o.heartbeatMs ?? 5000));
    this.wake();
  }

  /** Whether it claims runs now: started, and not stopping. */
  get serving(): boolean {
    return this.started && !this.stopped;
  }

  /** Whether the database is away: an outage this daemon noticed and has not yet seen end. */
  get databaseDown(): boolean {
    return this.ctx.outage.down;
  }

  /** Runs this daemon trains at once. */
  get concurrency(): number {
    return this.o.concurrency;
  }

  runningCount(): number {
    return this.active.size;
  }

  /** The runs this daemon trains now, each with its worker's pid and GPU. */
  workers(): RunningWorker[] {
    return [...this.active.values()].map((a) => ({ runId: a.run.id, pid: a.handle.child.pid, gpu: a.gpu }));
  }

  /** Looks for work now (after a run is queued or finishes). */
  wake(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.tick()
      .catch((error: unknown) => {
        if (!this.ctx.outage.noteFailure(error)) this.o.logger.error(`scheduler: ${databaseCause(error)}`);
      })
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
      const { claimed, changes } = await commitRunChanges(this.ctx, (tx) => claimRun(tx, this.o.daemonId, placement.room));
      for (const { run } of changes) {
        if (run.reusedFrom) this.ctx.runLog.write(run, `took the results of run ${run.reusedFrom}, which has the same configuration and inputs and succeeded meanwhile: nothing to train`);
      }
      if (!claimed) return;
      await this.launch(claimed.run, placement.gpu);
    }
  }

  private async beat(): Promise<void> {
    if (!this.stopped && (await beat(this.ctx, this.active, this.heartbeatTimeoutMs))) this.wake();
  }

  /** Acts on the pause and cancel requests for runs this daemon executes. */
  checkStopRequests(): Promise<void> {
    return actOnStopRequests(this.ctx, this.active);
  }

  private async launch(run: RunRow, gpu: string | null): Promise<void> {
    const { runLog } = this.ctx;
    const start = await readyRun(this.ctx, run, gpu);
    if (!start) return;
    const handle = spawnWorker(
      start,
      workerReports(this.ctx, run, () => this.active.get(run.id)?.lost ?? false),
      (lines) => runLog.fromWorker(run, lines),
      gpu === null ? {} : { CUDA_VISIBLE_DEVICES: gpu },
    );
    const entry: ActiveRun = { run, handle, gpu, stopping: null, lost: false };
    this.active.set(run.id, entry);
    const settled = handle.finished
      .then((outcome) => recordOutcome(this.ctx, entry, outcome))
      .catch((error: unknown) => runLog.write(run, `recording how it ended failed: ${databaseCause(error)}`, "error"))
      .finally(() => {
        this.active.delete(run.id);
        this.settling.delete(settled);
        this.wake();
      });
    this.settling.add(settled);
  }

  /**
   * Shutdown: each run stops at its next checkpoint (killed after the grace period) and goes back
   * to the queue, to continue from that checkpoint here or on another daemon.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    // A database still away when the runs have stopped is not waited for: they stay on record as
    // running here, and go back to the queue when this daemon starts again (or another takes them).
    this.ctx.outage.giveUpAfter(this.o.shutdownGraceMs ?? 60_000);
    for (const timer of this.timers) clearInterval(timer);
    await this.ticking;
    for (const entry of this.active.values()) {
      entry.stopping ??= "shutdown";
      entry.handle.stop(this.o.shutdownGraceMs ?? 60_000);
    }
    if (this.active.size > 0) this.o.logger.info(`waiting for ${this.active.size} run(s) to reach a checkpoint…`);
    while (this.settling.size > 0) await Promise.all(this.settling);
    await this.ctx.metrics.flush();
    await takeBackOwnRuns(this.ctx, "the daemon shut down");
    await this.ctx.runLog.flushed();
  }
}
