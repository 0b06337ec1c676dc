import { metricsBetween, type Database, type Listener } from "@minima/db";
import { databaseCause } from "../scheduler/connection-errors.ts";
import type { EventBus, RelayMessage } from "./event-bus.ts";
import type { Logger } from "./logger.ts";

const CHANNEL = "minima_events";

export interface FanoutOptions {
  database: Database;
  daemonId: string;
  bus: EventBus;
  /** Another daemon queued or freed runs: look for work. */
  onQueued: () => void;
  /** Another daemon asked for a stop of a run this daemon executes. */
  onControl: () => void;
  logger: Logger;
}

/**
 * Connects this daemon's event bus to every other daemon on the same PostgreSQL server with
 * LISTEN/NOTIFY. Notifications are small pointers (a run's new status; the id range of a stored
 * metric batch, read back from the database only when someone here watches that run), so they
 * stay far below PostgreSQL's 8,000-byte payload limit. PGlite has one daemon: nothing to do.
 */
export async function startFanout(o: FanoutOptions): Promise<Listener | null> {
  if (!o.database.listen) return null;
  let receiving = Promise.resolve();
  const receive = async (message: RelayMessage & { from: string }) => {
    if (message.from === o.daemonId) return;
    switch (message.kind) {
      case "run":
        o.bus.deliverRunUpdate(message.update);
        if (message.update.status === "queued") o.onQueued();
        break;
      case "metrics":
        if (o.bus.hasMetricSubscribers(message.runId)) {
          o.bus.deliverMetrics(message.runId, await metricsBetween(o.database.db, message.runId, message.afterId, message.upToId));
        }
        break;
      case "control":
        if (message.daemonId === o.daemonId) o.onControl();
        break;
    }
  };
  const listener = await o.database.listen(
    CHANNEL,
    (payload) => {
      // One at a time, in arrival order: a run's metric batches must reach subscribers in order.
      receiving = receiving
        .then(() => receive(JSON.parse(payload) as RelayMessage & { from: string }))
        .catch((error: unknown) => o.logger.error(`fan-out: ${databaseCause(error)}`));
    },
    (problem) => o.logger.warn(`fan-out: ${problem}`),
  );
  let sending = Promise.resolve();
  o.bus.relayTo((message) => {
    // Sent one after another, so that other daemons see a run's changes in the order made here.
    sending = sending
      .then(() => o.database.notify(CHANNEL, JSON.stringify({ ...message, from: o.daemonId })))
      .catch((error: unknown) => o.logger.warn(`fan-out: notifying the other daemons failed: ${databaseCause(error)}`));
  });
  return {
    close: async () => {
      o.bus.relayTo(null);
      await sending;
      await listener.close();
    },
  };
}
