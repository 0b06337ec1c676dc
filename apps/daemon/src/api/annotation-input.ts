import { ANNOTATION_LIMITS, normalizeTag, tagProblem } from "@minima/metrics";
import { z } from "zod";

const { name, notes, tags } = ANNOTATION_LIMITS;

const tag = z
  .string()
  .transform(normalizeTag)
  .superRefine((value, ctx) => {
    const problem = tagProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/**
 * A name (an empty one, or null, clears it and the title shows again), plain-text notes and the
 * whole list of tags (normalized to lowercase, each kept once), each optional: what
 * `experiments.create` may set at once.
 */
export const annotationFields = z.object({
  name: z
    .string()
    .trim()
    .max(name, `A name has at most ${name} characters.`)
    .nullable()
    .optional()
    .transform((value) => (value === "" ? null : value)),
  notes: z.string().max(notes, `Notes hold at most ${notes.toLocaleString("en-US")} characters; keep longer text in a file and link it.`).optional(),
  tags: z
    .array(tag)
    .max(tags, `At most ${tags} tags; drop some.`)
    .transform((list) => [...new Set(list)])
    .optional(),
});

/** What `experiments.annotate` and `runs.annotate` take besides the id: at least one of the fields. */
export const annotationInput = annotationFields.refine(
  (input) => input.name !== undefined || input.notes !== undefined || input.tags !== undefined,
  { message: "Give at least one of name, notes and tags." },
);

/** The fields given, for the database (an absent field is kept as it is). */
export function annotationPatch(input: z.output<typeof annotationFields>) {
  return {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.notes === undefined ? {} : { notes: input.notes }),
    ...(input.tags === undefined ? {} : { tags: input.tags }),
  };
}
