"use client";

import { useEffect, useRef, useState, type RefObject } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { readChartTheme, themedOptions } from "../../lib/chart-theme.ts";
import { useColorScheme } from "./use-color-scheme.ts";

interface UplotSpec {
  /** What the chart draws (labels, colours, scales): the chart is rebuilt only when it changes. */
  shape: string;
  /** The options for a chart of the container's width, read when the chart is (re)built. */
  options: (width: number) => uPlot.Options;
  data: uPlot.AlignedData;
  height: number;
  /**
   * Whether new data re-fits the scales (uPlot's `resetScales`). False while the user has zoomed,
   * so a growing live curve does not throw the zoom away.
   */
  refit?: boolean;
}

export interface UplotHandle {
  containerRef: RefObject<HTMLDivElement | null>;
  chartRef: RefObject<uPlot | null>;
  /** True once the chart has been drawn (a hook for browser tests, too). */
  ready: boolean;
  /** Why the chart library could not be loaded, if it could not. */
  failed: string | null;
}

/**
 * Mounts a uPlot chart in a container: loaded and built in an effect (uPlot needs the DOM, so
 * never on the server), kept as wide as its container, fed new data through `setData` (a
 * growing curve does not rebuild it), destroyed on unmount or when its `shape` changes.
 */
export function useUplot({ shape, options, data, height, refit = true }: UplotSpec): UplotHandle {
  const containerRef = useRef<HTMLDivElement | null>(null);
  const chartRef = useRef<uPlot | null>(null);
  const latest = useRef({ options, data });
  latest.current = { options, data };
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  // The chart is rebuilt when the system switches between light and dark.
  const scheme = useColorScheme();

  useEffect(() => {
    chartRef.current?.setData(data, refit);
  }, [data, refit]);

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    let chart: uPlot | null = null;
    let disposed = false;
    const observer = new ResizeObserver(() => chart?.setSize({ width: element.clientWidth, height }));
    import("uplot")
      .then(({ default: UPlot }) => {
        if (disposed) return;
        // Axis and grid colours from the CSS variables where the chart sits (an exported figure's frame keeps the light ones).
        const options = themedOptions(latest.current.options(element.clientWidth), readChartTheme(getComputedStyle(element)));
        chart = new UPlot(options, latest.current.data, element);
        chartRef.current = chart;
        observer.observe(element);
        setReady(true);
      })
      .catch((error: unknown) => setFailed(error instanceof Error ? error.message : String(error)));
    return () => {
      disposed = true;
      observer.disconnect();
      chart?.destroy();
      chartRef.current = null;
      setReady(false);
    };
  }, [shape, height, scheme]);

  return { containerRef, chartRef, ready, failed };
}
