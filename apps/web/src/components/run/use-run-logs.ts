"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "../../trpc/trpc-context.ts";

// Lines per request; a long log is read in batches of this many, one after the other.
const BATCH = 1000;
// How often a running run's log is asked for new lines.
const POLL_MS = 2_000;

export interface LogLine {
  id: number;
  time: string;
  source: "daemon" | "worker";
  text: string;
}

/**
 * A run's log, read in batches after the last line seen (`afterId`): each answer moves the
 * query on to the next batch at once, and while the run is live an empty answer is asked again
 * every two seconds, so only new lines ever travel.
 */
export function useRunLogs(runId: string, live: boolean) {
  const trpc = useTRPC();
  const [lines, setLines] = useState<LogLine[]>([]);
  const afterId = lines.at(-1)?.id ?? 0;
  const batch = useQuery({
    ...trpc.runs.logs.queryOptions({ id: runId, afterId, limit: BATCH }),
    refetchInterval: live ? POLL_MS : false,
  });
  // Read up to date once a batch comes back short of full (the next one is only a poll for news).
  const [caughtUp, setCaughtUp] = useState(false);
  useEffect(() => {
    if (!batch.data) return;
    setCaughtUp(batch.data.lines.length < BATCH);
    const fresh = batch.data.lines.filter((line) => line.id > afterId);
    if (fresh.length > 0) setLines((current) => [...current, ...fresh.filter((line) => line.id > (current.at(-1)?.id ?? 0))]);
  }, [batch.data, afterId]);
  return { lines, batch, caughtUp };
}
