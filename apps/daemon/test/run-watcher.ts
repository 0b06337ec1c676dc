import type { RunUpdate } from "@minima/metrics";
import type { MinimaClient } from "../src/client/index.ts";

export interface ReceivedUpdate {
  /** The tracked id runs.onEvent sent with it ("<eventId>" or "<eventId>.<n>"). */
  id: string;
  update: RunUpdate;
  /** Which (re)connection of the subscription brought it: 1 for the first. */
  connection: number;
}

export interface RunWatcher {
  received: ReceivedUpdate[];
  errors: unknown[];
  /** How many times the subscription has (re)started. */
  connections(): number;
  /** Each run's latest update, as a dashboard's cache holds it. */
  view(): Map<string, RunUpdate>;
  lastId(): string | null;
  stop(): void;
}

/**
 * A `runs.onEvent` subscriber kept the way the dashboard keeps one: subscribed once, over the
 * client's WebSocket; after a disconnect wsLink reconnects by itself and resubscribes with the
 * last id it received.
 */
export function watchRuns(client: MinimaClient, input: { lastEventId?: string } = {}): RunWatcher {
  const received: ReceivedUpdate[] = [];
  const errors: unknown[] = [];
  let connections = 0;
  const subscription = client.api.runs.onEvent.subscribe(input, {
    onStarted: () => void connections++,
    onData: ({ id, data }) => void received.push({ id, update: data, connection: connections }),
    onError: (error) => void errors.push(error),
  });
  return {
    received,
    errors,
    connections: () => connections,
    view: () => new Map(received.map((r) => [r.update.runId, r.update])),
    lastId: () => received.at(-1)?.id ?? null,
    stop: () => subscription.unsubscribe(),
  };
}

/** The event id part of a tracked id ("41.3" → 41). */
export const eventIdOf = (trackedId: string): number => Number(trackedId.split(".")[0]);
