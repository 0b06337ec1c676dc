"use client";

import { normalizeTag, RUN_STATUSES, type RunStatus } from "@minima/metrics";
import { useEffect, useState } from "react";
import { hasFilters, NO_FILTERS, type QueueFilters } from "../../lib/queue-filters.ts";
import { DraftInput } from "./draft-input.tsx";
import { MoreFilters } from "./more-filters.tsx";

interface Props {
  filters: QueueFilters;
  onChange: (filters: QueueFilters) => void;
  /** The owners, presets and experiments to choose from; left out where the table is one experiment's. */
  choices?: {
    owners: readonly string[];
    presets: readonly string[];
    experiments: readonly { id: string; title: string }[];
  };
}

// Typing a search asks the daemon once the typing pauses, not per key.
const SEARCH_DELAY_MS = 300;

/** A runs table's filters: a search box, tag, statuses, owner, preset, experiment and order, and the settings' behind "More filters". */
export function RunFilters({ filters, onChange, choices }: Props) {
  const [search, setSearch] = useState(filters.search);
  const [sent, setSent] = useState(filters.search);
  // The URL changed the search (a link, back/forward): show what it says.
  if (filters.search !== sent) {
    setSent(filters.search);
    setSearch(filters.search);
  }
  useEffect(() => {
    if (search === filters.search) return;
    const timer = setTimeout(() => {
      setSent(search);
      onChange({ ...filters, search });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, filters, onChange]);

  const toggleStatus = (status: RunStatus, on: boolean) =>
    onChange({ ...filters, status: on ? [...filters.status, status] : filters.status.filter((s) => s !== status) });

  return (
    <form className="run-filters" role="search" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
      <div className="filter-row">
        <input
          type="search"
          aria-label="Search runs"
          placeholder="Search name, title, notes, tags, experiment or run id…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            setSent(search);
            onChange({ ...filters, search });
          }}
        />
        <DraftInput
          caption="Tag"
          label="Filter by tag"
          type="search"
          placeholder="any tag"
          value={filters.tag}
          parse={normalizeTag}
          onApply={(tag) => onChange({ ...filters, tag })}
        />
        {choices && (
          <>
            <Choice label="Owner" value={filters.owner} all="every owner" options={choices.owners.map((o) => [o, o])} onChange={(owner) => onChange({ ...filters, owner })} />
            <Choice label="Preset" value={filters.preset} all="every preset" options={choices.presets.map((p) => [p, p])} onChange={(preset) => onChange({ ...filters, preset })} />
            <Choice
              label="Experiment"
              value={filters.experimentId}
              all="every experiment"
              options={choices.experiments.map((e) => [e.id, `${e.title} · ${e.id.slice(0, 8)}`])}
              onChange={(experimentId) => onChange({ ...filters, experimentId })}
            />
          </>
        )}
        <Choice
          label="Order"
          value={filters.order}
          options={[
            ["queue", "queue order (oldest first)"],
            ["newest", "newest first"],
          ]}
          onChange={(order) => onChange({ ...filters, order: order === "newest" ? "newest" : "queue" })}
        />
      </div>
      <fieldset className="status-filter">
        <legend>Status</legend>
        {RUN_STATUSES.map((status) => (
          <label key={status} className="inline-toggle">
            <input type="checkbox" name="status" value={status} checked={filters.status.includes(status)} onChange={(e) => toggleStatus(status, e.target.checked)} /> {status}
          </label>
        ))}
        {hasFilters(filters) && (
          <button type="button" className="secondary small-button" onClick={() => onChange({ ...NO_FILTERS, order: filters.order })}>
            Clear filters
          </button>
        )}
      </fieldset>
      <MoreFilters filters={filters.settings} onChange={(settings) => onChange({ ...filters, settings })} />
    </form>
  );
}

/** A labelled select; `all` is the option that filters nothing, left out where a choice is always made (the order). */
function Choice(props: { label: string; value: string; all?: string; options: [string, string][]; onChange: (value: string) => void }) {
  const { label, value, all, options, onChange } = props;
  // A value from a link that the lists do not know (yet) is still shown, not silently dropped.
  const known = value === "" || options.some(([v]) => v === value);
  return (
    <label className="filter-choice">
      <span aria-hidden="true">{label}</span>
      <select value={value} aria-label={all === undefined ? `${label} runs` : `Filter by ${label.toLowerCase()}`} onChange={(e) => onChange(e.target.value)}>
        {all !== undefined && <option value="">{all}</option>}
        {!known && <option value={value}>{value}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
