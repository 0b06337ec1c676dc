"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { describeError } from "../../lib/auth-errors.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { AnnotationFields, readDraft, type AnnotationDraft } from "./annotation-fields.tsx";

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
 */
export function AnnotationForm({ target, annotation, title, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<AnnotationDraft>({ name: annotation.name ?? "", tagText: annotation.tags.join(", "), notes: annotation.notes });
  const onSuccess = () => {
    void queryClient.invalidateQueries(trpc.experiments.pathFilter());
    void queryClient.invalidateQueries(trpc.runs.pathFilter());
    onDone();
  };
  const experiment = useMutation(trpc.experiments.annotate.mutationOptions({ onSuccess }));
  const run = useMutation(trpc.runs.annotate.mutationOptions({ onSuccess }));
  const mutation = target.kind === "experiment" ? experiment : run;
  const { problem, ...fields } = readDraft(draft);

  return (
    <form
      className="annotation-form"
      aria-label={`Name, notes and tags of this ${target.kind}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (problem) return;
        mutation.mutate({ id: target.id, ...fields });
      }}
    >
      <AnnotationFields draft={draft} title={title} onChange={setDraft} />
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
