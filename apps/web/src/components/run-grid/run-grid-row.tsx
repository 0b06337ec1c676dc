"use client";

import { ListLink } from "../list-link.tsx";
import { memo, type ReactNode } from "react";
import { experimentLabel, formatTime, runDuration, runLabel } from "../../lib/format.ts";
import type { RunColumnId } from "../../lib/run-columns.ts";
import { runEta } from "../../lib/run-eta.ts";
import { runPhase } from "../../lib/run-phase.ts";
import type { RunListItem } from "../../trpc/router-types.ts";
import { ProgressBar } from "../progress-bar.tsx";
import { RunControls } from "../run/run-controls.tsx";
import { StatusBadge } from "../status-badge.tsx";

const percent = (value: number | null) => (value === null ? "—" : `${(100 * value).toFixed(1)}%`);
const number = (value: number | null, digits = 3) => (value === null ? "—" : value.toFixed(digits));
const text = (value: string | number | null) => (value === null ? "—" : String(value));

/** What one column shows of a run; `keyOf` names the runs it waits for. */
function cell(id: RunColumnId, run: RunListItem, now: number, keyOf: (id: string) => string): ReactNode {
  switch (id) {
    case "name":
      return (
        <>
          <ListLink href={`/runs/${run.id}`}>{runLabel(run)}</ListLink>
          {run.tags.length > 0 && <span className="run-grid-tags"> {run.tags.map((tag) => `#${tag}`).join(" ")}</span>}
          {run.error && <span className="error small"> {run.error}</span>}
        </>
      );
    case "status":
      return <StatusBadge status={run.status} />;
    case "experiment":
      return <ListLink href={`/experiments/${run.experimentId}`}>{experimentLabel({ title: run.experimentTitle, name: run.experimentName })}</ListLink>;
    case "owner":
      return run.owner;
    case "phase":
      return runPhase(run);
    case "progress": {
      const eta = runEta(run, now);
      return (
        <>
          <ProgressBar epoch={run.epoch} epochs={run.epochs} />
          {eta && <span className="meta"> {eta} left</span>}
        </>
      );
    }
    case "mode":
    case "init":
    case "model":
    case "dataset":
    case "replicas":
    case "seed":
      return text(run[id]);
    case "trainAcc":
    case "testAcc":
      return percent(run[id]);
    case "trainLoss":
    case "testLoss":
      return number(run[id]);
    case "duration":
      return runDuration(run, now) ?? "—";
    case "backend":
      return run.backend ?? "—";
    case "after":
      return run.dependsOn.length ? run.dependsOn.map((dep) => `(${keyOf(dep)})`).join(" ") : "—";
    case "created":
      return formatTime(run.createdAt);
  }
}

/** A cell's tooltip: its whole text, since a fixed-height row cuts long values with an ellipsis. */
const titleOf = (id: RunColumnId, run: RunListItem) =>
  id === "name" ? [runLabel(run), run.error].filter(Boolean).join(" — ") : id === "experiment" ? `${experimentLabel({ title: run.experimentTitle, name: run.experimentName })} · ${run.preset}` : undefined;

interface Props {
  run: RunListItem;
  columns: readonly RunColumnId[];
  /** Passed to running rows only (their ETA and time), so other rows do not re-render each tick. */
  now: number;
  keyOf: (id: string) => string;
  /** Ticked for the Compare page. */
  selected?: boolean;
  onSelect?: (id: string, on: boolean) => void;
}

/** One run of a run table; memoized, so an event re-renders only the row it changed. */
export const RunGridRow = memo(function RunGridRow({ run, columns, now, keyOf, selected = false, onSelect }: Props) {
  return (
    <tr data-run-id={run.id} data-status={run.status} data-owner={run.owner}>
      <td className="select-cell">
        <input type="checkbox" checked={selected} aria-label={`Select ${runLabel(run)} to compare`} onChange={(e) => onSelect?.(run.id, e.target.checked)} />
      </td>
      {columns.map((id) => (
        <td key={id} data-column={id} title={titleOf(id, run)}>
          {cell(id, run, now, keyOf)}
        </td>
      ))}
      <td className="actions-cell">
        <RunControls run={run} owner={run.owner} />
      </td>
    </tr>
  );
});
