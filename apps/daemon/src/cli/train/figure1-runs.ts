import { figure1Runs, loadWeights, saveWeights, trainToy, type Figure1Options, type NamedWeights, type PlannedToyRun } from "@minima/core";
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export type Figure1Key = PlannedToyRun["key"];

/** The runs to train for `wanted`, dependencies first: (c) and (d) start from (b)'s minimum. */
export function runsWithDependencies(wanted: readonly Figure1Key[], options: Figure1Options): PlannedToyRun[] {
  const all = figure1Runs(options);
  const needed = new Set<Figure1Key>(wanted);
  for (const run of all) if (needed.has(run.key)) for (const dep of run.dependsOn) needed.add(dep);
  return all.filter((run) => needed.has(run.key));
}

/**
 * Trains Figure 1's runs with no daemon: `<out>/<key>/weights` (checkpoint), `<out>/<key>/boundary.json`
 * (decision raster) and `<out>/metrics.jsonl` (points tagged with their run). With `resume`, a run
 * whose weights exist is not trained again (the toy's runs are minutes long, so an interrupted one
 * starts over).
 */
export async function trainFigure1(runs: readonly PlannedToyRun[], out: string, resume: boolean, backend: string): Promise<void> {
  const minima = new Map<Figure1Key, NamedWeights>();
  for (const run of runs) {
    const dir = path.join(out, run.key);
    const weightsDir = path.join(dir, "weights");
    if (resume && existsSync(path.join(weightsDir, "meta.json"))) {
      console.log(`${run.title}: already finished (${weightsDir})`);
      minima.set(run.key, loadWeights(weightsDir));
      continue;
    }
    const from = run.dependsOn[0];
    console.log(`${run.title}: ${run.config.epochs} epochs, lr ${run.config.lr}, batch ${run.config.batchSize}`);
    const started = Date.now();
    const result = await trainToy(run.config, {
      initialWeights: from ? minima.get(from) : undefined,
      onEpoch: (points, epoch) => {
        appendFileSync(path.join(out, "metrics.jsonl"), points.map((p) => JSON.stringify({ run: run.key, ...p })).join("\n") + "\n");
        const v = Object.fromEntries(points.map((p) => [p.name, p.value]));
        if (epoch === run.config.epochs || epoch % (run.config.logEvery * 100) === 0) {
          console.log(`  (${run.key}) epoch ${epoch}/${run.config.epochs}  loss ${v.train_loss?.toFixed(4)}  train ${(100 * (v.train_acc ?? 0)).toFixed(1)}%  test ${(100 * (v.test_acc ?? 0)).toFixed(1)}%`);
        }
      },
    });
    mkdirSync(dir, { recursive: true });
    saveWeights(weightsDir, result.weights, { run: run.key, epoch: run.config.epochs, seed: run.config.seed, backend, trainAcc: result.trainAcc, testAcc: result.testAcc });
    writeFileSync(path.join(dir, "boundary.json"), JSON.stringify({ raster: result.raster, points: result.points }));
    minima.set(run.key, result.weights);
    console.log(`${run.title}: train ${(100 * result.trainAcc).toFixed(1)}%, test ${(100 * result.testAcc).toFixed(1)}% in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
