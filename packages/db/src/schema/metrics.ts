import { bigint, bigserial, doublePrecision, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { runs } from "./runs.ts";

/** Long format: one row per (run, phase, epoch, name). `id` orders the rows for streaming. */
export const metrics = pgTable(
  "metrics",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    phase: text("phase").notNull(),
    epoch: integer("epoch").notNull(),
    step: integer("step").notNull(),
    name: text("name").notNull(),
    value: doublePrecision("value").notNull(),
    /** Milliseconds since the Unix epoch, as the worker measured it. */
    time: bigint("time", { mode: "number" }).notNull(),
  },
  (t) => [index("metrics_run_idx").on(t.runId, t.id)],
);
