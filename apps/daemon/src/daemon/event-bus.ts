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

/**
 * The daemon's in-process fan-out from the scheduler to API subscriptions. Recent run events
 * are kept so that a client that reconnects can be sent what it missed.
 */
export class EventBus {
  private emitter = new EventEmitter();
  private recent: RunEvent[] = [];
  private seq = 0;

  constructor(private readonly keep = 1000) {
    this.emitter.setMaxListeners(0);
  }

  publishRunEvent(event: Omit<RunEvent, "seq">): RunEvent {
    const full = { ...event, seq: ++this.seq };
    this.recent.push(full);
    if (this.recent.length > this.keep) this.recent.splice(0, this.recent.length - this.keep);
    this.emitter.emit("run", full);
    return full;
  }

  publishMetrics(runId: string, rows: readonly MetricRow[]): void {
    if (rows.length > 0) this.emitter.emit(`metrics:${runId}`, rows);
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
