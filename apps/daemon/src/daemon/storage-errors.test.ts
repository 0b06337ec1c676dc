import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { createMinimaClient, type MinimaClient } from "../client/index.ts";
import { spawnDaemon, waitFor, type DaemonProcess } from "../../test/harness.ts";

const root = mkdtempSync(path.join(tmpdir(), "minima-storage-test-"));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

/** A run's state, once it is no longer queued or running. */
async function settled(client: MinimaClient, experimentId: string, key: string) {
  return waitFor(
    `run ${key} to end`,
    async () => {
      const run = (await client.api.experiments.get.query({ id: experimentId })).runs.find((r) => r.key === key)!;
      return run.status === "queued" || run.status === "running" ? null : run;
    },
    120_000,
  );
}

const up = (d: DaemonProcess) => d.child.exitCode === null && d.child.signalCode === null;

// As root, chmod cannot make a folder read-only, so a folder replaced by a plain file stands in
// for a store that refuses writes: every write under it fails (ENOTDIR), as on a read-only or full disk.
test("an artifact store that refuses writes fails the run it touches with the path, the cause and what to do; the daemon serves the next run", async () => {
  const artifacts = path.join(root, "artifacts");
  const daemon = await spawnDaemon(["--data-dir", path.join(root, "data"), "--concurrency", "2"], { MINIMA_ARTIFACTS_DIR: artifacts });
  children.push(daemon.child);
  const client = createMinimaClient({ url: daemon.url, token: /MINIMA_TOKEN=(\S+)/.exec(daemon.output())![1]! });
  const { api } = client;

  // Mid-run: (b)'s folder becomes a file while it trains; its worker cannot write its weights.
  const first = await api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.02 } });
  const b = await waitFor("(b) to be training", async () => {
    const run = (await api.experiments.get.query({ id: first.id })).runs.find((r) => r.key === "b")!;
    return run.status === "running" && run.epoch > 0 ? run : null;
  }, 120_000);
  const folder = path.join(artifacts, "runs", b.id);
  rmSync(folder, { recursive: true, force: true });
  writeFileSync(folder, "not a folder");
  const failed = await settled(client, first.id, "b");
  assert.equal(failed.status, "failed");
  assert.match(failed.error!, /^Writing its files \(mkdir\) failed: not a directory \(ENOTDIR\) at /);
  assert.ok(failed.error!.includes(`${folder} is a file where a folder should be: move it away, or point MINIMA_ARTIFACTS_DIR elsewhere`), failed.error!);
  assert.equal((await settled(client, first.id, "a")).status, "succeeded", "(a), before it, was served");

  // At claim: the whole store is a file now; a run fails before any worker starts, naming it.
  renameSync(artifacts, `${artifacts}.away`);
  writeFileSync(artifacts, "not a folder");
  const second = await api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.002 } });
  const refused = await settled(client, second.id, "a");
  assert.equal(refused.status, "failed");
  assert.match(refused.error!, /^Making the run's folder failed: not a directory \(ENOTDIR\) at /);
  assert.ok(refused.error!.includes(`${artifacts} is a file where a folder should be`), refused.error!);
  const { lines } = await api.runs.logs.query({ id: refused.id });
  assert.ok(lines.some((l) => l.text === `failed: ${refused.error}`), "the run's log says why");
  assert.ok(up(daemon), "the daemon is still up");

  // The store is back: the daemon serves the next run.
  rmSync(artifacts);
  renameSync(`${artifacts}.away`, artifacts);
  await api.runs.retry.mutate({ id: refused.id });
  assert.equal((await settled(client, second.id, "a")).status, "succeeded");
  assert.ok(up(daemon), "the daemon is still up");
  await client.close();
  daemon.child.kill("SIGTERM");
});
