"use client";

import { ANNOTATION_LIMITS, parseTags, tagProblem } from "@minima/metrics";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { describeError } from "../../lib/auth-errors.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";

/** What is annotated: an experiment or a run, by id. */
export interface AnnotationTarget {
  kind: "experiment" | "run";
  id: string;
}

interface Props {
  target: AnnotationTarget;
  annotation: { name: string | null; notes: string; tags: string[] };
  title: string;
  onDone: () => void;
}

/**
 * The inline editor: a name (empty: the title shows), tags typed in one box, plain-text notes.
 * Tags are checked as typed by the daemon's own rule; the daemon checks everything again.
 */
export function AnnotationForm({ target, annotation, title, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(annotation.name ?? "");
  const [tagText, setTagText] = useState(annotation.tags.join(", "));
  const [notes, setNotes] = useState(annotation.notes);
  const onSuccess = () => {
    void queryClient.invalidateQueries(trpc.experiments.pathFilter());
    void queryClient.invalidateQueries(trpc.runs.pathFilter());
    onDone();
  };
  const experiment = useMutation(trpc.experiments.annotate.mutationOptions({ onSuccess }));
  const run = useMutation(trpc.runs.annotate.mutationOptions({ onSuccess }));
  const mutation = target.kind === "experiment" ? experiment : run;

  const tags = parseTags(tagText);
  const problem =
    tags.length > ANNOTATION_LIMITS.tags ? `At most ${ANNOTATION_LIMITS.tags} tags; drop ${tags.length - ANNOTATION_LIMITS.tags}.` : tags.map(tagProblem).find((p) => p !== null) ?? null;

  return (
    <form
      className="annotation-form"
      aria-label={`Name, notes and tags of this ${target.kind}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (problem) return;
        mutation.mutate({ id: target.id, name: name.trim() === "" ? null : name, notes, tags });
      }}
    >
      <label>
        Name
        <input value={name} maxLength={ANNOTATION_LIMITS.name} placeholder={title} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Tags <span className="meta">(lowercase, commas or spaces between; up to {ANNOTATION_LIMITS.tags})</span>
        <input value={tagText} placeholder="figure-1, baseline" aria-invalid={problem !== null} onChange={(e) => setTagText(e.target.value)} />
      </label>
      {problem && <p className="error small">{problem}</p>}
      <label>
        Notes
        <textarea value={notes} maxLength={ANNOTATION_LIMITS.notes} rows={5} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <div className="form-actions">
        <button type="submit" disabled={mutation.isPending || problem !== null}>
          {mutation.isPending ? "Saving…" : "Save"}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
        {mutation.error && (
          <span className="error small" role="alert">
            Could not save: {describeError(mutation.error)}
          </span>
        )}
      </div>
    </form>
  );
}
