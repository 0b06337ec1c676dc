"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { mergeSamples } from "../../lib/machine-series.ts";
import { throttle } from "../../lib/throttle.ts";
import type { MachineSample } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { unwrapTracked } from "../../trpc/unwrap-tracked.ts";

// The first message holds the last hours at once; the charts redraw at most this often after.
const REDRAW_MS = 500;

/**
 * The daemon's samples of its host: the hours it keeps, then each new one, over
 * `machines.onSamples`. wsLink resumes after the last sample's time on a reconnect, so nothing
 * is missed; a sample sent twice is kept once, and those older than `keepMs` are dropped.
 * `onSamples` is called after new samples are drawn (to refresh what follows them).
 */
export function useMachineSamples(keepMs: number, onSamples: () => void = () => undefined) {
  const trpc = useTRPC();
  const [samples, setSamples] = useState<MachineSample[]>([]);
  const pending = useRef<MachineSample[]>([]);
  const after = useRef(onSamples);
  after.current = onSamples;
  const flush = useMemo(
    () =>
      throttle(() => {
        const incoming = pending.current;
        pending.current = [];
        setSamples((held) => mergeSamples(held, incoming, keepMs));
        after.current();
      }, REDRAW_MS),
    [keepMs],
  );
  useEffect(() => () => flush.cancel(), [flush]);
  const live = useSubscription(
    trpc.machines.onSamples.subscriptionOptions(
      {},
      {
        onData: (message) => {
          pending.current.push(...unwrapTracked(message));
          flush();
        },
      },
    ),
  );
  return { samples, live };
}
