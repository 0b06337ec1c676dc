"use client";

import { isFinished, RUN_STATUSES, type RunStatus } from "@minima/metrics";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { describeError } from "../../lib/auth-errors.ts";
import { mayControl } from "../../lib/run-actions.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";

const UNFINISHED = RUN_STATUSES.filter((status) => !isFinished(status));

interface Props {
  experiment: { id: string; owner: string; runCounts: Record<RunStatus, number> };
}

/**
 * Cancels every unfinished run of an experiment (`experiments.cancel`), for admins and the
 * member who queued it; asks once more before it does, in place (no browser dialog).
 */
export function CancelExperiment({ experiment }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.whoami.queryOptions());
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation(
    trpc.experiments.cancel.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        void queryClient.invalidateQueries(trpc.experiments.pathFilter());
        void queryClient.invalidateQueries(trpc.runs.pathFilter());
      },
    }),
  );
  const unfinished = UNFINISHED.reduce((n, status) => n + (experiment.runCounts[status] ?? 0), 0);

  if (!mayControl(me.data, experiment.owner)) return null;
  return (
    <span className="run-controls">
      {cancel.data && (
        <span className="meta" role="status">
          Cancelled {cancel.data.cancelled} {cancel.data.cancelled === 1 ? "run" : "runs"}.
        </span>
      )}
      {unfinished > 0 &&
        (confirming ? (
          <>
            <span className="meta">
              Cancel its {unfinished} unfinished {unfinished === 1 ? "run" : "runs"}?
            </span>
            <button type="button" className="secondary small-button danger" disabled={cancel.isPending} onClick={() => cancel.mutate({ id: experiment.id })}>
              {cancel.isPending ? "Cancelling…" : "Yes, cancel them"}
            </button>
            <button type="button" className="secondary small-button" onClick={() => setConfirming(false)}>
              Keep them
            </button>
          </>
        ) : (
          <button type="button" className="secondary small-button danger" onClick={() => setConfirming(true)}>
            Cancel experiment
          </button>
        ))}
      {cancel.error && (
        <span className="error small" role="alert">
          Could not cancel: {describeError(cancel.error)}
        </span>
      )}
    </span>
  );
}
