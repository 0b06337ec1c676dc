// The training side of metrics-overhead.bench.ts: a Figure 1 toy run on the native engine, as a
// worker process runs it, reporting through IPC like worker-main.ts. With `--step-metrics` it
// also reports 1,000 step-metric points per second of training, sent with each epoch's report.
import { figure1Runs, initEngine, trainToy } from "@minima/core";
import type { MetricPoint } from "@minima/metrics";

const RATE = 1000;
const withSteps = process.argv.includes("--step-metrics");
const epochs = Number(process.argv.find((a) => a.startsWith("--epochs="))?.slice(9) ?? 300);

function send(message: unknown): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())));
}

await initEngine();
const config = { ...figure1Runs()[0]!.config, epochs, logEvery: 1 };
let sent = 0;
let step = 0;
const cpuBefore = process.cpuUsage();
const started = performance.now();
await trainToy(config, {
  onEpoch: async (points: MetricPoint[], epoch: number) => {
    const batch = [...points];
    if (withSteps) {
      const due = Math.floor(((performance.now() - started) / 1000) * RATE);
      const now = Date.now();
      for (; sent < due; sent++) batch.push({ phase: "train", epoch, step: ++step, name: "step_loss", value: Math.random(), time: now });
    }
    await send({ type: "metrics", epoch, points: batch });
  },
});
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
await send({ type: "result", ms, cpuMs: (cpu.user + cpu.system) / 1000, stepPoints: sent });
process.disconnect();
