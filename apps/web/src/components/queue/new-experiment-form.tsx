"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { describeError } from "../../lib/auth-errors.ts";
import { defaultOptionValues, parseOptionValues } from "../../lib/preset-options.ts";
import type { Preset } from "../../trpc/router-types.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { QueryStatus } from "../query-status.tsx";
import { AnnotationFields, emptyDraft, readDraft } from "../annotation/annotation-fields.tsx";
import { PlanPreview } from "./plan-preview.tsx";
import { PresetOptionField } from "./preset-option-field.tsx";

/** Picks a preset, sets its options (defaults filled in) and queues it. */
export function NewExperimentForm() {
  const trpc = useTRPC();
  const presets = useQuery(trpc.experiments.presets.queryOptions());
  const me = useQuery(trpc.auth.whoami.queryOptions());
  const [chosen, setChosen] = useState<string | null>(null);

  const preset = presets.data?.find((p) => p.name === chosen) ?? presets.data?.[0];
  return (
    <section className="card new-experiment">
      <h2>New experiment</h2>
      {me.data?.role === "viewer" ? (
        <p className="page-status">Viewers can watch but not queue; ask an admin for the member role.</p>
      ) : !presets.data ? (
        <QueryStatus query={presets} what="presets" />
      ) : presets.data.length === 0 || !preset ? (
        <p className="page-status">The daemon offers no presets.</p>
      ) : (
        <>
          <label htmlFor="preset">Preset</label>
          <select id="preset" value={preset.name} onChange={(e) => setChosen(e.target.value)}>
            {presets.data.map((p) => (
              <option key={p.name} value={p.name}>
                {p.title}
              </option>
            ))}
          </select>
          <p className="hint">{preset.description}</p>
          {/* Keyed by preset so switching presets starts again from its defaults. */}
          <PresetForm key={preset.name} preset={preset} />
        </>
      )}
    </section>
  );
}

function PresetForm({ preset }: { preset: Preset }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [text, setText] = useState(() => defaultOptionValues(preset.options));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [draft, setDraft] = useState(emptyDraft);
  const create = useMutation(
    trpc.experiments.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries(trpc.experiments.list.pathFilter());
        router.push(`/experiments/${id}`);
      },
    }),
  );

  // Shown before queueing; the daemon plans these options as they are typed.
  const planned = parseOptionValues(preset.options, text);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseOptionValues(preset.options, text);
    const { problem, name, notes, tags } = readDraft(draft);
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    if (problem) return;
    create.mutate({ preset: preset.name, options: parsed.values, ...(name === null ? {} : { name }), notes, tags });
  }

  return (
    <form onSubmit={submit} noValidate>
      {preset.options.map((option) => (
        <PresetOptionField
          key={option.name}
          option={option}
          value={text[option.name] ?? ""}
          error={errors[option.name]}
          onChange={(value) => setText((t) => ({ ...t, [option.name]: value }))}
        />
      ))}
      <fieldset className="annotation-form">
        <legend>Name, tags and notes (optional; editable later)</legend>
        <AnnotationFields draft={draft} title={preset.title} onChange={setDraft} />
      </fieldset>
      <PlanPreview preset={preset.name} options={planned.ok ? planned.values : null} />
      {create.error && (
        <p className="error" role="alert">
          Could not queue: {describeError(create.error)}
        </p>
      )}
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? "Queueing…" : "Queue"}
      </button>
    </form>
  );
}
