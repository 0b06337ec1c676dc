import { integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Daemons sharing this database, with their last heartbeat. */
export const daemons = pgTable("daemons", {
  id: text("id").primaryKey(),
  host: text("host").notNull(),
  pid: integer("pid").notNull(),
  url: text("url").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
  stoppedAt: timestamp("stopped_at", { withTimezone: true }),
  /**
   * What the daemon last reported of its host (its facts and latest sample, written every few
   * heartbeats), so that a dashboard on another daemon can show it; the daemon defines its shape.
   */
  machine: jsonb("machine").$type<Record<string, unknown>>(),
});
