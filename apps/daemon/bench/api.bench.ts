/**
 * pnpm bench:api [--seconds 30] [--subscribers 100] [--rate 2000] [--runs 1000]
 *
 * 1. Live metrics: a run's points go through the daemon's real path — MetricWriter (batched
 *    inserts) → database → EventBus → runs.onMetrics over WebSocket — to `subscribers` typed
 *    clients in a worker thread (their own core, so the clients do not slow the daemon's loop).
 *    Each subscriber must get every point exactly once, in order. Latencies: from the point's
 *    creation (includes the writer's batching window) and from its publication on the bus (what
 *    the API adds), against an in-process bus listener as the reference.
 * 2. runs.list with `runs` queued runs, over HTTP, against the same query called directly.
 */
import { createExperiment, ensureAdmin, metricsOf, migrateDatabase, openDatabase, pageRuns } from "@minima/db";
import type { MetricPoint, MetricRow } from "@minima/metrics";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { startApiServer } from "../src/api/server.ts";
import { ArtifactStore } from "../src/artifacts/artifact-store.ts";
import { createMinimaClient } from "../src/client/index.ts";
import { EventBus } from "../src/daemon/event-bus.ts";
import { silentLogger } from "../src/daemon/logger.ts";
import { MachineMonitor } from "../src/machine/machine-monitor.ts";
import { MetricWriter } from "../src/scheduler/metric-writer.ts";
import { Scheduler } from "../src/scheduler/scheduler.ts";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "30" }, subscribers: { type: "string", default: "100" }, rate: { type: "string", default: "2000" }, runs: { type: "string", default: "1000" } },
});
const seconds = Number(values.seconds);
const subscribers = Number(values.subscribers);
const rate = Number(values.rate);
const queuedRuns = Number(values.runs);
const total = Math.round(seconds * rate);
const now = () => performance.timeOrigin + performance.now();

/** Stamps each row's publication time (by its step, the point's sequence number) as the bus sends it. */
class StampingBus extends EventBus {
  constructor(private readonly stamps: Float64Array) {
    super();
  }
  override publishMetrics(runId: string, rows: readonly MetricRow[]): void {
    const t = now();
    for (const row of rows) this.stamps[row.step] = t;
    super.publishMetrics(runId, rows);
  }
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

const dataDir = mkdtempSync(path.join(tmpdir(), "minima-bench-api-"));
const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir });
const stamps = new Float64Array(new SharedArrayBuffer(total * 8));
try {
  await migrateDatabase(database);
  const { db } = database;
  const admin = (await ensureAdmin(db))!;
  const bus = new StampingBus(stamps);
  const scheduler = new Scheduler({ db, bus, store: new ArtifactStore(path.join(dataDir, "artifacts")), daemonId: "bench", concurrency: 1, logger: silentLogger() });
  await scheduler.stop(); // the API only: queued runs stay queued
  const services = { db, bus, store: new ArtifactStore(path.join(dataDir, "artifacts")), scheduler, version: "bench", startedAt: Date.now(), engine: () => null, machine: new MachineMonitor({ daemonId: "test", workers: () => scheduler.workers(), gpus: [], logger: silentLogger() }) };
  const api = await startApiServer(services, "127.0.0.1", 0, "*");
  const client = createMinimaClient({ url: api.url, token: admin.token });
  console.log(`database: ${database.kind}; daemon API at ${api.url}; ${subscribers} subscribers, ${rate} points/s for ${seconds} s (${total} points)`);

  // --- 1. live metrics ---
  const { id: experimentId } = await client.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.001 } });
  const runId = (await client.api.experiments.get.query({ id: experimentId })).runs[0]!.id;
  const reference: number[] = [];
  const referenceDone = (async () => {
    const abort = new AbortController();
    let seen = 0;
    for await (const [rows] of bus.metrics(runId, abort.signal)) {
      const t = now();
      for (const row of rows) reference.push(t - stamps[row.step]!);
      seen += rows.length;
      if (seen >= total) abort.abort();
    }
  })().catch(() => undefined);

  const worker = new Worker(new URL("./api-subscribers.worker.mjs", import.meta.url), {
    workerData: { url: api.url, token: admin.token, runId, subscribers, total, stamps, trpcClient: import.meta.resolve("@trpc/client"), ws: import.meta.resolve("ws") },
  });
  const message = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (m.type === type) {
          worker.off("message", onMessage);
          resolve(m);
        }
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    });
  await message("ready");

  const writer = new MetricWriter(db, bus);
  const cpuBefore = process.cpuUsage();
  const started = now();
  let produced = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      // At most 50 ms of points at once, as a worker reports them: a stalled loop makes the producer late, not bursty.
      const due = Math.min(total, Math.floor(((now() - started) / 1000) * rate), produced + rate / 20);
      const points: MetricPoint[] = [];
      for (; produced < due; produced++) {
        points.push({ phase: "bench", epoch: Math.floor(produced / rate), step: produced, name: "bench_point", value: now(), time: Date.now() });
      }
      if (points.length > 0) writer.add(runId, points);
      if (produced >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  await writer.flush();
  const producedS = (now() - started) / 1000;
  const result = await message("done");
  const cpu = process.cpuUsage(cpuBefore);
  const streamedS = (now() - started) / 1000;
  await referenceDone;
  await worker.terminate();

  const stored = (await metricsOf(db, runId)).length;
  const perSubscriber = result.counts as number[];
  const duplicates = result.duplicates as number;
  const outOfOrder = result.outOfOrder as number;
  const fromCreation = new Float64Array(result.fromCreation as ArrayBuffer).sort();
  const fromPublish = new Float64Array(result.fromPublish as ArrayBuffer).sort();
  const inProcess = Float64Array.from(reference).sort();
  const lost = perSubscriber.reduce((sum, n) => sum + Math.max(0, total - n), 0);
  console.log(`\nlive metrics: produced ${total} points in ${producedS.toFixed(1)} s, stored ${stored}`);
  console.log(`  per subscriber: min ${Math.min(...perSubscriber)}, max ${Math.max(...perSubscriber)} of ${total}; lost ${lost}, duplicated ${duplicates}, out of order ${outOfOrder}`);
  console.log(`  latency created → subscriber (incl. MetricWriter's batching): p50 ${ms(percentile(fromCreation, 50))}, p99 ${ms(percentile(fromCreation, 99))}`);
  console.log(`  latency published → subscriber (the API's share):           p50 ${ms(percentile(fromPublish, 50))}, p99 ${ms(percentile(fromPublish, 99))}  (target p99 < 50 ms)`);
  console.log(`  reference, published → in-process bus listener:              p50 ${ms(percentile(inProcess, 50))}, p99 ${ms(percentile(inProcess, 99))}`);
  console.log(`  ratio WebSocket / in-process at p99: ${(percentile(fromPublish, 99) / Math.max(0.01, percentile(inProcess, 99))).toFixed(0)}×`);
  const deliveries = perSubscriber.reduce((a, b) => a + b, 0);
  const cpuUs = (cpu.user + cpu.system) / deliveries;
  console.log(`  CPU (daemon and subscribers, one process): ${cpuUs.toFixed(0)} µs per delivered point over ${streamedS.toFixed(1)} s;`);
  console.log(`  ${subscribers} × ${rate} points/s needs ${((cpuUs * subscribers * rate) / 1e6).toFixed(1)} cores at that cost`);
  const streamOk = lost === 0 && duplicates === 0 && outOfOrder === 0 && stored === total;

  // --- 2. runs.list with many queued runs ---
  await createExperiment(db, {
    ownerId: admin.user.id,
    preset: "bench",
    title: `${queuedRuns} queued runs`,
    options: {},
    runs: Array.from({ length: queuedRuns }, (_, i) => ({ key: `r${i}`, title: `run ${i}`, kind: "toy", config: {}, epochs: 1, dependsOn: [] })),
  });
  const time = async (call: () => Promise<unknown>, times = 20) => {
    const samples = new Float64Array(times);
    await call();
    for (let i = 0; i < times; i++) {
      const t = now();
      await call();
      samples[i] = now() - t;
    }
    return samples.sort();
  };
  // A page as the dashboard asks for one (100 runs, the next on scroll), and all 1,000 in one page.
  for (const limit of [100, 1000]) {
    const viaApi = await time(() => client.api.runs.list.query({ status: "queued", limit }));
    const direct = await time(() => pageRuns(db, { status: "queued", limit }));
    const page = await client.api.runs.list.query({ status: "queued", limit });
    console.log(`\nruns.list({ status: "queued", limit: ${limit} }) → ${page.items.length} of ${page.total} runs: API p50 ${ms(percentile(viaApi, 50))}, p99 ${ms(percentile(viaApi, 99))}`);
    console.log(`  reference, the same page (pageRuns) on the database directly: p50 ${ms(percentile(direct, 50))}; ratio API / direct ${(percentile(viaApi, 50) / percentile(direct, 50)).toFixed(2)}×`);
  }

  await client.close();
  await api.close();
  process.exitCode = streamOk ? 0 : 1;
  if (!streamOk) console.error("\nFAILED: a subscriber lost, repeated or reordered points.");
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
