"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useMemo, useRef } from "react";
import { applyRunEvent, applyRunEventToList, applyRunEventToRun, classifyRunEvent, mayChangeLists, runsOfList, type CachedRunList, type RunEvent } from "../lib/run-events.ts";
import { throttle } from "../lib/throttle.ts";
import type { ExperimentDetail, RunDetail, RunListItem } from "../trpc/router-types.ts";
import { useTRPC } from "../trpc/trpc-context.ts";
import { unwrapTracked } from "../trpc/unwrap-tracked.ts";

/**
 * One subscription to `runs.onEvent` for the whole dashboard; on a reconnect it resumes where it
 * was (the daemon sends the current state of what changed meanwhile) and refetches everything
 * shown, so no page keeps a stale status. Epoch ticks patch the cached
 * runs in place; a status change refetches (throttled) whatever shows runs, since aggregates
 * and figures are the daemon's to compute; a run no list knows refetches the lists, unless the
 * event is only an epoch tick (with 10,000 runs, most are on pages no one has loaded).
 */
export function RunEventsListener() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  const { refetchLists, refetchAll } = useMemo(() => {
    const lists = () => {
      void queryClient.invalidateQueries(trpc.experiments.list.pathFilter());
      void queryClient.invalidateQueries(trpc.runs.list.pathFilter());
    };
    return {
      refetchLists: throttle(lists, 1_000),
      refetchAll: throttle(() => {
        lists();
        void queryClient.invalidateQueries(trpc.experiments.get.pathFilter());
        void queryClient.invalidateQueries(trpc.runs.get.pathFilter());
        void queryClient.invalidateQueries(trpc.figures.pathFilter());
        void queryClient.invalidateQueries(trpc.tables.pathFilter());
      }, 1_000),
    };
  }, [queryClient, trpc]);
  useEffect(() => () => [refetchLists, refetchAll].forEach((t) => t.cancel()), [refetchLists, refetchAll]);

  const onEvent = (event: RunEvent) => {
    // runs.list is cached as one page (a query) or as the pages loaded so far (an infinite query).
    const listed = queryClient.getQueriesData<CachedRunList<RunListItem>>(trpc.runs.list.pathFilter()).flatMap(([, data]) => runsOfList(data));
    const shown = [
      ...listed,
      ...queryClient.getQueriesData<ExperimentDetail>(trpc.experiments.get.pathFilter()).flatMap(([, d]) => d?.runs ?? []),
      ...queryClient.getQueriesData<RunDetail>(trpc.runs.get.pathFilter()).flatMap(([, run]) => (run ? [run] : [])),
    ];
    // A name, notes or tags changed: the update does not carry them, so what shows them is fetched.
    if (event.annotated || classifyRunEvent(shown, event) === "status") refetchAll();
    else if (classifyRunEvent(listed, event) === "unknown" && mayChangeLists(event)) refetchLists();

    queryClient.setQueriesData<CachedRunList<RunListItem>>(trpc.runs.list.pathFilter(), (data) => data && applyRunEventToList(data, event));
    queryClient.setQueryData(trpc.experiments.get.queryKey({ id: event.experimentId }), (d) => {
      if (!d) return d;
      const runs = applyRunEvent(d.runs, event);
      return runs === d.runs ? d : { ...d, runs };
    });
    queryClient.setQueryData(trpc.runs.get.queryKey({ id: event.runId }), (run) => run && applyRunEventToRun(run, event));
  };

  // Each (re)connection starts with "started": after the first, whatever was shown may be stale
  // (the daemon restarted, or this is another daemon), so everything shown is fetched again.
  const connections = useRef(0);
  const onStarted = () => {
    if (connections.current++ > 0) refetchAll();
  };
  useSubscription(trpc.runs.onEvent.subscriptionOptions({}, { onStarted, onData: (message) => onEvent(unwrapTracked(message)) }));
  return null;
}
