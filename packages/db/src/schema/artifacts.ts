import { bigint, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { runs } from "./runs.ts";

/** A file a run produced (checkpoint, raster, …) in the artifact store; `path` is its store key. */
export const artifacts = pgTable(
  "artifacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    path: text("path").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("artifacts_run_name").on(t.runId, t.name)],
);
