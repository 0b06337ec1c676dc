import { CHECKPOINTS } from "@minima/metrics";
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

/** Metric names: `d(W0R,WVR)` (Table 1's column), `norm/<kind>/<checkpoint>`, `fgsm/<checkpoint>/<ε>`. */
export const normMetric = (kind: string, checkpoint: string) => `norm/${kind}/${checkpoint}`;
export const fgsmMetric = (checkpoint: string, epsilon: number) => `fgsm/${checkpoint}/${epsilon}`;
