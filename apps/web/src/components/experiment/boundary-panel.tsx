"use client";

import { FIGURE1_PLANE, figure1Title } from "@minima/metrics";
import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { progress } from "../../lib/format.ts";
import type { RunSummary, ToyPanel } from "../../trpc/router-types.ts";
import { StatusBadge } from "../status-badge.tsx";
import { drawBoundary } from "./draw-boundary.ts";

// The plane is 3.05 × 2 units; the canvas keeps that aspect so circles stay round.
const CANVAS_WIDTH = 366;
const CANVAS_HEIGHT = Math.round((CANVAS_WIDTH * (FIGURE1_PLANE.yMax - FIGURE1_PLANE.yMin)) / (FIGURE1_PLANE.xMax - FIGURE1_PLANE.xMin));

/** One panel of Figure 1: the finished run's boundary, or the run's status until then. */
export function BoundaryPanel({ panel, run }: { panel: ToyPanel; run: RunSummary | undefined }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState<ToyPanel["raster"]>(null);
  const { raster, points } = panel;
  const title = figure1Title(panel);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !raster) return;
    drawBoundary(canvas, raster, points);
    setDrawn(raster);
  }, [raster, points]);

  const ready = raster !== null && drawn === raster;
  return (
    <figure className="panel" data-panel-title={title}>
      <div className="panel-frame">
        <canvas
          ref={canvasRef}
          width={CANVAS_WIDTH}
          height={CANVAS_HEIGHT}
          data-testid={`panel-${panel.key}`}
          data-ready={ready ? "true" : "false"}
          aria-label={`Figure 1 ${title}`}
        />
        {!raster && (
          <div className="panel-status">
            <StatusBadge status={panel.status} />
            {run && run.status === "running" && <span>{progress(run.epoch, run.epochs).label}</span>}
            {run?.error && <span className="error small">{run.error}</span>}
          </div>
        )}
      </div>
      <figcaption>
        <Link href={`/runs/${panel.runId}`} title={panel.title}>
          {title}
        </Link>
        {run?.backend && <span className="meta"> · {run.backend}</span>}
      </figcaption>
    </figure>
  );
}
