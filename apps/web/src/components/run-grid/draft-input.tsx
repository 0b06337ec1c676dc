"use client";

import { useState } from "react";

interface DraftProps<T> {
  caption: string;
  /** The box's accessible name. */
  label: string;
  /** The applied value as text (from the URL); when it changes, the box shows it. */
  value: string;
  /** The value to apply, "" for none, or null when the text is not one this box takes. */
  parse: (text: string) => T | "" | null;
  onApply: (value: T | "") => void;
  type?: "text" | "search";
  placeholder?: string;
  numeric?: boolean;
  list?: string | undefined;
}

/**
 * A filter box whose text is applied on Enter or when the box is left, not at every key (each
 * application is a new URL and a new query). Text it cannot take is marked and not applied; text
 * that means the value already applied ("Foo " for the tag "foo") applies nothing.
 */
export function DraftInput<T>({ caption, label, value, parse, onApply, type = "text", placeholder = "any", numeric = false, list }: DraftProps<T>) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    setText(value);
  }
  const parsed = parse(text);
  const apply = () => {
    if (parsed !== null && JSON.stringify(parsed) !== JSON.stringify(parse(value))) onApply(parsed);
  };
  return (
    <label className="filter-choice">
      <span aria-hidden="true">{caption}</span>
      <input
        type={type}
        inputMode={numeric ? "decimal" : undefined}
        aria-label={label}
        aria-invalid={parsed === null ? true : undefined}
        placeholder={placeholder}
        list={list}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === "Enter") apply();
        }}
      />
    </label>
  );
}
