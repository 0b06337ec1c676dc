import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestDaemon, waitFor, type TestDaemon } from "../../test/harness.ts";

let t: TestDaemon;
before(async () => {
  t = await startTestDaemon();
});
after(() => t.stop());

test("a miniature Table 2 runs through the daemon: pre-training, 16 fine-tuning runs, and the table fills in", async () => {
  const { api } = t.client;
  const options = { profile: "cpu", dataset: "synthetic", seeds: 1, epochs: 1, pretrainEpochs: 1, replicas: 1, trainSubset: 64, testSubset: 32 };
  const plan = await api.experiments.plan.query({ preset: "table2-ablation", options });
  assert.equal(plan.runs.length, 17);
  const { id } = await api.experiments.create.mutate({ preset: "table2-ablation", options });
  const runs = await waitFor(
    "all 17 runs to finish",
    async () => {
      const { experiment, runs: now } = await api.experiments.get.query({ id });
      if (experiment.runCounts.failed > 0) throw new Error(`a run failed: ${JSON.stringify(now.filter((r) => r.status === "failed").map((r) => r.error))}`);
      return experiment.runCounts.succeeded === 17 ? now : null;
    },
    300_000,
  );
  const pretrain = runs.find((r) => r.key === "pretrain/s1")!;
  for (const run of runs.filter((r) => r.key.startsWith("adversarial/"))) {
    assert.ok(run.startedAt! >= pretrain.finishedAt!, `${run.key} started after the pre-training finished`);
  }
  const artifacts = await api.runs.get.query({ id: pretrain.id });
  assert.equal(artifacts.status, "succeeded");

  const table = await api.tables.table2.query({ experimentId: id });
  assert.equal(table.rows.length, 8);
  for (const row of table.rows) {
    for (const init of ["random", "adversarial"] as const) {
      for (const split of ["train", "test"] as const) {
        const cell = row.cells[init][split];
        assert.equal(cell.stats.n, 1, `${row.mode}/${init}/${split} has its one seed`);
        assert.ok(cell.stats.mean >= 0 && cell.stats.mean <= 100);
        assert.ok(cell.published, "the paper's value is beside it");
      }
    }
  }
});
