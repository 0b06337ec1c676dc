"use client";

import { fromColumns, type MetricRow } from "@minima/metrics";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useMemo, useState } from "react";
import { MetricRowSet } from "../../lib/metric-rows.ts";
import { throttle } from "../../lib/throttle.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { unwrapTracked } from "../../trpc/unwrap-tracked.ts";

// Fast runs report many epochs a second; the chart redraws at most this often.
const REDRAW_MS = 250;

/**
 * A run's metric rows: what `runs.metrics` returned, then every batch `runs.onMetrics` sends,
 * merged by id. The subscription starts once the query has answered, from the last row id it
 * returned (`lastEventId`: the daemon sends only later rows, so a long run's backlog is not
 * sent twice and nothing written in between is missed); after that wsLink keeps `lastEventId`
 * current across reconnects. A row that arrives twice anyway is kept once.
 */
export function useLiveMetrics(runId: string) {
  const trpc = useTRPC();
  const [rowSet] = useState(() => new MetricRowSet());
  const [rows, setRows] = useState<readonly MetricRow[]>([]);
  const flush = useMemo(() => throttle(() => setRows(rowSet.rows()), REDRAW_MS), [rowSet]);
  useEffect(() => () => flush.cancel(), [flush]);

  const initial = useQuery(trpc.runs.metrics.queryOptions({ id: runId }));
  // Fixed at the first answer: a later refetch must not restart the subscription.
  const [resumeAfter, setResumeAfter] = useState<string | null>(null);
  useEffect(() => {
    if (!initial.data) return;
    if (rowSet.add(initial.data) > 0) flush();
    const lastId = initial.data.reduce((last, row) => Math.max(last, row.id), 0);
    setResumeAfter((current) => current ?? String(lastId));
  }, [initial.data, rowSet, flush]);

  const live = useSubscription(
    trpc.runs.onMetrics.subscriptionOptions(
      resumeAfter === null ? skipToken : { id: runId, lastEventId: resumeAfter },
      {
        onData: (message) => {
          if (rowSet.add(fromColumns(unwrapTracked(message))) > 0) flush();
        },
      },
    ),
  );

  return { rows, initial, live };
}
