import type { Db } from "@minima/db";
import { aggregate, seriesBand, type BandPoint, type Checkpoint, type SeedPoint, type SeedStats } from "@minima/metrics";
import { measureRunConfigSchema, NORM_KINDS, normMetric, parseFgsmMetric, type NormKind } from "../plans/measure-config.ts";
import { finalValue, finishedRuns, imageConfig } from "./finished-runs.ts";

/**
 * Figure 4: final test (and train) accuracy of vanilla SGD against the R of the adversarial init
 * it started from (R = 0: a random init), min/mean/max over seeds.
 */
export async function rSweepOfExperiment(db: Db, experimentId: string, expectedSeeds: number) {
  const runs = await finishedRuns(db, experimentId, "image");
  const replicasOf = new Map(runs.map(({ run }) => [run.id, imageConfig(run).confusion?.replicas ?? 0]));
  const test: SeedPoint[] = [];
  const train: SeedPoint[] = [];
  for (const { run, points } of runs) {
    const config = imageConfig(run);
    if (config.phase !== "train") continue;
    const x = config.start === "dependency" ? (replicasOf.get(run.dependsOn[0] ?? "") ?? NaN) : 0;
    // A pre-training run still unfinished leaves its dependant's R unknown: leave the point out.
    if (!Number.isFinite(x)) continue;
    const testAcc = finalValue(points, "test_acc");
    const trainAcc = finalValue(points, "train_acc");
    if (testAcc !== undefined) test.push({ x, seed: config.seed, value: testAcc, runId: run.id });
    if (trainAcc !== undefined) train.push({ x, seed: config.seed, value: trainAcc, runId: run.id });
  }
  return { testAcc: seriesBand(test, { expectedSeeds }), trainAcc: seriesBand(train, { expectedSeeds }) };
}

/** One dataset × model of a measurement figure. */
interface Row<T> {
  dataset: string;
  model: string;
  values: T;
}

function rowOf<T>(rows: Map<string, Row<T>>, dataset: string, model: string, empty: () => T): Row<T> {
  const key = `${dataset}\u0000${model}`;
  let row = rows.get(key);
  if (!row) rows.set(key, (row = { dataset, model, values: empty() }));
  return row;
}

/** Figure 5: each norm of each checkpoint, aggregated over seeds, per dataset and model. */
export async function normsOfExperiment(db: Db, experimentId: string, expectedSeeds: number) {
  const rows = new Map<string, Row<Map<string, number[]>>>();
  for (const { run, points } of await finishedRuns(db, experimentId, "measure")) {
    const config = measureRunConfigSchema.parse(run.config);
    if (config.measure !== "norms") continue;
    const row = rowOf(rows, config.dataset, config.model, () => new Map<string, number[]>());
    for (const p of points) row.values.set(p.name, [...(row.values.get(p.name) ?? []), p.value]);
  }
  return [...rows.values()].map(({ dataset, model, values }) => ({
    dataset,
    model,
    norms: Object.fromEntries(
      NORM_KINDS.map((kind) => [
        kind,
        Object.fromEntries(
          (["W0R", "WVR", "WSR", "W0A", "WVA", "WSA"] as const).map((c) => [c, aggregate(values.get(normMetric(kind, c)) ?? [], expectedSeeds)]),
        ) as Record<Checkpoint, SeedStats>,
      ]),
    ) as Record<NormKind, Record<Checkpoint, SeedStats>>,
  }));
}

/** Figure 6: test accuracy against ε for each attacked model, min/mean/max over seeds. */
export async function fgsmOfExperiment(db: Db, experimentId: string, expectedSeeds: number) {
  const rows = new Map<string, Row<Map<string, SeedPoint[]>>>();
  for (const { run, points } of await finishedRuns(db, experimentId, "measure")) {
    const config = measureRunConfigSchema.parse(run.config);
    if (config.measure !== "fgsm") continue;
    const row = rowOf(rows, config.dataset, config.model, () => new Map<string, SeedPoint[]>());
    for (const p of points) {
      const parsed = parseFgsmMetric(p.name);
      if (!parsed) continue;
      const series = row.values.get(parsed.checkpoint) ?? [];
      series.push({ x: parsed.epsilon, seed: config.seed, value: p.value, runId: run.id });
      row.values.set(parsed.checkpoint, series);
    }
  }
  return [...rows.values()].map(({ dataset, model, values }) => {
    const curves: Partial<Record<Checkpoint, BandPoint[]>> = {};
    for (const [checkpoint, series] of values) curves[checkpoint as Checkpoint] = seriesBand(series, { expectedSeeds });
    return { dataset, model, curves };
  });
}
