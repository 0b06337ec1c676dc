import type { MetricRow, RunStatus } from "@minima/metrics";
import { EventEmitter, on } from "node:events";

/** A change any watcher of the queue should see. `seq` orders events within this daemon. */
export interface RunEvent {
  seq: number;
  runId: string;
  experimentId: string;
  status: RunStatus;
  epoch: number;
  epochs: number;
}

/** What this daemon tells the other daemons on the same database (see fanout.ts). */
export type RelayMessage =
  | { kind: "run"; event: Omit<RunEvent, "seq"> }
  /** Metric rows of a run with ids in (afterId, upToId] are stored: read them from the database. */
  | { kind: "metrics"; runId: string; afterId: number; upToId: number }
  /** A stop was asked of a run that `daemonId` executes (runs.stop_request). */
  | { kind: "control"; runId: string; daemonId: string };

/**
 * The daemon's fan-out from the scheduler to API subscriptions. Recent run events are kept so
 * that a client that reconnects can be sent what it missed. With several daemons on one
 * PostgreSQL, what is published here is also relayed to the others, and what they publish is
 * delivered here (`deliver*`), so every daemon's subscribers see every run.
 */
export class EventBus {
  private emitter = new EventEmitter();
  private recent: RunEvent[] = [];
  private seq = 0;
  private relay: ((message: RelayMessage) => void) | null = null;

  constructor(private readonly keep = 1000) {
    this.emitter.setMaxListeners(0);
  }

  /** Sends everything published from now on to the other daemons too. */
  relayTo(relay: ((message: RelayMessage) => void) | null): void {
    this.relay = relay;
  }

  publishRunEvent(event: Omit<RunEvent, "seq">): RunEvent {
    this.relay?.({ kind: "run", event });
    return this.deliverRunEvent(event);
  }

  publishMetrics(runId: string, rows: readonly MetricRow[]): void {
    if (rows.length === 0) return;
    this.relay?.({ kind: "metrics", runId, afterId: rows[0]!.id - 1, upToId: rows.at(-1)!.id });
    this.deliverMetrics(runId, rows);
  }

  /** Tells the daemon that executes a run to look at its stop requests. */
  askToStop(runId: string, daemonId: string): void {
    this.relay?.({ kind: "control", runId, daemonId });
  }

  /** A run event, to this daemon's subscribers only. */
  deliverRunEvent(event: Omit<RunEvent, "seq">): RunEvent {
    const full = { ...event, seq: ++this.seq };
    this.recent.push(full);
    if (this.recent.length > this.keep) this.recent.splice(0, this.recent.length - this.keep);
    this.emitter.emit("run", full);
    return full;
  }

  /** Stored metric rows, to this daemon's subscribers only. */
  deliverMetrics(runId: string, rows: readonly MetricRow[]): void {
    if (rows.length > 0) this.emitter.emit(`metrics:${runId}`, rows);
  }

  hasMetricSubscribers(runId: string): boolean {
    return this.emitter.listenerCount(`metrics:${runId}`) > 0;
  }

  /** Run events after `afterSeq` still held in memory. */
  runEventsSince(afterSeq: number): RunEvent[] {
    return this.recent.filter((e) => e.seq > afterSeq);
  }

  /** Async iterators that buffer from the moment they are created (subscribe before backlog). */
  runEvents(signal: AbortSignal | undefined): AsyncIterableIterator<[RunEvent]> {
    return on(this.emitter, "run", signal ? { signal } : {}) as AsyncIterableIterator<[RunEvent]>;
  }

  metrics(runId: string, signal: AbortSignal | undefined): AsyncIterableIterator<[MetricRow[]]> {
    return on(this.emitter, `metrics:${runId}`, signal ? { signal } : {}) as AsyncIterableIterator<[MetricRow[]]>;
  }
}
