import { CHECKPOINTS, type Checkpoint } from "@minima/metrics";
import { z } from "zod";

/** A checkpoint another run of the plan wrote: its run key and artifact name ("weights" = final). */
const checkpointRef = z.object({ run: z.string().min(1), artifact: z.string().regex(/^[\w.-]+$/) });

const base = {
  kind: z.literal("measure"),
  dataset: z.string(),
  model: z.string(),
  seed: z.number().int().min(0),
  /** Table 1's six checkpoints (or the subset a measure needs) by their paper names. */
  checkpoints: z.partialRecord(z.enum(CHECKPOINTS), checkpointRef),
};

/**
 * A measurement run: reads checkpoints of the runs it depends on and stores numbers as metrics
 * (phase "measure", epoch 0). Distances feed Table 1, norms Figure 5, FGSM Figure 6.
 */
export const measureRunConfigSchema = z.discriminatedUnion("measure", [
  z.object({ ...base, measure: z.literal("distances"), tensors: z.enum(["trainable", "weights-only", "all"]) }),
  z.object({ ...base, measure: z.literal("norms") }),
  z.object({
    ...base,
    measure: z.literal("fgsm"),
    epsilons: z.array(z.number().min(0).max(1)).min(1),
    testSubset: z.number().int().min(1).nullable(),
  }),
]);

export type MeasureRunConfig = z.infer<typeof measureRunConfigSchema>;

/**
 * The three norms of Figure 5 (reference-spec §5). Path norms are stored as log10: a ResNet50's
 * exceed float64 (about 1e60 at init), and the figure draws them on a log scale anyway.
 */
export const NORM_KINDS = ["frobenius", "log10-l1-path", "log10-l2-path"] as const;
export type NormKind = (typeof NORM_KINDS)[number];

/** Metric names: `d(W0R,WVR)` (Table 1's column), `norm/<kind>/<checkpoint>`, `fgsm/<checkpoint>/<ε>`. */
export const normMetric = (kind: NormKind, checkpoint: Checkpoint) => `norm/${kind}/${checkpoint}`;
export const fgsmMetric = (checkpoint: Checkpoint, epsilon: number) => `fgsm/${checkpoint}/${epsilon}`;

export function parseFgsmMetric(name: string): { checkpoint: Checkpoint; epsilon: number } | null {
  const match = /^fgsm\/(W[0VS][RA])\/([\d.e-]+)$/.exec(name);
  return match ? { checkpoint: match[1] as Checkpoint, epsilon: Number(match[2]) } : null;
}
