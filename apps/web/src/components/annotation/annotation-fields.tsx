"use client";

import { ANNOTATION_LIMITS, parseTags, tagsProblem } from "@minima/metrics";

/** A name, tags and notes as typed: tags in one box, split by `parseTags` when sent. */
export interface AnnotationDraft {
  name: string;
  tagText: string;
  notes: string;
}

export const emptyDraft = (): AnnotationDraft => ({ name: "", tagText: "", notes: "" });

/** The draft as the daemon takes it (an empty name: none of its own), or why its tags cannot be stored. */
export function readDraft(draft: AnnotationDraft): { name: string | null; notes: string; tags: string[]; problem: string | null } {
  const tags = parseTags(draft.tagText);
  return { name: draft.name.trim() === "" ? null : draft.name, notes: draft.notes, tags, problem: tagsProblem(tags) };
}

/**
 * The name, tags and notes inputs of the annotation editor and of the queue form. Tags are checked
 * as typed by the daemon's own rule; the daemon checks everything again.
 */
export function AnnotationFields({ draft, title, onChange }: { draft: AnnotationDraft; title: string; onChange: (draft: AnnotationDraft) => void }) {
  const { problem } = readDraft(draft);
  return (
    <>
      <label>
        Name
        <input value={draft.name} maxLength={ANNOTATION_LIMITS.name} placeholder={title} onChange={(e) => onChange({ ...draft, name: e.target.value })} />
      </label>
      <label>
        Tags <span className="meta">(lowercase, commas or spaces between; up to {ANNOTATION_LIMITS.tags})</span>
        <input
          value={draft.tagText}
          placeholder="figure-1, baseline"
          aria-invalid={problem !== null}
          onChange={(e) => onChange({ ...draft, tagText: e.target.value })}
        />
      </label>
      {problem && <p className="error small">{problem}</p>}
      <label>
        Notes
        <textarea value={draft.notes} maxLength={ANNOTATION_LIMITS.notes} rows={5} onChange={(e) => onChange({ ...draft, notes: e.target.value })} />
      </label>
    </>
  );
}
