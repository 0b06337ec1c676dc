"use client";

import type { RunStatus } from "@minima/metrics";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { describeError } from "../../lib/auth-errors.ts";
import { isMissingProcedure, mayControl, runActions, type RunAction } from "../../lib/run-actions.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";

interface Props {
  run: { id: string; status: RunStatus; stopRequest?: "pause" | "cancel" | null };
  /** The name of the user who queued the run's experiment; members control only their own. */
  owner: string | undefined;
}

const LABELS: Record<RunAction, string> = { cancel: "Cancel", retry: "Retry", pause: "Pause", resume: "Resume" };

/**
 * The buttons a run's status allows, shown only to users the daemon lets use them. Each calls
 * the matching `runs.*` mutation; the run-events listener then shows the new status.
 */
export function RunControls({ run, owner }: Props) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.whoami.queryOptions());
  if (!mayControl(me.data, owner)) return null;
  const actions = runActions(run.status, run.stopRequest ?? null);
  if (actions.length === 0 && !run.stopRequest) return null;
  // The mutations exist only where there is something to press: a page of a hundred finished
  // runs renders no mutation observers at all.
  return <RunButtons run={run} actions={actions} />;
}

function RunButtons({ run, actions }: { run: Props["run"]; actions: RunAction[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.experiments.get.pathFilter());
    void queryClient.invalidateQueries(trpc.runs.pathFilter());
  };
  const mutations = {
    cancel: useMutation(trpc.runs.cancel.mutationOptions({ onSuccess: refresh })),
    retry: useMutation(trpc.runs.retry.mutationOptions({ onSuccess: refresh })),
    pause: useMutation(trpc.runs.pause.mutationOptions({ onSuccess: refresh })),
    resume: useMutation(trpc.runs.resume.mutationOptions({ onSuccess: refresh })),
  };
  const failed = (Object.keys(mutations) as RunAction[]).find((a) => mutations[a].error);
  const error = failed ? mutations[failed].error : null;
  const busy = Object.values(mutations).some((m) => m.isPending);

  return (
    <span className="run-controls">
      {run.stopRequest && <span className="meta">{run.stopRequest === "pause" ? "pausing…" : "cancelling…"}</span>}
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className={`secondary small-button${action === "cancel" ? " danger" : ""}`}
          disabled={busy}
          onClick={() => {
            Object.values(mutations).forEach((m) => m.reset());
            mutations[action].mutate({ id: run.id });
          }}
        >
          {LABELS[action]}
        </button>
      ))}
      {failed && error && (
        <span className="error small" role="alert">
          {isMissingProcedure(error) ? `This daemon cannot ${failed} runs; it needs a newer version.` : `Could not ${failed}: ${describeError(error)}`}
        </span>
      )}
    </span>
  );
}
