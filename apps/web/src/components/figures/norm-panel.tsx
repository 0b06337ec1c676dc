"use client";

import { CHECKPOINTS, type Checkpoint, type SeedStats } from "@minima/metrics";
import { useEffect, useMemo, useRef, useState } from "react";
import { isLogNorm, NORM_TITLES, normPanel, normTickLabel } from "../../lib/norm-plot.ts";
import { drawNormPanel, NORM_CANVAS } from "./draw-norm-panel.ts";

/** One norm's dot-and-whisker panel of Figure 5, or what it waits for; `title` (normPanelTitle) names it in exports. */
export function NormPanel({ kind, stats, title: panelTitle, name }: { kind: string; stats: Record<Checkpoint, SeedStats>; title: string; name: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const panel = useMemo(() => normPanel(stats), [stats]);
  const [drawn, setDrawn] = useState<unknown>(null);
  const log = isLogNorm(kind);

  useEffect(() => {
    if (!canvasRef.current || !panel) return;
    drawNormPanel(canvasRef.current, panel, log);
    setDrawn(panel);
  }, [panel, log]);

  // The values on hover: the canvas has no tooltips of its own.
  const title = CHECKPOINTS.map((c) => {
    const s = stats[c];
    if (s.mean === null) return `${c}: not measured`;
    return `${c}: mean ${normTickLabel(s.mean, log)} (min ${normTickLabel(s.min, log)}, max ${normTickLabel(s.max, log)}, n = ${s.n})`;
  }).join("\n");

  return (
    <figure className="figure-panel norm-panel" data-panel-title={panelTitle}>
      <figcaption>{NORM_TITLES[kind] ?? kind}</figcaption>
      {panel ? (
        <canvas
          ref={canvasRef}
          width={NORM_CANVAS.width}
          height={NORM_CANVAS.height}
          style={{ width: NORM_CANVAS.width, maxWidth: "100%" }}
          title={title}
          aria-label={`${NORM_TITLES[kind] ?? kind}: ${title}`}
          data-testid={name}
          data-ready={drawn === panel ? "true" : "false"}
        />
      ) : (
        <p className="page-status">Not measured yet.</p>
      )}
    </figure>
  );
}
