import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestDaemon, waitFor, type TestDaemon } from "../../test/harness.ts";

// One declared GPU of 8 GiB (CUDA_VISIBLE_DEVICES and MINIMA_GPU_MEMORY_GB, as on a host whose
// driver cannot report memory); the runs train on the CPU build, so placement is what is tested.
describe("runs share a GPU by their memory estimates", () => {
  let t: TestDaemon;
  before(async () => {
    t = await startTestDaemon({ concurrency: "8" }, { CUDA_VISIBLE_DEVICES: "0", MINIMA_GPU_MEMORY_GB: "8" });
  });
  after(() => t.stop());

  /** Every run's [start, end] in ms, once all of the experiment's runs succeeded. */
  async function spans(id: string) {
    const runs = await waitFor("the experiment to finish", async () => {
      const { experiment, runs } = await t.client.api.experiments.get.query({ id });
      return experiment.runCounts.succeeded === runs.length ? runs : null;
    }, 180_000);
    return Object.fromEntries(runs.map((r) => [r.key, [Date.parse(r.startedAt!), Date.parse(r.finishedAt!)] as const]));
  }
  const overlap = (a: readonly [number, number], b: readonly [number, number]) => a[0] < b[1] && b[0] < a[1];

  test("runs of 3 GiB go two at a time on an 8 GiB GPU, each told its GPU; runs without an estimate one at a time", async () => {
    const { api } = t.client;
    const estimated = await api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.002 }, memoryGiB: 3, fresh: true });
    const running: number[] = [];
    const sampler = setInterval(() => {
      void api.runs.list.query({ experimentId: estimated.id, status: "running" }).then((page) => running.push(page.total), () => undefined);
    }, 25);
    const shared = await spans(estimated.id);
    clearInterval(sampler);
    assert.ok(overlap(shared.a!, shared.b!), "(a) and (b) were queued together and fit together");
    assert.ok(Math.max(...running) <= 2, `at most two of 3 GiB on 8 GiB; saw ${Math.max(...running)}`);
    const log = await api.runs.logs.query({ id: (await api.runs.list.query({ experimentId: estimated.id, search: "(a)" })).items[0]!.id });
    assert.match(log.lines[0]!.text, /, GPU 0 \(estimate 3072 MiB\), attempt 1/);

    const whole = await api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.002 }, fresh: true });
    const alone = await spans(whole.id);
    assert.ok(!overlap(alone.a!, alone.b!), "without estimates (a) and (b) had the GPU to themselves in turn");
    const first = (await api.runs.list.query({ experimentId: whole.id, search: "(a)" })).items[0]!;
    assert.match((await api.runs.logs.query({ id: first.id })).lines[0]!.text, /, GPU 0 \(to itself: no memory estimate\)/);
  });
});
