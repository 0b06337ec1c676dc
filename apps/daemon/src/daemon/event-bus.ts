import type { MetricRow, RunUpdate } from "@minima/metrics";
import { EventEmitter, on } from "node:events";

/** What this daemon tells the other daemons on the same database (see fanout.ts). */
export type RelayMessage =
  | { kind: "run"; update: RunUpdate }
  /** Metric rows of a run with ids in (afterId, upToId] are stored: read them from the database. */
  | { kind: "metrics"; runId: string; afterId: number; upToId: number }
  /** A stop was asked of a run that `daemonId` executes (runs.stop_request). */
  | { kind: "control"; runId: string; daemonId: string };

/**
 * The daemon's fan-out from the scheduler to API subscriptions. It keeps no history: a run
 * update names the event row that recorded it, so a client that reconnects is brought up to
 * date from the database (run-updates.ts), on this daemon or any other. With several daemons on
 * one PostgreSQL, what is published here is also relayed to the others, and what they publish is
 * delivered here (`deliver*`), so every daemon's subscribers see every run.
 */
export class EventBus {
  private emitter = new EventEmitter();
  private relay: ((message: RelayMessage) => void) | null = null;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Sends everything published from now on to the other daemons too. */
  relayTo(relay: ((message: RelayMessage) => void) | null): void {
    this.relay = relay;
  }

  publishRunUpdate(update: RunUpdate): void {
    this.relay?.({ kind: "run", update });
    this.deliverRunUpdate(update);
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

  /** A run update, to this daemon's subscribers only. */
  deliverRunUpdate(update: RunUpdate): void {
    this.emitter.emit("run", update);
  }

  /** Stored metric rows, to this daemon's subscribers only. */
  deliverMetrics(runId: string, rows: readonly MetricRow[]): void {
    if (rows.length > 0) this.emitter.emit(`metrics:${runId}`, rows);
  }

  hasMetricSubscribers(runId: string): boolean {
    return this.emitter.listenerCount(`metrics:${runId}`) > 0;
  }

  /** Async iterators that buffer from the moment they are created (subscribe before backlog). */
  runUpdates(signal: AbortSignal | undefined): AsyncIterableIterator<[RunUpdate]> {
    return on(this.emitter, "run", signal ? { signal } : {}) as AsyncIterableIterator<[RunUpdate]>;
  }

  metrics(runId: string, signal: AbortSignal | undefined): AsyncIterableIterator<[MetricRow[]]> {
    return on(this.emitter, `metrics:${runId}`, signal ? { signal } : {}) as AsyncIterableIterator<[MetricRow[]]>;
  }
}
