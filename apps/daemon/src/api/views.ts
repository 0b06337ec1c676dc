import type { ExperimentSummary, Run } from "@minima/db";
import { experimentStatus, type RunStatus } from "@minima/metrics";

/** A run as the API shows it: JSON-safe (ISO dates), without internal fields. */
export interface RunView {
  id: string;
  experimentId: string;
  key: string;
  title: string;
  kind: string;
  status: RunStatus;
  epoch: number;
  epochs: number;
  attempt: number;
  backend: string | null;
  error: string | null;
  dependsOn: string[];
  createdAt: string;
  /** When its current (or last) attempt started. */
  startedAt: string | null;
  finishedAt: string | null;
  /** Milliseconds it trained before its current attempt (paused or queued time does not count). */
  activeMs: number;
  /** Higher runs are claimed first. */
  priority: number;
  /** The daemon executing it (while running). */
  daemonId: string | null;
  /** A pause or cancel asked for and not yet done. */
  stopRequest: "pause" | "cancel" | null;
  /** The run whose results it took over instead of training: the same configuration and inputs, finished first. */
  reusedFrom: string | null;
  /** Its owner's name for it (null: none; show `title`), notes and tags. */
  name: string | null;
  notes: string;
  tags: string[];
}

export function runView(run: Omit<Run, "config">): RunView {
  return {
    id: run.id,
    experimentId: run.experimentId,
    key: run.key,
    title: run.title,
    kind: run.kind,
    status: run.status,
    epoch: run.epoch,
    epochs: run.epochs,
    attempt: run.attempt,
    backend: run.backend,
    error: run.error,
    dependsOn: run.dependsOn,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    activeMs: run.activeMs,
    priority: run.priority,
    daemonId: run.daemonId,
    stopRequest: run.stopRequest,
    reusedFrom: run.reusedFrom,
    name: run.name,
    notes: run.notes,
    tags: run.tags,
  };
}

export interface ExperimentView {
  id: string;
  preset: string;
  title: string;
  /** Its owner's name for it (null: none; show `title`), notes and tags. */
  name: string | null;
  notes: string;
  tags: string[];
  owner: string;
  status: RunStatus;
  options: Record<string, unknown>;
  createdAt: string;
  runCounts: Record<RunStatus, number>;
}

export function experimentView(e: ExperimentSummary): ExperimentView {
  return { ...e, status: experimentStatus(e.runCounts), createdAt: e.createdAt.toISOString() };
}
