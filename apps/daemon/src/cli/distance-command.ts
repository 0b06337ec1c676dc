import { readCheckpointWeights } from "@minima/core";
import { distance, selectedTensorNames, type TensorSelection } from "@minima/metrics";
import path from "node:path";
import type { Command } from "./command.ts";

export const distanceCommand: Command = {
  name: "distance",
  usage: `Usage: minima distance CKPT_A CKPT_B [--weights-only | --include-bn-stats] [--json]

Table 1's distance between two checkpoint folders of the same model (an image run's
model.json folder, or a bare weights folder such as the toy's). The denominator is the SECOND
checkpoint, as in the paper, where it is the later (final) model of each column.

  --weights-only        Count conv/dense kernels only (no biases, BN γ/β or BN statistics)
  --include-bn-stats    Count every tensor, BN running statistics too
                        [default: all trainable tensors: kernels, biases, BN γ/β]
  --json                Machine-readable output`,
  options: {
    "weights-only": { type: "boolean" },
    "include-bn-stats": { type: "boolean" },
    json: { type: "boolean" },
  },
  positionals: { min: 2, max: 2 },
  run: (values, [a = "", b = ""]) => {
    if (values["weights-only"] && values["include-bn-stats"]) {
      console.error("minima distance: --weights-only leaves out the BN statistics that --include-bn-stats adds; pass one of them.");
      return Promise.resolve(2);
    }
    const tensors: TensorSelection = values["weights-only"] ? "weights-only" : values["include-bn-stats"] ? "all" : "trainable";
    try {
      const w1 = readCheckpointWeights(a).weights;
      const w2 = readCheckpointWeights(b).weights;
      const d = distance(w1, w2, { tensors });
      const count = selectedTensorNames(w2, tensors).length;
      if (values.json) {
        console.log(JSON.stringify({ a: path.resolve(a), b: path.resolve(b), distance: d, tensors, count }, null, 2));
      } else {
        console.log(`d(A, B) = ‖A − B‖_F / ‖B‖_F = ${d.toPrecision(6)}   (${count} ${tensors} tensors)`);
      }
      return Promise.resolve(0);
    } catch (error) {
      console.error(`minima distance: ${(error as Error).message}`);
      return Promise.resolve(1);
    }
  },
};
