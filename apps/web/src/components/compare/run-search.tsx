"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { MAX_COMPARE_RUNS } from "../../lib/compare-params.ts";
import { experimentLabel, runLabel } from "../../lib/format.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { QueryStatus } from "../query-status.tsx";
import { StatusBadge } from "../status-badge.tsx";

// Typing asks the daemon once the typing pauses, not per key (as the queue's search does).
const SEARCH_DELAY_MS = 300;
const RESULTS = 12;

const percent = (value: number | null) => (value === null ? "—" : `${(100 * value).toFixed(1)}%`);

/** Finds runs of any experiment by `runs.list`'s search (name, title, notes, tags, experiment, id prefix) and adds them. */
export function RunSearch({ chosen, onAdd }: { chosen: readonly string[]; onAdd: (id: string) => void }) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [search, setSearch] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setSearch(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    ...trpc.runs.list.queryOptions({ ...(search ? { search } : {}), order: "newest", limit: RESULTS }),
    placeholderData: keepPreviousData,
  });
  const full = chosen.length >= MAX_COMPARE_RUNS;

  return (
    <section className="card compare-search" data-testid="compare-search">
      <header className="card-header">
        <h2>Add runs</h2>
        <span className="meta">{full ? `at most ${MAX_COMPARE_RUNS} runs` : `${chosen.length} of at most ${MAX_COMPARE_RUNS} chosen`}</span>
      </header>
      <input
        type="search"
        aria-label="Search runs to compare"
        placeholder="Search any experiment: name, title, notes, tags, experiment or run id…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && setSearch(text.trim())}
      />
      {!results.data ? (
        <QueryStatus query={results} what="runs" />
      ) : results.data.items.length === 0 ? (
        <p className="page-status">No run matches “{search}”.</p>
      ) : (
        <table className="runs compare-results" data-search={search} data-stale={results.isPlaceholderData ? "true" : "false"}>
          <caption className="meta">{search ? `Runs matching “${search}”` : "Newest runs"} · {results.data.total.toLocaleString("en-US")} in all</caption>
          <tbody>
            {results.data.items.map((run) => (
              <tr key={run.id} data-run-id={run.id}>
                <td>{runLabel(run)}</td>
                <td className="meta">{experimentLabel({ title: run.experimentTitle, name: run.experimentName })}</td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td className="meta">test {percent(run.testAcc)}</td>
                <td>
                  <button
                    type="button"
                    className="secondary small-button"
                    disabled={chosen.includes(run.id) || full}
                    aria-label={`Add ${runLabel(run)} of ${experimentLabel({ title: run.experimentTitle, name: run.experimentName })}`}
                    onClick={() => onAdd(run.id)}
                  >
                    {chosen.includes(run.id) ? "Added" : "Add"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
