import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { MetricPoint } from "@minima/metrics";
import { createTestDatabase, testEngines, type TestDatabase } from "../testing.ts";
import { createExperiment } from "./experiments.ts";
import { finalMetricsOf, insertMetrics, metricsForChart, metricsOf } from "./metrics.ts";
import { ensureAdmin } from "./users.ts";

for (const engine of testEngines()) {
  describe(`metrics for charts on ${engine}`, () => {
    let t: TestDatabase;
    let runId: string;
    before(async () => {
      t = await createTestDatabase(engine);
      const admin = (await ensureAdmin(t.database.db))!;
      const { runIds } = await createExperiment(t.database.db, {
        ownerId: admin.user.id,
        preset: "test",
        title: "long run",
        options: {},
        runs: [{ key: "r", title: "r", kind: "image", config: {}, epochs: 100, dependsOn: [] }],
      });
      runId = runIds.r!;
      // 100 epochs of 50 steps: 5,000 step losses (a slow decay, one spike at step 3,333) and 100 test accuracies.
      for (let epoch = 1; epoch <= 100; epoch++) {
        const points: MetricPoint[] = [];
        for (let s = 1; s <= 50; s++) {
          const step = (epoch - 1) * 50 + s;
          points.push({ phase: "train", epoch, step, name: "step_loss", value: step === 3333 ? 99 : 2 / Math.sqrt(step), time: step });
        }
        points.push({ phase: "train", epoch, step: epoch * 50, name: "test_acc", value: epoch / 100, time: epoch * 50 });
        await insertMetrics(t.database.db, runId, points);
      }
    });
    after(() => t.dispose());

    test("a short series comes whole, a long one thinned with its extremes and ends, in write order", async () => {
      const all = await metricsOf(t.database.db, runId);
      const chart = await metricsForChart(t.database.db, runId, 400);
      const losses = chart.filter((r) => r.name === "step_loss");
      const accuracies = chart.filter((r) => r.name === "test_acc");
      assert.equal(accuracies.length, 100, "100 ≤ 400: the test accuracy series is whole");
      assert.ok(losses.length >= 200 && losses.length <= 402, `thinned to ${losses.length} step losses`);
      assert.ok(losses.some((r) => r.value === 99), "the spike survives");
      assert.equal(losses[0]!.step, 1);
      assert.equal(losses.at(-1)!.step, 5000);
      assert.equal(chart.at(-1)!.id, all.at(-1)!.id, "the run's last row is there to stream on from");
      assert.deepEqual(chart.map((r) => r.id), [...chart.map((r) => r.id)].sort((a, b) => a - b));
      const byId = new Map(all.map((r) => [r.id, r]));
      for (const row of chart) assert.deepEqual(row, byId.get(row.id), "rows are stored rows, unchanged");
    });

    test("final metrics: each name's row of the highest epoch, for several runs at once", async () => {
      const finals = await finalMetricsOf(t.database.db, [runId, "00000000-0000-4000-8000-000000000000"]);
      assert.deepEqual(finals.map((r) => [r.name, r.epoch, r.step]), [["step_loss", 100, 5000], ["test_acc", 100, 5000]], "in write order");
      assert.equal(finals.find((r) => r.name === "test_acc")!.value, 1);
      assert.deepEqual(await finalMetricsOf(t.database.db, []), []);
    });

    test("a limit above every series' length gives every row", async () => {
      assert.deepEqual(await metricsForChart(t.database.db, runId, 10_000), await metricsOf(t.database.db, runId));
    });
  });
}
