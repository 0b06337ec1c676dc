"use client";

import type { MetricRow } from "@minima/metrics";
import { useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useMemo, useState } from "react";
import { MetricRowSet } from "../../lib/metric-rows.ts";
import { throttle } from "../../lib/throttle.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { unwrapTracked } from "../../trpc/unwrap-tracked.ts";

// Fast runs report many epochs a second; the chart redraws at most this often.
const REDRAW_MS = 250;

/**
 * A run's metric rows: what `runs.metrics` returned, then every row `runs.onMetrics` sends,
 * merged by id. The subscription starts together with the query (not after it), so nothing
 * written in between is missed; rows both deliver are kept once.
 */
export function useLiveMetrics(runId: string) {
  const trpc = useTRPC();
  const [rowSet] = useState(() => new MetricRowSet());
  const [rows, setRows] = useState<readonly MetricRow[]>([]);
  const flush = useMemo(() => throttle(() => setRows(rowSet.rows()), REDRAW_MS), [rowSet]);
  useEffect(() => () => flush.cancel(), [flush]);

  const initial = useQuery(trpc.runs.metrics.queryOptions({ id: runId }));
  useEffect(() => {
    if (initial.data && rowSet.add(initial.data) > 0) flush();
  }, [initial.data, rowSet, flush]);

  const live = useSubscription(
    trpc.runs.onMetrics.subscriptionOptions(
      { id: runId },
      {
        onData: (message) => {
          if (rowSet.add([unwrapTracked(message)]) > 0) flush();
        },
      },
    ),
  );

  return { rows, initial, live };
}
