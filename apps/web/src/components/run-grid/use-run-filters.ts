"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { parseQueueFilters, QUEUE_FILTER_PARAMS, queueFiltersQuery, type QueueFilters } from "../../lib/queue-filters.ts";
import { useReplaceParams } from "./run-grid.tsx";

/**
 * A runs table's filters, kept in the page's URL next to its columns and sort, so a view can be
 * linked. The controls answer at once; the URL follows (and a changed URL — a link, back — wins).
 */
export function useRunFilters(): [QueueFilters, (filters: QueueFilters) => void] {
  const replaceParams = useReplaceParams();
  const params = useSearchParams();
  const inUrl = useMemo(() => parseQueueFilters(params), [params]);
  const [filters, setLocalFilters] = useState(inUrl);
  const [urlSeen, setUrlSeen] = useState(() => queueFiltersQuery(inUrl));
  if (queueFiltersQuery(inUrl) !== urlSeen) {
    setUrlSeen(queueFiltersQuery(inUrl));
    setLocalFilters(inUrl);
  }
  const setFilters = useCallback(
    (next: QueueFilters) => {
      setLocalFilters(next);
      const query = new URLSearchParams(queueFiltersQuery(next));
      replaceParams(Object.fromEntries(QUEUE_FILTER_PARAMS.map((name) => [name, query.get(name)])));
    },
    [replaceParams],
  );
  return [filters, setFilters];
}
