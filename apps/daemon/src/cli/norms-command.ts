import { checkpointNorms, initEngine, type NormOptions, type PathNorm } from "@minima/core";
import path from "node:path";
import type { Command } from "./command.ts";

const CHOICES = {
  biases: ["exclude", "include"],
  "batch-norm": ["scale", "identity"],
  "max-pool": ["max", "sum"],
} as const;

export const normsCommand: Command = {
  name: "norms",
  usage: `Usage: minima norms CKPT [options]

The three norms of one checkpoint folder (an image run's model.json folder, or the toy's
weights folder). ℓp-path = (Σ outputs of the net with every weight w replaced by |w|^p, on an
all-ones input)^(1/p); deep nets pass 1e300, so the log10 is printed beside the value.

  --weights-only          Frobenius over conv/dense kernels only [default: all trainable tensors]
  --include-bn-stats      Frobenius over every tensor, BN running statistics too
  --biases exclude|include     Path norms count bias edges [default exclude]
  --batch-norm scale|identity  BN as its eval-mode scale |γ/√(var+ε)|^p, or skipped [default scale]
  --max-pool max|sum           Max-pool keeps the largest path sum, or sums its window [default max]
  --json                  Machine-readable output (a value beyond float64 is null; log10 is kept)`,
  options: {
    "weights-only": { type: "boolean" },
    "include-bn-stats": { type: "boolean" },
    biases: { type: "string" },
    "batch-norm": { type: "string" },
    "max-pool": { type: "string" },
    json: { type: "boolean" },
  },
  positionals: { min: 1, max: 1 },
  run: async (values, [dir = ""]) => {
    let options: NormOptions;
    try {
      options = normOptions(values);
    } catch (error) {
      console.error(`minima norms: ${(error as Error).message}`);
      return 2;
    }
    try {
      await initEngine();
      const norms = await checkpointNorms(dir, options);
      if (values.json) {
        const json = (n: PathNorm) => ({ value: Number.isFinite(n.value) ? n.value : null, log10: n.log10 });
        console.log(JSON.stringify({ checkpoint: path.resolve(dir), ...norms, l1Path: json(norms.l1Path), l2Path: json(norms.l2Path) }, null, 2));
      } else {
        const show = (n: PathNorm) => `${n.value.toPrecision(6).padEnd(14)} (log10 ${n.log10.toFixed(4)})`;
        console.log(`checkpoint  ${path.resolve(dir)} (${norms.kind === "layers" ? "layers model" : "bare weights: the toy MLP"})`);
        console.log(`Frobenius   ${norms.frobenius.toPrecision(6).padEnd(14)} (${norms.tensors} tensors)`);
        console.log(`ℓ1-path     ${show(norms.l1Path)}`);
        console.log(`ℓ2-path     ${show(norms.l2Path)}`);
      }
      return 0;
    } catch (error) {
      console.error(`minima norms: ${(error as Error).message}`);
      return 1;
    }
  },
};

function normOptions(values: Record<string, string | boolean | undefined>): NormOptions {
  if (values["weights-only"] && values["include-bn-stats"]) throw new Error("--weights-only and --include-bn-stats contradict each other; pass one.");
  const options: NormOptions = { tensors: values["weights-only"] ? "weights-only" : values["include-bn-stats"] ? "all" : "trainable" };
  for (const [flag, allowed] of Object.entries(CHOICES)) {
    const value = values[flag];
    if (value === undefined) continue;
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
      throw new Error(`--${flag} must be ${allowed.join(" or ")}, got "${String(value)}".`);
    }
  }
  if (typeof values.biases === "string") options.biases = values.biases as "exclude" | "include";
  if (typeof values["batch-norm"] === "string") options.batchNorm = values["batch-norm"] as "scale" | "identity";
  if (typeof values["max-pool"] === "string") options.maxPool = values["max-pool"] as "max" | "sum";
  return options;
}
