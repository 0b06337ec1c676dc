import { TABLE1_COLUMNS } from "@minima/metrics";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestDaemon, waitFor, type TestDaemon } from "../../test/harness.ts";
import { main } from "../cli/main.ts";

let t: TestDaemon;
before(async () => {
  t = await startTestDaemon();
});
after(() => t.stop());

// Miniature sizes: the protocol of the cpu profile on a small synthetic set, one epoch a phase.
const MINIATURE = { profile: "cpu", dataset: "synthetic", seeds: 1, epochs: 1, pretrainEpochs: 1, replicas: 1, trainSubset: 64, testSubset: 32 };

/** `minima <args>` against the test daemon, in this process; returns its exit code and what it printed. */
async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const printed: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => void printed.push(parts.join(" "));
  try {
    const code = await main([...args, "--url", t.daemon.url, "--token", t.token]);
    return { code, out: printed.join("\n") };
  } finally {
    console.log = log;
  }
}

async function runExperiment(preset: string, options: Record<string, unknown>) {
  const { api } = t.client;
  const { id } = await api.experiments.create.mutate({ preset, options });
  const runs = await waitFor(
    `every run of ${preset} to finish`,
    async () => {
      const { experiment, runs: now } = await api.experiments.get.query({ id });
      if (experiment.runCounts.failed > 0) throw new Error(`a run failed: ${JSON.stringify(now.filter((r) => r.status === "failed").map((r) => r.error))}`);
      return experiment.runCounts.succeeded === now.length ? now : null;
    },
    300_000,
  );
  return { id, runs };
}

test("table1-distances: a distance run reads the six checkpoints and Table 1's row fills in", async () => {
  const { id, runs } = await runExperiment("table1-distances", { ...MINIATURE, model: "small-cnn" });
  assert.equal(runs.length, 6);
  const distances = runs.find((r) => r.key === "synthetic/small-cnn/distances/s1")!;
  for (const run of runs.filter((r) => r !== distances)) assert.ok(distances.startedAt! >= run.finishedAt!, `${run.key} finished before the distances were measured`);
  const table = await t.client.api.tables.table1.query({ experimentId: id });
  assert.deepEqual(table.rows.map((r) => [r.dataset, r.model]), [["synthetic", "small-cnn"]]);
  const cells = table.rows[0]!.cells;
  for (const column of TABLE1_COLUMNS) {
    assert.equal(cells[column].stats.n, 1, column);
    assert.ok(cells[column].stats.mean > 0 && Number.isFinite(cells[column].stats.mean), `${column} = ${cells[column].stats.mean}`);
    // The paper has no synthetic row: CIFAR10/ResNet18's value stands beside it, never subtracted.
    assert.ok(cells[column].published, column);
    assert.equal(cells[column].difference, null, "another setting: no difference");
  }
  assert.deepEqual(table.rows[0]!.paper, { paper: { dataset: "cifar10", model: "resnet18" }, matches: false });
  assert.deepEqual(cells["d(W0R,WVR)"].runIds, [distances.id]);
  const csv = await cli(["table1", id, "--format", "csv"]);
  assert.equal(csv.code, 0);
  assert.equal(csv.out.trim().split("\n").length, 1 + 7, "a header and one line per column of the row");
  assert.match((await cli(["table1", id])).out, /\| synthetic \| small-cnn \|/);

  // The same plan again trains nothing; one more seed trains only that seed, estimated from these runs.
  const { api } = t.client;
  const options = { ...MINIATURE, model: "small-cnn" };
  const again = await api.experiments.plan.query({ preset: "table1-distances", options });
  assert.equal(again.reusable, 6);
  const copy = await api.experiments.create.mutate({ preset: "table1-distances", options });
  assert.equal(copy.reused, 6);
  const copied = await api.experiments.get.query({ id: copy.id });
  assert.equal(copied.experiment.runCounts.succeeded, 6);
  // Its runs feed Table 1 and, with their vanilla and SOTA runs, a partial Table 2: the page shows both.
  assert.deepEqual([copied.views, copied.setting], [["table1", "table2"], { dataset: "synthetic", model: "small-cnn" }]);
  assert.deepEqual((await api.tables.table1.query({ experimentId: copy.id })).rows[0]!.cells["d(W0A,WVA)"].stats, cells["d(W0A,WVA)"].stats);
  const twoSeeds = await api.experiments.plan.query({ preset: "table1-distances", options: { ...options, seeds: 2 } });
  assert.deepEqual(twoSeeds.runs.filter((r) => r.reused).map((r) => r.key.split("/").at(-1)), Array(6).fill("s1"));
  assert.equal(twoSeeds.estimate.unknownRuns, 0);
  assert.ok(twoSeeds.estimate.computeSeconds! > 0);
});

test("fgsm: ε = 0 gives back each model's clean test accuracy, and the curves run over the ε grid", async () => {
  const { id, runs } = await runExperiment("fgsm", { ...MINIATURE, model: "small-cnn", epsilonStep: 0.1, epsilonMax: 0.3 });
  const { rows } = await t.client.api.figures.fgsm.query({ experimentId: id });
  assert.equal(rows.length, 1);
  const trained = { WVR: "random/vanilla", WSR: "random/sota", WVA: "adversarial/vanilla", WSA: "adversarial/sota" } as const;
  for (const [checkpoint, key] of Object.entries(trained)) {
    const curve = rows[0]!.curves[checkpoint as keyof typeof trained]!;
    assert.deepEqual(curve.map((p) => p.x), [0, 0.1, 0.2, 0.3]);
    const run = runs.find((r) => r.key === `synthetic/small-cnn/${key}/s1`)!;
    const points = await t.client.api.runs.metrics.query({ id: run.id });
    const clean = points.filter((p) => p.name === "test_acc").at(-1)!.value;
    assert.ok(Math.abs(curve[0]!.mean - clean) < 1e-6, `${checkpoint}: FGSM at ε = 0 (${curve[0]!.mean}) is the clean accuracy (${clean})`);
  }
});

test("norms and r-sweep fill Figures 5 and 4", async () => {
  const norms = await runExperiment("norms", { ...MINIATURE, model: "small-cnn" });
  const { rows } = await t.client.api.figures.norms.query({ experimentId: norms.id });
  for (const kind of ["frobenius", "log10-l1-path", "log10-l2-path"] as const) {
    for (const checkpoint of ["W0R", "WVR", "WSR", "W0A", "WVA", "WSA"] as const) {
      const stats = rows[0]!.norms[kind][checkpoint];
      assert.equal(stats.n, 1, `${kind} of ${checkpoint}`);
      assert.ok(Number.isFinite(stats.mean), `${kind} of ${checkpoint} = ${stats.mean}`);
    }
  }
  assert.ok(rows[0]!.norms.frobenius.W0R.mean! > 0);
  assert.equal((await cli(["figure", "figure5", norms.id, "--format", "csv"])).out.trim().split("\n").length, 1 + 3 * 6);

  const { replicas: _, ...sweepOptions } = MINIATURE;
  const sweep = await runExperiment("r-sweep", { ...sweepOptions, rValues: "1,2,4" });
  assert.equal(sweep.runs.length, 7);
  const figure = await t.client.api.figures.rSweep.query({ experimentId: sweep.id });
  assert.deepEqual(figure.testAcc.map((p) => [p.x, p.n]), [[0, 1], [1, 1], [2, 1], [4, 1]]);
  // The views each experiment's runs feed, decided from the runs (not the preset's name).
  assert.deepEqual((await t.client.api.experiments.get.query({ id: sweep.id })).views, ["figure4"]);
  assert.deepEqual((await t.client.api.experiments.get.query({ id: norms.id })).views, ["table2", "figure5"]);
  assert.match((await cli(["figure", "figure4", sweep.id])).out, /### vanilla SGD, test accuracy\n\n\| R \| test accuracy \(mean ± std\) \|/);
});
