"use client";

import { useQuery } from "@tanstack/react-query";
import { useRef } from "react";
import type { RunSummary } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { ExportBar } from "../exports/export-bar.tsx";
import { figurePng, figureSvgFile, titledCanvases } from "../figures/figure-png.ts";
import { QueryStatus } from "../query-status.tsx";
import { BoundaryPanel } from "./boundary-panel.tsx";

const TITLE = "Figure 1 — decision boundaries of the toy example";
const LEGEND = [
  { label: "label 0", color: "#0000ff" },
  { label: "label 1", color: "#ff0000" },
];

/** The paper's Figure 1: the toy network's decision boundary after each of runs (a)–(d). */
export function Figure1({ experimentId, runs }: { experimentId: string; runs: RunSummary[] }) {
  const trpc = useTRPC();
  const figure = useQuery(trpc.figures.toyBoundaries.queryOptions({ experimentId }));
  const frame = useRef<HTMLDivElement>(null);
  const runById = new Map(runs.map((r) => [r.id, r]));
  // A panel whose run has not finished has a blank canvas: exports hold the drawn ones only.
  const drawn = () => titledCanvases(frame.current).filter(({ canvas }) => canvas.dataset.ready === "true");

  return (
    <section className="card figure1">
      <h2>{TITLE}</h2>
      <ExportBar
        what="figure1"
        experimentId={experimentId}
        render={figure.data ? () => JSON.stringify(figure.data, null, 2) + "\n" : null}
        formats={["json"]}
        png={() => figurePng(TITLE, drawn(), LEGEND, 2)}
        svg={() => figureSvgFile(TITLE, drawn(), LEGEND, 2)}
        procedure="figures.toyBoundaries"
        input={{ experimentId }}
      />
      {!figure.data ? (
        <QueryStatus query={figure} what="the figure" />
      ) : (
        <div className="panels" ref={frame}>
          {figure.data.panels.map((panel) => (
            <BoundaryPanel key={panel.key} panel={panel} run={runById.get(panel.runId)} />
          ))}
        </div>
      )}
      <p className="caption">
        Each panel shows the network&apos;s sigmoid output over the input plane, x ∈ [−1.25, 1.8]
        horizontal and y ∈ [−0.75, 1.25] vertical with y up (0 → light blue, 0.5 → white, 1 → light
        pink), and the training points of that run&apos;s labels (label 0 blue, label 1 red). Unlike the
        paper&apos;s figure, which drew the grid transposed so that the two classes sit top and bottom,
        these panels are drawn un-transposed: the classes sit left (label 0) and right (label 1).
      </p>
    </section>
  );
}
