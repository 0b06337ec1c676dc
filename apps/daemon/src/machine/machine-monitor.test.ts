import assert from "node:assert/strict";
import { test } from "node:test";
import { pino } from "pino";
import type { Gpu } from "../daemon/config.ts";
import { silentLogger } from "../daemon/logger.ts";
import { MachineMonitor, type MachineProbes, type RunningWorker } from "./machine-monitor.ts";
import type { MachineReport } from "./machine-sample.ts";
import type { GpuReading } from "./nvidia-smi.ts";

const GiB = 2 ** 30;
const meminfo = "MemTotal:       16777216 kB\nMemFree:         1048576 kB\nMemAvailable:    4194304 kB\n";
const status = (rssKib: number, peakKib: number) => `Name:\tnode\nVmHWM:\t${peakKib} kB\nVmRSS:\t${rssKib} kB\n`;

/** A host whose clock, CPU times, /proc files and nvidia-smi the test sets. */
function fakeHost(files: Record<string, string>, gpus: () => Promise<GpuReading[]> = () => Promise.resolve([])) {
  let now = 1_000_000;
  let busy = 0;
  let total = 0;
  const probes: MachineProbes = {
    readText: (path) => Promise.resolve(files[path] ?? null),
    queryGpus: gpus,
    cpuTimes: () => ({ busyMs: busy, totalMs: total }),
    loadAverage: () => 1.5,
    totalMemory: () => 8 * GiB,
    freeMemory: () => 2 * GiB,
    now: () => now,
  };
  return {
    probes,
    /** The clock moves on `ms`, the CPUs having been busy `busyShare` of it. */
    advance(ms: number, busyShare: number) {
      now += ms;
      total += ms;
      busy += ms * busyShare;
    },
  };
}

test("host memory from /proc/meminfo, CPU share since the last sample, each worker's RSS and peak by run", async () => {
  const host = fakeHost({ "/proc/meminfo": meminfo, "/proc/41/status": status(1024, 2048) });
  const workers: RunningWorker[] = [
    { runId: "run-a", pid: 41, gpu: null },
    { runId: "run-b", pid: 42, gpu: null },
  ];
  const monitor = new MachineMonitor({ daemonId: "test", workers: () => workers, gpus: [], logger: silentLogger(), probes: host.probes });
  host.advance(5000, 0.25);
  const sample = await monitor.sample();
  assert.deepEqual(sample, {
    time: 1_005_000,
    cpuPercent: 25,
    load1: 1.5,
    memoryTotalBytes: 16 * GiB,
    memoryUsedBytes: 12 * GiB,
    gpus: [],
    workers: [
      { runId: "run-a", pid: 41, gpu: null, rssBytes: 1024 * 1024, peakBytes: 2048 * 1024 },
      // Gone (or not Linux): listed, its memory unknown.
      { runId: "run-b", pid: 42, gpu: null, rssBytes: null, peakBytes: null },
    ],
  });
  host.advance(5000, 1);
  assert.equal((await monitor.sample()).cpuPercent, 100);
});

test("without /proc: os.totalmem and os.freemem", async () => {
  const host = fakeHost({});
  const monitor = new MachineMonitor({ daemonId: "test", workers: () => [], gpus: [], logger: silentLogger(), probes: host.probes });
  const sample = await monitor.sample();
  assert.deepEqual([sample.memoryTotalBytes, sample.memoryUsedBytes], [8 * GiB, 6 * GiB]);
});

test("keeps the last historyMs of samples, with strictly increasing times, and hands each to subscribers", async () => {
  const host = fakeHost({ "/proc/meminfo": meminfo });
  const monitor = new MachineMonitor({ daemonId: "test", workers: () => [], gpus: [], logger: silentLogger(), probes: host.probes, intervalMs: 1000, historyMs: 3000 });
  const abort = new AbortController();
  const live = monitor.samples(abort.signal);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    host.advance(i === 2 ? 0 : 1000, 0.5);
    times.push((await monitor.sample()).time);
  }
  assert.deepEqual(times, [1_001_000, 1_002_000, 1_002_001, 1_003_000, 1_004_000], "a clock that stood still still gives a later time");
  assert.deepEqual(monitor.since(0).map((s) => s.time), times.slice(2), "three samples of 1 s in 3 s");
  assert.deepEqual(monitor.since(1_003_000).map((s) => s.time), [1_004_000]);
  assert.equal(monitor.latest()?.time, 1_004_000);
  const received: number[] = [];
  for await (const [sample] of live) {
    received.push(sample.time);
    if (received.length === 5) break;
  }
  abort.abort();
  assert.deepEqual(received, times);
});

test("GPUs: this daemon's, by index, nulls where nvidia-smi cannot say; a failing nvidia-smi is logged once, not each sample", async () => {
  const gpus: Gpu[] = [
    { id: "1", memoryMb: 81559 },
    { id: "3", memoryMb: 40960 },
  ];
  let answer: () => Promise<GpuReading[]> = () =>
    Promise.resolve([
      { index: "0", name: "NVIDIA H100 80GB HBM3", utilizationPercent: 5, memoryUsedMb: 1, memoryTotalMb: 81559, temperatureC: 30 },
      { index: "1", name: "NVIDIA H100 80GB HBM3", utilizationPercent: 97, memoryUsedMb: 61234, memoryTotalMb: 81559, temperatureC: 64 },
    ]);
  const host = fakeHost({ "/proc/meminfo": meminfo }, () => answer());
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push((JSON.parse(line) as { msg: string }).msg) });
  const workers = [{ runId: "run-a", pid: undefined, gpu: "1" }];
  const monitor = new MachineMonitor({ daemonId: "test", workers: () => workers, gpus, logger, probes: host.probes });

  const first = await monitor.sample();
  assert.deepEqual(first.gpus, [
    { id: "1", name: "NVIDIA H100 80GB HBM3", utilizationPercent: 97, memoryUsedMb: 61234, memoryTotalMb: 81559, temperatureC: 64 },
    { id: "3", name: null, utilizationPercent: null, memoryUsedMb: null, memoryTotalMb: 40960, temperatureC: null },
  ]);
  assert.deepEqual(first.workers, [{ runId: "run-a", pid: null, gpu: "1", rssBytes: null, peakBytes: null }]);

  answer = () => Promise.reject(new Error("nvidia-smi failed: spawn nvidia-smi ENOENT"));
  for (let i = 0; i < 3; i++) assert.equal((await monitor.sample()).gpus[0]!.utilizationPercent, null);
  assert.deepEqual(lines, ["machine sampling: nvidia-smi failed: spawn nvidia-smi ENOENT; GPU utilisation and memory are unknown until it answers"]);
  answer = () => Promise.resolve([]);
  await monitor.sample();
  await monitor.sample();
  assert.deepEqual(lines.slice(1), ["machine sampling: nvidia-smi answers again"]);
});

test("a CPU host never runs nvidia-smi", async () => {
  let asked = 0;
  const host = fakeHost({}, () => {
    asked++;
    return Promise.resolve([]);
  });
  const monitor = new MachineMonitor({ daemonId: "test", workers: () => [], gpus: [], logger: silentLogger(), probes: host.probes });
  await monitor.sample();
  assert.equal(asked, 0);
});

test("start samples at once and on its interval until stop", async () => {
  const monitor = new MachineMonitor({ daemonId: "test", workers: () => [], gpus: [], logger: silentLogger(), intervalMs: 20 });
  // Counted against the time that passed (a busy machine delays timers; it never adds ticks).
  const started = performance.now();
  const giveUp = new AbortController();
  const deadline = setTimeout(() => giveUp.abort(), 10_000); // also keeps the process up: the monitor's timer is unref'd
  const samples = monitor.samples(giveUp.signal);
  monitor.start();
  for (let seen = 0; seen < 3; seen++) await samples.next();
  await monitor.stop();
  clearTimeout(deadline);
  const elapsed = performance.now() - started;
  const taken = monitor.since(0).length;
  assert.ok(taken >= 3 && taken <= 2 + elapsed / 20, `${taken} samples in ${elapsed.toFixed(0)} ms at one per 20 ms`);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(monitor.since(0).length, taken, "none after stop");
  const latest = monitor.latest()!;
  // The real host: this process's own machine has memory, and Linux's /proc was read.
  assert.ok(latest.memoryTotalBytes > 0 && latest.memoryUsedBytes > 0 && latest.memoryUsedBytes <= latest.memoryTotalBytes);
});

test("the host is reported every reportEveryMs; a report not kept (not registered yet, or failed) is sent again with the next sample", async () => {
  const host = fakeHost({ "/proc/meminfo": meminfo });
  const reports: number[] = [];
  const answers: Array<boolean | Error> = [false, new Error("database away"), true, true, true];
  const report = ({ host: facts, latest }: MachineReport) => {
    assert.ok(facts.cpus > 0 && facts.hostname.length > 0);
    reports.push(latest.time);
    const answer = answers.shift()!;
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  const monitor = new MachineMonitor({ daemonId: "test", workers: () => [], gpus: [], logger: silentLogger(), probes: host.probes, report, reportEveryMs: 15_000 });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  for (let i = 0; i < 8; i++) {
    host.advance(5000, 0.5);
    await monitor.sample();
    await settle();
  }
  // Sent at 1,005,000 (not kept), 1,010,000 (failed), 1,015,000 (kept); then every 15 s of samples.
  assert.deepEqual(reports, [1_005_000, 1_010_000, 1_015_000, 1_030_000]);
});
