"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { mayControl } from "../../lib/run-actions.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { AnnotationForm, type AnnotationTarget } from "./annotation-form.tsx";
import { TagChips } from "./tag-chips.tsx";

interface Props {
  target: AnnotationTarget;
  annotation: { name: string | null; notes: string; tags: string[] };
  /** Shown where there is no name (the preset's or the run's title). */
  title: string;
  /** The user who queued the experiment: members annotate only their own. */
  owner: string | undefined;
}

/**
 * An experiment's or a run's tags and notes, for everyone; an Edit button for its owner and
 * admins (the daemon's rule, mirrored: it refuses anyone else anyway).
 */
export function AnnotationPanel({ target, annotation, title, owner }: Props) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.whoami.queryOptions());
  const [editing, setEditing] = useState(false);
  const mayEdit = mayControl(me.data, owner);
  const empty = annotation.tags.length === 0 && annotation.notes === "";
  if (empty && !mayEdit) return null;
  return (
    <section className="card annotation" data-testid={`${target.kind}-annotation`}>
      {editing ? (
        <AnnotationForm target={target} annotation={annotation} title={title} onDone={() => setEditing(false)} />
      ) : (
        <>
          <div className="annotation-header">
            <TagChips tags={annotation.tags} />
            {mayEdit && (
              <button type="button" className="secondary small-button" onClick={() => setEditing(true)}>
                {empty && annotation.name === null ? "Add name, notes, tags" : "Edit name, notes, tags"}
              </button>
            )}
          </div>
          {annotation.notes !== "" && <p className="notes" data-testid="notes">{annotation.notes}</p>}
        </>
      )}
    </section>
  );
}
