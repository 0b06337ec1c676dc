// `pnpm bench:daemon`: what storing step metrics costs training. A toy run trains in a worker
// process while the daemon side (this process) writes its reports through the real MetricWriter
// into an embedded database, once with epoch metrics only and once with 1,000 step-metric points
// per second on top. Trials run in pairs (without, then with) so load drifts hit both alike; the
// median of the pairs' wall-clock ratios must stay within 1.03. The ratio of the training
// process's own CPU time is printed beside it: what reporting the points costs the run itself,
// without the noise other processes add to wall clock on a shared machine.
//   node --import tsx bench/metrics-overhead.bench.ts [--trials=9] [--epochs=300]
import { createExperiment, ensureAdmin, migrateDatabase, openDatabase } from "@minima/db";
import type { MetricPoint } from "@minima/metrics";
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EventBus } from "../src/daemon/event-bus.ts";
import { MetricWriter } from "../src/scheduler/metric-writer.ts";

const TARGET = 1.03;
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const trials = arg("trials", 9);
const epochs = arg("epochs", 300);
const worker = fileURLToPath(new URL("./metrics-overhead-worker.ts", import.meta.url));

const dataDir = mkdtempSync(path.join(tmpdir(), "minima-bench-"));
const database = await openDatabase({ dataDir });
await migrateDatabase(database);
const admin = (await ensureAdmin(database.db))!;
const bus = new EventBus();
const writer = new MetricWriter(database.db, bus);

interface TrialResult {
  ms: number;
  cpuMs: number;
  stepPoints: number;
}

/** One training run in a worker; resolves with its training time and the points stored. */
async function trial(stepMetrics: boolean): Promise<TrialResult> {
  const { runIds } = await createExperiment(database.db, {
    ownerId: admin.user.id,
    preset: "bench",
    title: "bench",
    options: {},
    runs: [{ key: "r", title: "r", kind: "toy", config: {}, epochs, dependsOn: [] }],
  });
  const child = fork(worker, [`--epochs=${epochs}`, ...(stepMetrics ? ["--step-metrics"] : [])], {
    execArgv: ["--import", import.meta.resolve("tsx")],
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "2" },
  });
  return new Promise((resolve, reject) => {
    let result: TrialResult | null = null;
    child.on("message", (m: { type: "metrics"; points: MetricPoint[] } | ({ type: "result" } & TrialResult)) => {
      if (m.type === "metrics") writer.add(runIds.r!, m.points);
      else result = m;
    });
    child.once("exit", (code) => {
      void writer.flush().then(() => (result ? resolve(result) : reject(new Error(`the bench worker exited with code ${code}`))));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const off: TrialResult[] = [];
const on: TrialResult[] = [];
let points = 0;
await trial(false); // warm-up: engine load, file caches
for (let i = 0; i < trials; i++) {
  const without = await trial(false);
  const withSteps = await trial(true);
  off.push(without);
  on.push(withSteps);
  points += withSteps.stepPoints;
  console.log(
    `pair ${i + 1}: without ${without.ms.toFixed(0)} ms, with step metrics ${withSteps.ms.toFixed(0)} ms (${withSteps.stepPoints} points): ` +
      `wall ratio ${(withSteps.ms / without.ms).toFixed(3)}, CPU ratio ${(withSteps.cpuMs / without.cpuMs).toFixed(3)}`,
  );
}
const ratio = median(on.map((t, i) => t.ms / off[i]!.ms));
const cpuRatio = median(on.map((t, i) => t.cpuMs / off[i]!.cpuMs));
const rate = points / (on.reduce((sum, t) => sum + t.ms, 0) / 1000);
console.log(`\ntoy run, ${epochs} epochs: median ${median(off.map((t) => t.ms)).toFixed(0)} ms without, ${median(on.map((t) => t.ms)).toFixed(0)} ms with ${rate.toFixed(0)} step points/s stored`);
console.log(`training process CPU time: ratio ${cpuRatio.toFixed(3)} (median of the pairs)`);
console.log(`wall-clock ratio ${ratio.toFixed(3)} (median of the pairs' ratios; target ≤ ${TARGET}) ${ratio <= TARGET ? "ok" : "ABOVE TARGET"}`);
await database.close();
rmSync(dataDir, { recursive: true, force: true });
process.exitCode = ratio <= TARGET ? 0 : 1;
