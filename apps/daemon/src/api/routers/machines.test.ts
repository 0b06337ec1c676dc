// machines.current and machines.onSamples through createCaller, on a real database: this
// process stands in for a run's worker (its /proc/<pid>/status is read), GPUs are a fake nvidia-smi.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ensureAdmin, heartbeat, markDaemonStopped, recordDaemonMachine, registerDaemon, type User } from "@minima/db";
import { createTestDatabase, type TestDatabase } from "@minima/db/testing";
import { ArtifactStore } from "../../artifacts/artifact-store.ts";
import type { Gpu } from "../../daemon/config.ts";
import { EventBus } from "../../daemon/event-bus.ts";
import { silentLogger } from "../../daemon/logger.ts";
import { MachineMonitor, type RunningWorker } from "../../machine/machine-monitor.ts";
import type { MachineSample } from "../../machine/machine-sample.ts";
import { Scheduler } from "../../scheduler/scheduler.ts";
import type { Services } from "../context.ts";
import { appRouter } from "../router.ts";

describe("machines through the routers", () => {
  let t: TestDatabase;
  let admin: User;
  let runIds: Record<string, string>;
  const store = mkdtempSync(path.join(tmpdir(), "minima-machines-test-"));
  let workers: RunningWorker[] = [];

  /** Services whose scheduler "trains" `workers` and whose monitor sees these GPUs. */
  const servicesWith = (gpus: Gpu[]): Services => {
    const bus = new EventBus();
    const scheduler = new Scheduler({ db: t.database.db, bus, store: new ArtifactStore(store), daemonId: "here", concurrency: 0, logger: silentLogger() });
    scheduler.workers = () => workers;
    const queryGpus = () =>
      Promise.resolve([
        { index: "0", name: "NVIDIA H100 80GB HBM3", utilizationPercent: 3, memoryUsedMb: 500, memoryTotalMb: 81559, temperatureC: 30 },
        { index: "1", name: "NVIDIA H100 80GB HBM3", utilizationPercent: 97, memoryUsedMb: 61234, memoryTotalMb: 81559, temperatureC: 64 },
      ]);
    const machine = new MachineMonitor({ daemonId: "here", workers: () => scheduler.workers(), gpus, logger: silentLogger(), probes: { queryGpus } });
    return { db: t.database.db, bus, store: new ArtifactStore(store), scheduler, version: "test", startedAt: Date.now(), engine: () => null, machine };
  };
  const as = (services: Services, user: User | null, signal?: AbortSignal) => appRouter.createCaller({ ...services, user, logger: silentLogger() }, signal ? { signal } : {});

  before(async () => {
    t = await createTestDatabase("pglite");
    admin = (await ensureAdmin(t.database.db))!.user;
    const services = servicesWith([]);
    const { id } = await as(services, admin).experiments.create({ preset: "figure1-toy", options: { epochScale: 0.001 } });
    const { runs } = await as(services, admin).experiments.get({ id });
    runIds = Object.fromEntries(runs.map((r) => [r.key, r.id]));
  });
  after(async () => {
    await t.dispose();
    rmSync(store, { recursive: true, force: true });
  });

  test("a CPU host: its memory, its CPUs as the one device, each run on it with its worker's memory; other daemons with their runs", async () => {
    const services = servicesWith([]);
    workers = [{ runId: runIds.a!, pid: process.pid, gpu: null }];
    await registerDaemon(t.database.db, { id: "there", host: "gpu-box-2", pid: 7, url: "http://gpu-box-2:4000" });
    await t.database.db.execute(`update runs set status = 'running', daemon_id = 'there', started_at = now() where id = '${runIds.b}'`);
    await services.machine.sample();

    const current = await as(services, admin).machines.current();
    assert.equal(current.here.daemonId, "here");
    assert.ok(current.here.latest!.memoryTotalBytes > 0 && current.here.latest!.memoryUsedBytes > 0, "the host's memory");
    assert.equal(current.here.devices.length, 1);
    const [cpu] = current.here.devices;
    assert.equal(cpu!.kind, "cpu");
    assert.deepEqual(cpu!.runs.map((r) => [r.id, r.key, r.device, r.pid]), [[runIds.a, "a", "cpu", process.pid]]);
    // This test process is the "worker": Linux says how much it holds, and it held at least that much.
    assert.ok(cpu!.runs[0]!.rssBytes! > 10 * 2 ** 20 && cpu!.runs[0]!.peakBytes! >= cpu!.runs[0]!.rssBytes!, JSON.stringify(cpu!.runs[0]));
    assert.deepEqual(
      current.others.map((d) => [d.id, d.host, d.runs.map((r) => r.id), d.machine]),
      [["there", "gpu-box-2", [runIds.b], null]],
      "a daemon that has not reported its host yet: its runs only",
    );
  });

  test("another daemon's host as it last reported it: its memory, each GPU with the runs and workers on it", async () => {
    const services = servicesWith([]);
    const latest: MachineSample = {
      time: Date.now(),
      cpuPercent: 40,
      load1: 3.2,
      memoryTotalBytes: 512 * 2 ** 30,
      memoryUsedBytes: 100 * 2 ** 30,
      gpus: [
        { id: "0", name: "NVIDIA H100 80GB HBM3", utilizationPercent: 91, memoryUsedMb: 40_000, memoryTotalMb: 81_559, temperatureC: 61 },
        { id: "1", name: "NVIDIA H100 80GB HBM3", utilizationPercent: 0, memoryUsedMb: 4, memoryTotalMb: 81_559, temperatureC: 29 },
      ],
      workers: [{ runId: runIds.b!, pid: 4242, gpu: "0", rssBytes: 3 * 2 ** 30, peakBytes: 4 * 2 ** 30 }],
    };
    assert.equal(await recordDaemonMachine(t.database.db, "there", { host: { hostname: "gpu-box-2", platform: "linux-x64", cpus: 64, cpuModel: "AMD EPYC 9354" }, latest }), true);
    assert.equal(await recordDaemonMachine(t.database.db, "not-registered", { latest }), false, "nothing is kept for a daemon that never registered");

    const [there] = (await as(services, admin).machines.current()).others;
    assert.equal(there!.machine!.cpus, 64);
    assert.equal(there!.machine!.latest!.memoryUsedBytes, 100 * 2 ** 30);
    assert.deepEqual(
      there!.machine!.devices.map((d) => [d.kind, d.id, d.name, d.utilizationPercent, d.runs.map((r) => [r.id, r.device, r.pid, r.rssBytes])]),
      [
        ["gpu", "0", "NVIDIA H100 80GB HBM3", 91, [[runIds.b, "0", 4242, 3 * 2 ** 30]]],
        ["gpu", "1", "NVIDIA H100 80GB HBM3", 0, []],
      ],
    );
  });

  test("a daemon silent past the heartbeat timeout (database time) is down and listed with how long; one that beat is up; one that stopped is not listed", async () => {
    const services = servicesWith([]);
    assert.equal(services.scheduler.heartbeatTimeoutMs, 30_000);
    await registerDaemon(t.database.db, { id: "there", host: "gpu-box-2", pid: 7, url: "http://gpu-box-2:4000" });
    await registerDaemon(t.database.db, { id: "killed", host: "gpu-box-3", pid: 8, url: "http://gpu-box-3:4000" });
    await registerDaemon(t.database.db, { id: "just-late", host: "gpu-box-4", pid: 9, url: "http://gpu-box-4:4000" });
    await registerDaemon(t.database.db, { id: "stopped", host: "gpu-box-5", pid: 10, url: "http://gpu-box-5:4000" });
    await t.database.db.execute(`update daemons set heartbeat_at = now() - interval '5 minutes' where id = 'killed'`);
    await t.database.db.execute(`update daemons set heartbeat_at = now() - interval '20 seconds' where id = 'just-late'`);
    await markDaemonStopped(t.database.db, "stopped");

    const { others } = await as(services, admin).machines.current();
    const byId = new Map(others.map((d) => [d.id, d]));
    assert.deepEqual([...byId.keys()].sort(), ["just-late", "killed", "there"], "a daemon that said it stopped is gone from the list");
    assert.equal(byId.get("killed")!.down, true);
    const silent = byId.get("killed")!.silentForMs;
    assert.ok(silent >= 5 * 60_000 && silent < 6 * 60_000, `silent for ${silent} ms`);
    assert.equal(byId.get("just-late")!.down, false, "a heartbeat missed within the timeout is not yet down");
    assert.equal(byId.get("there")!.down, false);
    assert.ok(byId.get("there")!.silentForMs < 10_000);

    // It beats again (restarted under its id): up.
    await heartbeat(t.database.db, "killed");
    const again = (await as(services, admin).machines.current()).others.find((d) => d.id === "killed")!;
    assert.equal(again.down, false);
    await t.database.db.execute(`delete from daemons where id in ('killed', 'just-late', 'stopped')`);
  });

  test("a GPU host: each GPU as nvidia-smi reports it, with the runs placed on it", async () => {
    const services = servicesWith([
      { id: "0", memoryMb: 81559 },
      { id: "1", memoryMb: 81559 },
    ]);
    workers = [
      { runId: runIds.a!, pid: process.pid, gpu: "1" },
      { runId: runIds.b!, pid: undefined, gpu: "1" },
    ];
    await services.machine.sample();
    const { here } = await as(services, admin).machines.current();
    assert.deepEqual(
      here.devices.map((d) => [d.kind, d.id, d.utilizationPercent, d.memoryUsedMb, d.runs.map((r) => r.key)]),
      [
        ["gpu", "0", 3, 500, []],
        ["gpu", "1", 97, 61234, ["a", "b"]],
      ],
    );
    assert.deepEqual([here.devices[1]!.runs[1]!.rssBytes, here.devices[1]!.runs[1]!.pid], [null, null], "a worker without a pid: memory unknown");
  });

  test("onSamples: the samples kept, then each new one; resuming after a sample's time sends only later ones", async () => {
    const services = servicesWith([]);
    workers = [];
    const first = await services.machine.sample();
    const second = await services.machine.sample();
    const listen = async (lastEventId: string | null, count: number, meanwhile: () => Promise<unknown>) => {
      const controller = new AbortController();
      const stream = (await as(services, admin, controller.signal).machines.onSamples({ lastEventId })) as AsyncIterable<[string, MachineSample[]]>;
      const got: Array<[string, number[]]> = [];
      const reading = (async () => {
        for await (const [id, samples] of stream) {
          got.push([id, samples.map((s) => s.time)]);
          if (got.length === count) break;
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await meanwhile();
      await reading;
      controller.abort();
      return got;
    };
    let third: MachineSample | undefined;
    const all = await listen(null, 2, async () => (third = await services.machine.sample()));
    assert.deepEqual(all, [
      [String(second.time), [first.time, second.time]],
      [String(third!.time), [third!.time]],
    ]);
    const resumed = await listen(String(first.time), 1, () => Promise.resolve());
    assert.deepEqual(resumed, [[String(third!.time), [second.time, third!.time]]]);
  });

  test("only signed-in users may look", async () => {
    const services = servicesWith([]);
    await assert.rejects(as(services, null).machines.current(), { code: "UNAUTHORIZED" });
    await assert.rejects(
      (async () => {
        const stream = (await as(services, null).machines.onSamples({})) as AsyncIterable<unknown>;
        for await (const _ of stream) break;
      })(),
      { code: "UNAUTHORIZED" },
    );
  });
});
