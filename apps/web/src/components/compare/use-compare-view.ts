"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { compareViewParams, parseCompareView, type CompareView } from "../../lib/compare-params.ts";
import { useReplaceParams } from "../run-grid/run-grid.tsx";

/** The Compare page's runs, smoothing, x axis and metrics, kept in the URL; the controls answer before the URL does. */
export function useCompareView(): [CompareView, (patch: Partial<CompareView>) => void] {
  const params = useSearchParams();
  const replaceParams = useReplaceParams();
  const inUrl = useMemo(() => parseCompareView(params), [params]);
  const key = JSON.stringify(compareViewParams(inUrl));
  const [view, setLocal] = useState(inUrl);
  const [seen, setSeen] = useState(key);
  if (key !== seen) {
    setSeen(key);
    setLocal(inUrl);
  }
  const update = useCallback(
    (patch: Partial<CompareView>) => {
      const next = { ...view, ...patch };
      setLocal(next);
      replaceParams(compareViewParams(next));
    },
    [view, replaceParams],
  );
  return [view, update];
}
