"use client";

import { ListLink } from "../list-link.tsx";
import { experimentLabel } from "../../lib/format.ts";
import type { CurveRun } from "../../trpc/router-types.ts";
import { StatusBadge } from "../status-badge.tsx";
import { runColor } from "./compare-palette.ts";
import { CurveDownloads } from "./curve-downloads.tsx";

/** A chosen run: loaded (`run`), still loading, or gone (no such run, or it failed to load). */
export interface ChosenRun {
  id: string;
  label: string;
  run: CurveRun | null;
  error: string | null;
}

interface Props {
  chosen: readonly ChosenRun[];
  onRemove: (id: string) => void;
}

/** The runs being compared, each in its chart colour, with its curves' downloads and a way to drop it. */
export function ComparedRuns({ chosen, onRemove }: Props) {
  const loaded = chosen.flatMap((c) => (c.run ? [c.run] : []));
  return (
    <section className="card compared-runs" data-testid="compared-runs" data-count={loaded.length}>
      <header className="card-header">
        <h2>Compared runs</h2>
        <CurveDownloads what="comparison" runs={loaded} of="every compared run's curves" />
      </header>
      <ul className="compared-list">
        {chosen.map((c, i) => (
          <li key={c.id} data-run-id={c.id}>
            <span className="compare-swatch" style={{ background: runColor(i) }} aria-hidden="true" />
            <span className="compared-name">
              {c.run ? <ListLink href={`/runs/${c.id}`}>{c.label}</ListLink> : c.label}
              {c.run && (
                <span className="meta">
                  {" "}
                  · {c.run.title} · <ListLink href={`/experiments/${c.run.experimentId}`}>{experimentLabel({ title: c.run.experimentTitle, name: c.run.experimentName })}</ListLink>
                </span>
              )}
            </span>
            {c.run ? <StatusBadge status={c.run.status} /> : <span className={c.error ? "error small" : "meta"}>{c.error ?? "loading…"}</span>}
            {c.run && <CurveDownloads what="curves" runs={[c.run]} of={`${c.label}'s curves`} />}
            <button type="button" className="secondary small-button" aria-label={`Remove ${c.label}`} onClick={() => onRemove(c.id)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
