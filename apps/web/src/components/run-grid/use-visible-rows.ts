"use client";

import { useCallback, useLayoutEffect, useState } from "react";

/**
 * The rows of a scrolled list that are on screen, plus `overscan` on each side, for rows of one
 * fixed height: the DOM holds a screenful of rows whether the list has fifty or ten thousand.
 * `element` is state, not a ref: the scroller mounts only once the first page is in.
 */
export function useVisibleRows(element: HTMLElement | null, count: number, rowHeight: number, overscan = 12) {
  const [view, setView] = useState({ top: 0, height: 800 });
  const measure = useCallback(() => {
    if (element) setView((v) => (v.top === element.scrollTop && v.height === element.clientHeight ? v : { top: element.scrollTop, height: element.clientHeight }));
  }, [element]);
  useLayoutEffect(() => {
    if (!element) return;
    measure();
    element.addEventListener("scroll", measure, { passive: true });
    const resized = new ResizeObserver(measure);
    resized.observe(element);
    return () => {
      element.removeEventListener("scroll", measure);
      resized.disconnect();
    };
  }, [element, measure]);
  const start = Math.max(0, Math.floor(view.top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  return { start, end, before: start * rowHeight, after: Math.max(0, count - end) * rowHeight };
}
