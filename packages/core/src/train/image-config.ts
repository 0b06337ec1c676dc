import { z } from "zod";
import { MODES } from "./modes.ts";

/**
 * One run of the image experiments: Algorithm 1's pre-training on the confusion set
 * (`phase: "pretrain"`), or training on the true labels in one of the eight modes, from a random
 * init or from a pre-trained run's weights (`start: "dependency"`).
 */
export const imageRunConfigSchema = z
  .object({
    kind: z.literal("image"),
    dataset: z.string().min(1),
    trainSubset: z.number().int().min(1).nullable(),
    testSubset: z.number().int().min(1).nullable(),
    model: z.string().min(1),
    /** Channel multiplier of the CPU-scale models. */
    width: z.number().positive(),
    init: z.enum(["paper", "framework"]),
    seed: z.number().int().min(0),
    phase: z.enum(["pretrain", "train"]),
    start: z.enum(["random", "dependency"]),
    mode: z.enum(MODES),
    epochs: z.number().int().min(1),
    lr: z.number().positive(),
    milestones: z.array(z.number().int().min(1)),
    gamma: z.number().gt(0).max(1),
    batchSize: z.number().int().min(1),
    /** ℓ2 strength and momentum used when the mode turns them on. */
    weightDecay: z.number().min(0),
    momentum: z.number().min(0).lt(1),
    /** Algorithm 1: R replicas per image, this share of channel-values zeroed, random labels. */
    confusion: z.object({ replicas: z.number().int().min(1), zeroOutRatio: z.number().min(0).max(1), seed: z.number().int().min(0) }).nullable(),
    /** Pre-training stops once train accuracy (eval mode) reaches `accuracy`, checked every `every` epochs. */
    stopAt: z.object({ accuracy: z.number().gt(0).max(1), every: z.number().int().min(1) }).nullable(),
    evalEvery: z.number().int().min(1),
    checkpointEvery: z.number().int().min(1),
  })
  .superRefine((c, ctx) => {
    if (c.phase === "pretrain" && !c.confusion) {
      ctx.addIssue({ code: "custom", path: ["confusion"], message: "pre-training needs a confusion set (replicas, zeroOutRatio, seed)" });
    }
    if (c.phase === "pretrain" && c.mode !== "vanilla") {
      ctx.addIssue({ code: "custom", path: ["mode"], message: "Algorithm 1 pre-trains with vanilla SGD; mode must be \"vanilla\"" });
    }
  });

export type ImageRunConfig = z.infer<typeof imageRunConfigSchema>;
