import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { annotationColumns, annotationConstraints } from "./annotations.ts";
import { users } from "./users.ts";

/** An experiment is a preset expanded with its options into a DAG of runs. */
export const experiments = pgTable(
  "experiments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    preset: text("preset").notNull(),
    title: text("title").notNull(),
    options: jsonb("options").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    ...annotationColumns(),
  },
  (t) => annotationConstraints("experiments", t),
);
