"use client";

import { TABLE1_DATASETS, TABLE1_MODELS } from "@minima/metrics";
import { useState } from "react";
import { Dropdown } from "../dropdown.tsx";
import {
  EQUAL_FIELDS,
  NO_SETTING_FILTERS,
  parseBound,
  parseInteger,
  parseList,
  parseName,
  RANGE_FIELDS,
  rangeLimit,
  settingFiltersSet,
  type Range,
  type SettingFilters,
} from "../../lib/setting-filters.ts";
import { DraftInput } from "./draft-input.tsx";

// Names the presets use, offered as suggestions; any other name can be typed.
const SUGGESTIONS = { model: [...TABLE1_MODELS, "mlp", "small-cnn", "small-resnet"], dataset: [...TABLE1_DATASETS, "fashion-mnist", "synthetic"] };

/**
 * The filters on the runs table's other columns, folded away until wanted: settings matched
 * exactly (any of the values ticked or typed, "0, 1, 2") and min/max ranges of the final metrics
 * and time. Typed values apply on Enter or when the box is left; a value the field cannot take is
 * marked and not applied.
 */
export function MoreFilters({ filters, onChange }: { filters: SettingFilters; onChange: (filters: SettingFilters) => void }) {
  const set = settingFiltersSet(filters);
  const setRange = (key: (typeof RANGE_FIELDS)[number]["key"], range: Range) => onChange({ ...filters, [key]: range });
  // Open on arrival when a link set some of these; after that the user opens and closes it.
  const [openAtFirst] = useState(set > 0);
  return (
    <details className="more-filters" data-testid="more-filters" open={openAtFirst || undefined}>
      <summary>More filters{set > 0 ? ` (${set} set)` : ""}</summary>
      <div className="more-filters-grid">
        {EQUAL_FIELDS.map((field) => {
          const label = `Filter by ${field.label === "R" ? "R (replicas)" : field.label.toLowerCase()}`;
          if (field.kind === "choice") {
            return (
              <MultiChoice
                key={field.key}
                caption={field.label}
                label={label}
                options={field.options}
                value={filters[field.key]}
                onChange={(values) => onChange({ ...filters, [field.key]: values })}
              />
            );
          }
          const parseOne = field.kind === "integer" ? (item: string) => parseInteger(item, field.min, field.max) : parseName;
          return (
            <DraftInput<(string | number)[]>
              key={field.key}
              caption={field.label}
              label={label}
              value={filters[field.key].join(", ")}
              numeric={field.kind === "integer"}
              list={field.kind === "name" ? `suggest-${field.key}` : undefined}
              parse={(text) => parseList<string | number>(text, parseOne)}
              onApply={(values) => onChange({ ...filters, [field.key]: values === "" ? [] : values })}
            />
          );
        })}
        {RANGE_FIELDS.map((field) => {
          const range = filters[field.key];
          const caption = `${field.label}${field.unit ? ` (${field.unit})` : ""}`;
          const bound = (side: "min" | "max") => (
            <DraftInput
              caption={side}
              label={`${field.label} ${side}`}
              value={range[side] === null ? "" : String(range[side])}
              numeric
              parse={(text) => (text.trim() === "" ? "" : parseBound(text, rangeLimit(field)))}
              onApply={(parsed) => {
                const next = { ...range, [side]: parsed === "" ? null : parsed };
                // A min above the max would match nothing: the other bound moves with it.
                if (next.min !== null && next.max !== null && next.min > next.max) next[side === "min" ? "max" : "min"] = next[side];
                setRange(field.key, next);
              }}
            />
          );
          return (
            <fieldset key={field.key} className="range-filter" data-range={field.key}>
              <legend>{caption}</legend>
              {bound("min")}
              {bound("max")}
            </fieldset>
          );
        })}
        {set > 0 && (
          <button type="button" className="secondary small-button" onClick={() => onChange(NO_SETTING_FILTERS)}>
            Clear these
          </button>
        )}
      </div>
      {(["model", "dataset"] as const).map((key) => (
        <datalist key={key} id={`suggest-${key}`}>
          {SUGGESTIONS[key].map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      ))}
    </details>
  );
}

interface MultiChoiceProps<T extends string> {
  caption: string;
  label: string;
  options: readonly T[];
  value: readonly T[];
  onChange: (values: T[]) => void;
}

/** A setting with few values (mode, init): a drop-down of checkboxes, any of those ticked matching; none ticked, any. */
function MultiChoice<T extends string>({ caption, label, options, value, onChange }: MultiChoiceProps<T>) {
  const toggle = (option: T, on: boolean) => onChange(options.filter((o) => (o === option ? on : value.includes(o))));
  return (
    <div className="filter-choice multi-choice">
      <span aria-hidden="true">{caption}</span>
      <Dropdown summary={value.length === 0 ? "any" : value.join(", ")} summaryLabel={label}>
        <div className="multi-choice-options" role="group" aria-label={label}>
          {options.map((option) => (
            <label key={option} className="inline-toggle">
              <input type="checkbox" value={option} checked={value.includes(option)} onChange={(e) => toggle(option, e.target.checked)} /> {option}
            </label>
          ))}
        </div>
      </Dropdown>
    </div>
  );
}
