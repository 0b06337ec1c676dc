import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Daemons sharing this database, with their last heartbeat. */
export const daemons = pgTable("daemons", {
  id: text("id").primaryKey(),
  host: text("host").notNull(),
  pid: integer("pid").notNull(),
  url: text("url").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
  stoppedAt: timestamp("stopped_at", { withTimezone: true }),
});
