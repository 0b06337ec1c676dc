"use client";

import Link from "next/link";
import { compareHref } from "../../lib/compare-params.ts";
import { runLabel } from "../../lib/format.ts";
import { MAX_COMPARED } from "../../lib/curve-overlay.ts";
import type { ComparedCurves } from "./use-compared-curves.ts";

interface Props {
  runId: string;
  /** The runs of this run's experiment, offered for comparison. */
  siblings: readonly { id: string; key: string; title: string; status: string }[];
  compared: readonly ComparedCurves[];
  onChange: (ids: string[]) => void;
}

/**
 * Which runs to draw beside this one: the experiment's other runs as checkboxes, and any run
 * named in the URL (`?compare=id1,id2`, possibly of another experiment) with a way to drop it.
 */
export function ComparePicker({ runId, siblings, compared, onChange }: Props) {
  const chosen = new Set(compared.map((c) => c.id));
  const others = siblings.filter((r) => r.id !== runId);
  const foreign = compared.filter((c) => !others.some((r) => r.id === c.id));
  const toggle = (id: string, on: boolean) => onChange(on ? [...chosen, id] : [...chosen].filter((c) => c !== id));
  const full = chosen.size >= MAX_COMPARED;

  return (
    <details className="card compare-picker" open={compared.length > 0}>
      <summary>
        Compare with other runs {compared.length > 0 && <span className="meta">({compared.length} drawn)</span>}
      </summary>
      {others.length === 0 && foreign.length === 0 ? (
        <p className="page-status">This experiment has no other runs. Add `?compare=&lt;run id&gt;` to the address to compare with a run of another experiment.</p>
      ) : (
        <ul className="compare-list">
          {others.map((run) => (
            <li key={run.id}>
              <label className="inline-toggle">
                <input
                  type="checkbox"
                  checked={chosen.has(run.id)}
                  disabled={full && !chosen.has(run.id)}
                  onChange={(e) => toggle(run.id, e.target.checked)}
                />{" "}
                {runLabel(run)} <span className="meta">· {run.status}</span>
              </label>
            </li>
          ))}
          {foreign.map((c) => (
            <li key={c.id}>
              <label className="inline-toggle">
                <input type="checkbox" checked onChange={() => toggle(c.id, false)} /> {c.label} <span className="meta">· another experiment</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {full && <p className="hint">At most {MAX_COMPARED} runs beside this one.</p>}
      <p className="hint">
        <Link href={compareHref([runId, ...compared.map((c) => c.id)])} data-testid="open-compare">
          Open in Compare
        </Link>{" "}
        to pick runs of any experiment by search, smooth the curves, change the x axis and download them.
      </p>
    </details>
  );
}
