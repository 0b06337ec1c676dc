import { RUN_STATUSES } from "@minima/metrics";
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { annotationColumns, annotationConstraints } from "./annotations.ts";
import { experiments } from "./experiments.ts";

export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    experimentId: uuid("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    /** The run's name within its experiment, e.g. "b" for Figure 1's random-label run. */
    key: text("key").notNull(),
    title: text("title").notNull(),
    /** What the worker runs (e.g. "toy"); `config` is that kind's validated configuration. */
    kind: text("kind").notNull(),
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: RUN_STATUSES }).notNull().default("queued"),
    priority: integer("priority").notNull().default(0),
    /** Its owner's estimate of the device memory it needs, in MiB; null: it needs a device to itself. */
    memoryMb: integer("memory_mb"),
    epoch: integer("epoch").notNull().default(0),
    epochs: integer("epochs").notNull(),
    attempt: integer("attempt").notNull().default(0),
    backend: text("backend"),
    error: text("error"),
    /** The daemon that runs it now (null while queued). */
    daemonId: text("daemon_id"),
    /**
     * A stop someone asked for while the run executes, possibly on another daemon: "pause" (stop
     * at the next checkpoint) or "cancel". The daemon that runs it acts on it and clears it.
     */
    stopRequest: text("stop_request", { enum: ["pause", "cancel"] }),
    /**
     * What the run computes: a hash of its kind, its config and its dependencies' fingerprints.
     * A later plan with a run of the same fingerprint reuses this one's results (see createExperiment).
     */
    fingerprint: text("fingerprint"),
    /** The succeeded run whose results this one took over instead of training again. */
    reusedFrom: uuid("reused_from"),
    /**
     * Whether it may take over a twin's results (a run of the same fingerprint that succeeded,
     * in any experiment) instead of training: when its experiment is created, and when a daemon
     * would start it. False for an experiment queued with `fresh`.
     */
    reuse: boolean("reuse").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** When its current (or last) attempt started. */
    startedAt: timestamp("started_at", { withTimezone: true }),
    /**
     * Milliseconds it spent running before its current attempt, over every attempt since it last
     * started from scratch: a paused or queued run's clock stands still.
     */
    activeMs: bigint("active_ms", { mode: "number" }).notNull().default(0),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Its owner's name for it (null: its title is shown), notes and tags. */
    ...annotationColumns(),
  },
  (t) => [
    ...annotationConstraints("runs", t),
    index("runs_status_idx").on(t.status, t.priority, t.createdAt),
    index("runs_experiment_idx").on(t.experimentId),
    index("runs_daemon_idx").on(t.daemonId),
    index("runs_fingerprint_idx").on(t.fingerprint, t.status),
  ],
);

/** runId starts only after dependsOnId has succeeded. */
export const runDependencies = pgTable(
  "run_dependencies",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    dependsOnId: uuid("depends_on_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.dependsOnId] }), index("run_dependencies_depends_on_idx").on(t.dependsOnId)],
);
