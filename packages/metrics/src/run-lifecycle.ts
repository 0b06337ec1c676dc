/**
 * A run's life, in one place: its statuses, what may happen to it from each, the events that
 * record it, and an experiment's status derived from its runs. The database's updates take their
 * allowed statuses from `RUN_ACTIONS`, the daemon names its events with `RunEventType`, and the
 * dashboard shows the buttons `userActions` returns. To change what "pause" means, change this file.
 */

/**
 * Where a run is in its life. `blocked`: a run it depends on failed or was cancelled; `paused`:
 * held by a user (stopped at a checkpoint if it was running) until resumed.
 */
export const RUN_STATUSES = ["queued", "blocked", "running", "paused", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A run in one of these states will not change again unless someone retries it. */
export const FINISHED_STATUSES = ["succeeded", "failed", "cancelled"] as const satisfies readonly RunStatus[];
/** A run in one of these states may still train. */
export const LIVE_STATUSES = ["queued", "blocked", "running", "paused"] as const satisfies readonly RunStatus[];

export function isFinished(status: RunStatus): boolean {
  return (FINISHED_STATUSES as readonly RunStatus[]).includes(status);
}

/** A stop asked of a running run, carried out by the daemon that executes it. */
export type StopRequest = "pause" | "cancel";

interface ActionRule {
  /** The statuses the action changes a run from. */
  from: readonly RunStatus[];
  /** Statuses in which the action is only asked for: the daemon executing the run carries it out (a stop request). */
  asks?: readonly RunStatus[];
  /** The stop requests an ask may replace (null: none pending). */
  replaces?: readonly (StopRequest | null)[];
  /** Who does it: a user (a button, a tRPC mutation) or a daemon. */
  by: "user" | "daemon";
}

/**
 * Everything that can happen to a run. "Ready" below means queued, or blocked while a run it
 * depends on cannot succeed.
 */
export const RUN_ACTIONS = {
  /** Held until resumed: a queued run at once, a running one at its next checkpoint. */
  pause: { from: ["queued"], asks: ["running"], replaces: [null], by: "user" },
  /** A paused run is ready again; it continues from its last checkpoint. */
  resume: { from: ["paused"], by: "user" },
  /** Ended for good: a waiting run at once, a running one as soon as its worker stops. */
  cancel: { from: ["queued", "blocked", "paused"], asks: ["running"], replaces: [null, "pause"], by: "user" },
  /** A failed or cancelled run is ready again, from scratch; the runs its end blocked are unblocked. */
  retry: { from: ["failed", "cancelled"], by: "user" },
  /** A run that is not running and did not succeed is ready again, from scratch, with a changed configuration. */
  requeue: { from: ["queued", "blocked", "paused", "failed", "cancelled"], by: "user" },
  /** A daemon takes the next queued run whose dependencies succeeded. */
  claim: { from: ["queued"], by: "daemon" },
  /** Instead of claiming it, a daemon gives it the results of its twin (a run of the same fingerprint that succeeded meanwhile). */
  adopt: { from: ["queued"], by: "daemon" },
  /** Its worker ended: succeeded, failed, or cancelled as asked. */
  finish: { from: ["running"], by: "daemon" },
  /** Its worker stopped at a checkpoint as asked: paused (a pause) or queued (the daemon shut down). */
  stop: { from: ["running"], by: "daemon" },
  /** Its daemon restarted or went silent: queued again (or paused, or cancelled, where that was asked). */
  takeBack: { from: ["running"], by: "daemon" },
  /** A run it depends on failed or was cancelled. */
  block: { from: ["queued"], by: "daemon" },
  /** The runs it depends on can all succeed again. */
  unblock: { from: ["blocked"], by: "daemon" },
} as const satisfies Record<string, ActionRule>;
export type RunAction = keyof typeof RUN_ACTIONS;

/** The statuses `action` changes a run from (not those where it is only asked for). */
export function allowedFrom(action: RunAction): readonly RunStatus[] {
  return RUN_ACTIONS[action].from;
}

/** What a user can do to a run, in the order the dashboard shows the buttons. */
export const USER_ACTIONS = ["pause", "resume", "retry", "cancel"] as const satisfies readonly RunAction[];
export type UserAction = (typeof USER_ACTIONS)[number];

/** Whether `action` may be asked of a run in `status` with `stopRequest` pending. */
export function mayAsk(action: RunAction, status: RunStatus, stopRequest: StopRequest | null): boolean {
  const rule: ActionRule = RUN_ACTIONS[action];
  return (rule.asks?.includes(status) ?? false) && (rule.replaces?.includes(stopRequest) ?? false);
}

/**
 * The user actions a run allows now. A run already asked to cancel allows nothing more; one on
 * its way to a pause can still be cancelled.
 */
export function userActions(status: RunStatus, stopRequest: StopRequest | null = null): UserAction[] {
  return USER_ACTIONS.filter((action) => (stopRequest === null && allowedFrom(action).includes(status)) || mayAsk(action, status, stopRequest));
}

/** What a running run becomes when its worker stops early or its daemon is gone, by what was asked of it. */
export const STATUS_AFTER_STOP = { pause: "paused", cancel: "cancelled", none: "queued" } as const satisfies Record<StopRequest | "none", RunStatus>;

/** Every event a run's history can hold (`runs.events`), and an experiment's. */
export const RUN_EVENT_TYPES = [
  "run.claimed",
  "run.started",
  "run.succeeded",
  "run.failed",
  "run.cancelled",
  "run.paused",
  "run.requeued",
  "run.resumed",
  "run.retried",
  "run.blocked",
  "run.unblocked",
  "run.pause-requested",
  "run.cancel-requested",
  "run.priority-changed",
  "run.annotated",
  "experiment.created",
  "experiment.cancelled",
  "experiment.priority-changed",
  "experiment.annotated",
] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

/** The event that records a run ending with `status` (finish, take back, stop). */
export function eventOfStatus(status: Exclude<RunStatus, "running" | "blocked">): RunEventType {
  return status === "queued" ? "run.requeued" : `run.${status}`;
}

/**
 * One status for a whole experiment: the most telling state any of its runs is in. Running
 * beats everything (work is happening), a failure beats waiting (someone should look), waiting
 * beats holding, and an experiment is succeeded only when every run is.
 */
export function experimentStatus(counts: Record<RunStatus, number>): RunStatus {
  const order: readonly RunStatus[] = ["running", "failed", "queued", "paused", "blocked", "cancelled"];
  return order.find((status) => counts[status] > 0) ?? "succeeded";
}

/** How many runs are in each status, all zero. */
export function emptyRunCounts(): Record<RunStatus, number> {
  return Object.fromEntries(RUN_STATUSES.map((status) => [status, 0])) as Record<RunStatus, number>;
}

/**
 * What `runs.onEvent` reports whenever a run changes (status, stop request, engine) or finishes
 * an epoch. `eventId` is the id of the event row that recorded a change (a database id, so it
 * holds across daemon restarts and hosts); null for an epoch tick, which is not recorded.
 */
export interface RunUpdate {
  eventId: number | null;
  runId: string;
  experimentId: string;
  status: RunStatus;
  epoch: number;
  epochs: number;
  stopRequest: StopRequest | null;
  backend: string | null;
  /**
   * Set when the run's or its experiment's name, notes or tags changed (`run.annotated`,
   * `experiment.annotated`): what shows them is fetched again, since the update does not carry them.
   */
  annotated?: true;
}
