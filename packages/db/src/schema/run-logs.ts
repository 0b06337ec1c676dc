import { bigserial, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { runs } from "./runs.ts";

export const LOG_SOURCES = ["daemon", "worker"] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

/**
 * A run's log, a line a row: what the daemon did with it (started, resumed, stopped, failed and
 * why) and what its worker printed (the engine's warnings, a crash's trace). In the database so
 * that every daemon on it can show any run's log.
 */
export const runLogs = pgTable(
  "run_logs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    source: text("source", { enum: LOG_SOURCES }).notNull(),
    text: text("text").notNull(),
    time: timestamp("time", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("run_logs_run_idx").on(t.runId, t.id)],
);
