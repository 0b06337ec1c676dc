"use client";

import { useQuery } from "@tanstack/react-query";
import type { RunSummary } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { QueryStatus } from "../query-status.tsx";
import { BoundaryPanel } from "./boundary-panel.tsx";

/** The paper's Figure 1: the toy network's decision boundary after each of runs (a)–(d). */
export function Figure1({ experimentId, runs }: { experimentId: string; runs: RunSummary[] }) {
  const trpc = useTRPC();
  const figure = useQuery(trpc.figures.toyBoundaries.queryOptions({ experimentId }));
  const runById = new Map(runs.map((r) => [r.id, r]));

  return (
    <section className="card figure1">
      <h2>Figure 1 — decision boundaries of the toy example</h2>
      {!figure.data ? (
        <QueryStatus query={figure} what="the figure" />
      ) : (
        <div className="panels">
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
