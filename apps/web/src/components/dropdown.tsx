"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * A `<details>` that opens over the page as a menu does: a click or tap outside it closes it, and
 * so does Escape, which hands the focus back to its summary. Its panel (the children) is
 * positioned by the caller's CSS.
 */
export function Dropdown({ className, summary, summaryLabel, testId, children }: { className?: string; summary: ReactNode; summaryLabel?: string; testId?: string; children: ReactNode }) {
  const details = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const element = details.current;
    if (!open || !element) return;
    const close = () => {
      element.open = false;
    };
    const onPointerDown = (event: PointerEvent) => {
      if (!element.contains(event.target as Node)) close();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      close();
      element.querySelector("summary")?.focus();
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);
  return (
    <details ref={details} className={className} data-testid={testId} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary aria-label={summaryLabel}>{summary}</summary>
      {children}
    </details>
  );
}
