import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { RunUpdate } from "@minima/metrics";
import { createMinimaClient, type MinimaClient } from "../client/index.ts";
import { spawnDaemon, waitFor, type DaemonProcess } from "../../test/harness.ts";
import { freePort, stopDaemon } from "../../test/restarts.ts";
import { eventIdOf, watchRuns, type ReceivedUpdate, type RunWatcher } from "../../test/run-watcher.ts";

// One daemon's data directory and port, restarted under a dashboard-style subscriber (`live`)
// that is never resubscribed by hand. The tests run in order and continue one story.
describe("live run status across daemon restarts", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "minima-live-status-test-"));
  const spawned: DaemonProcess[] = [];
  const clients: MinimaClient[] = [];
  let port: number;
  let token: string;
  let daemon: DaemonProcess;
  let client: MinimaClient;
  let live: RunWatcher;
  let runs: Record<"a" | "b" | "c" | "d", string>;
  /** The id a second client held when it went away, with run (b) still running. */
  let awayId: string;

  async function startDaemonProcess(): Promise<DaemonProcess> {
    daemon = await spawnDaemon(["--data-dir", dataDir, "--port", String(port), "--concurrency", "2"]);
    spawned.push(daemon);
    return daemon;
  }
  const connect = () => {
    const c = createMinimaClient({ url: daemon.url, token });
    clients.push(c);
    return c;
  };
  const runOf = (id: string) => client.api.runs.get.query({ id });
  /** The first update of `runId` that passes `check`, among those received on `connection` (any if absent). */
  const seen = (watcher: RunWatcher, runId: string, check: (u: RunUpdate) => boolean, timeoutMs = 120_000, connection?: number) => {
    const wanted = (r: ReceivedUpdate) => r.update.runId === runId && (connection === undefined || r.connection === connection) && check(r.update);
    return waitFor(`the subscriber to see run ${runId} so`, () => Promise.resolve(watcher.received.find(wanted)), timeoutMs);
  };
  const onConnection = (n: number) => live.received.filter((r) => r.connection === n);

  before(async () => {
    port = await freePort();
    await startDaemonProcess();
    token = /MINIMA_TOKEN=(\S+)/.exec(daemon.output())![1]!;
    client = connect();
    live = watchRuns(client);
    await waitFor("the subscription to start", () => Promise.resolve(live.connections() === 1));
  });

  after(async () => {
    live?.stop();
    for (const c of clients) await c.close().catch(() => undefined);
    for (const d of spawned) d.child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("kill -9 and a restart on the same port: the subscriber reconnects by itself and sees the next status change", async () => {
    // (b) trains 10,000 epochs: seconds, long enough to be running when the daemon dies; (c) and
    // (d) wait for it, so they can be paused and resumed meanwhile without being claimed.
    const { id } = await client.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.1 } });
    runs = Object.fromEntries((await client.api.experiments.get.query({ id })).runs.map((r) => [r.key, r.id])) as typeof runs;
    // Many changes on the first daemon: a per-process counter would end far above where the next daemon's starts.
    for (let i = 0; i < 10; i++) {
      for (const key of ["c", "d"] as const) {
        await client.api.runs.pause.mutate({ id: runs[key] });
        await client.api.runs.resume.mutate({ id: runs[key] });
      }
    }
    await client.api.runs.pause.mutate({ id: runs.c });

    const away = watchRuns(connect());
    await seen(away, runs.b, (u) => u.status === "running" && u.epoch > 0);
    away.stop();
    awayId = away.lastId()!;
    assert.equal(away.view().get(runs.b)?.status, "running", "the second client last saw (b) running");
    const lastPause = (await client.api.runs.events.query({ id: runs.c })).at(-1)!.id;
    await waitFor("the subscriber to see the last pause", () => Promise.resolve(live.received.some((r) => r.update.eventId === lastPause)));
    const b = await runOf(runs.b);
    assert.ok(b.status === "running" && b.epoch < b.epochs, "(b) is still training when the daemon is killed; make it longer");

    await stopDaemon(daemon, "SIGKILL");
    await startDaemonProcess();
    await waitFor("the subscriber to reconnect by itself", () => Promise.resolve(live.connections() === 2), 60_000);
    const before = onConnection(1);
    const lastBefore = Math.max(...before.map((r) => eventIdOf(r.id)));

    const resumed = await client.api.runs.resume.mutate({ id: runs.c });
    assert.equal(resumed.status, "queued");
    const change = await seen(live, runs.c, (u) => u.status === "queued", 30_000, 2);
    assert.ok(eventIdOf(change.id) > lastBefore, `its id (${change.id}) comes after the last one before the restart (${lastBefore})`);
    assert.equal(change.id, String(change.update.eventId), "a recorded change is tracked by its event row id");
    const sinceRestart = onConnection(2).indexOf(change) + 1;
    const counters = `the old daemon sent ${before.length} updates, the new one ${sinceRestart} up to this change`;
    assert.ok(sinceRestart < before.length, `${counters}: a per-process counter would be behind`);
    assert.ok(onConnection(2).every((r) => eventIdOf(r.id) > lastBefore), "every id after the restart is past every id before it");
    // "<eventId>" or "<eventId>.<n>", never behind the event that recorded the update it carries.
    assert.ok(live.received.every((r) => /^\d+(\.\d+)?$/.test(r.id) && (r.update.eventId === null || eventIdOf(r.id) >= r.update.eventId)));

    for (const key of ["b", "c", "d"] as const) {
      await waitFor(`(${key}) to succeed`, async () => (await runOf(runs[key])).status === "succeeded", 180_000);
    }
    const shown = await waitFor("the subscriber to show every run finished", () => {
      const view = live.view();
      return Promise.resolve(Object.values(runs).every((id) => view.get(id)?.status === "succeeded") && view);
    }, 10_000);
    for (const runId of Object.values(runs)) {
      const update = shown.get(runId)!;
      assert.equal(update.epoch, update.epochs, "a finished run is shown at its last epoch, not where it was when the daemon died");
    }
    const bEvents = (await client.api.runs.events.query({ id: runs.b })).map((e) => e.type);
    assert.ok(bEvents.includes("run.requeued"), `(b) was taken back after the kill: ${bEvents.join(", ")}`);
    assert.deepEqual(live.errors, []);
  });

  test("a client that comes back with the lastEventId it had gets the current state of what changed meanwhile", async () => {
    assert.ok(awayId, "the previous test recorded where the second client left");
    const back = watchRuns(connect(), { lastEventId: awayId });
    const state = await seen(back, runs.b, () => true, 10_000);
    assert.deepEqual([state.update.status, state.update.epoch], ["succeeded", state.update.epochs], "(b) finished while the client was away");
    assert.equal(state.update.eventId, null, "it is the run's current row, sent before any live update");
    assert.ok(eventIdOf(state.id) > eventIdOf(awayId));
    const allShown = () => Object.values(runs).every((id) => back.view().get(id)?.status === "succeeded");
    await waitFor("every run of the experiment", () => Promise.resolve(allShown()), 10_000);
    back.stop();

    // An id this database never handed out (an old daemon's counter ran far ahead of the event ids).
    const stranger = watchRuns(connect(), { lastEventId: "900000000" });
    assert.equal((await seen(stranger, runs.b, () => true, 10_000)).update.status, "succeeded");
    stranger.stop();

    // The same over HTTP (server-sent events), the browser's EventSource resuming with its header.
    const url = `${daemon.url}/trpc/runs.onEvent?input=${encodeURIComponent("{}")}`;
    const headers = { authorization: `Bearer ${token}`, "last-event-id": awayId };
    const sse = await sseUpdates(url, headers, (updates) => updates.some((u) => u.data.runId === runs.b));
    const overHttp = sse.find((u) => u.data.runId === runs.b)!;
    assert.equal(overHttp.data.status, "succeeded");
    assert.ok(eventIdOf(overHttp.id) > eventIdOf(awayId));
  });

  test("SIGTERM and a restart: the subscriber is told to reconnect and sees the new daemon's changes", async () => {
    assert.equal(await stopDaemon(daemon, "SIGTERM"), 0, `a clean exit: ${daemon.output()}`);
    await startDaemonProcess();
    await waitFor("the subscriber to reconnect by itself", () => Promise.resolve(live.connections() === 3), 60_000);
    const lastBefore = Math.max(...onConnection(2).map((r) => eventIdOf(r.id)));
    const { id } = await client.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.1, seed: 7 } });
    // (b): 10,000 epochs, still running when cancelled.
    const b = (await client.api.experiments.get.query({ id })).runs.find((r) => r.key === "b")!;
    // Its first update on the new daemon (the run was created) and the claim that follows.
    const created = await seen(live, b.id, (u) => u.status === "queued", 10_000, 3);
    const claimed = await seen(live, b.id, (u) => u.status === "running", 60_000, 3);
    assert.ok(eventIdOf(created.id) > lastBefore, `${created.id} comes after ${lastBefore}`);
    assert.ok(eventIdOf(claimed.id) > eventIdOf(created.id));
    await client.api.experiments.cancel.mutate({ id });
    await seen(live, b.id, (u) => u.status === "cancelled", 30_000, 3);
    assert.deepEqual(live.errors, []);
    assert.equal(await stopDaemon(daemon, "SIGTERM"), 0);
  });
});

interface SseUpdate {
  id: string;
  data: RunUpdate;
}

/** Reads a server-sent event stream until `enough` says so: each event's id and JSON data. */
async function sseUpdates(url: string, headers: Record<string, string>, enough: (updates: SseUpdate[]) => boolean): Promise<SseUpdate[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 10_000);
  const updates: SseUpdate[] = [];
  try {
    const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
    assert.equal(response.status, 200);
    const decoder = new TextDecoder();
    let text = "";
    for await (const chunk of response.body!) {
      text += decoder.decode(chunk as Uint8Array, { stream: true });
      const blocks = text.split("\n\n");
      text = blocks.pop()!;
      for (const block of blocks) {
        const id = /^id: ?(.*)$/m.exec(block)?.[1];
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        if (id && data) updates.push({ id, data: JSON.parse(data) as RunUpdate });
      }
      if (enough(updates)) return updates;
    }
    throw new Error("the event stream ended early");
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
