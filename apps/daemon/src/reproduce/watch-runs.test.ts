import assert from "node:assert/strict";
import { test } from "node:test";
import type { MinimaClient } from "../client/index.ts";
import type { RunProgress } from "./progress.ts";
import { watchRuns } from "./watch-runs.ts";

/** A daemon that answers `experiments.get` from a script of states, failing where the script says. */
function scriptedApi(script: Array<RunProgress[] | Error>): { api: MinimaClient["api"]; calls: () => number } {
  let calls = 0;
  const api = {
    experiments: {
      get: {
        query: () => {
          const step = script[Math.min(calls++, script.length - 1)]!;
          return step instanceof Error ? Promise.reject(step) : Promise.resolve({ runs: step });
        },
      },
    },
  } as unknown as MinimaClient["api"];
  return { api, calls: () => calls };
}

const run = (status: RunProgress["status"], epoch = 0): RunProgress => ({ key: "a", kind: "toy", status, epoch, epochs: 2, startedAt: null, finishedAt: null });

test("watchRuns prints a line per change, rides out an unreachable daemon, and returns once nothing is queued or running", async () => {
  const { api, calls } = scriptedApi([[run("queued")], [run("queued")], new Error("fetch failed"), [run("running", 1)], [run("running", 2)], [run("succeeded", 2)]]);
  const lines: string[] = [];
  const progress = await watchRuns(api, [{ name: "toy", id: "x" }], { intervalMs: 1, print: (l) => lines.push(l) });
  assert.equal(calls(), 6, "a run at its last epoch is still waited for");
  assert.equal(progress.succeeded, 1);
  assert.deepEqual(lines.map((l) => l.replace(/ · ETA [^·]*· /, " · ")), [
    "runs 0/1 done · toy 0/1",
    "cannot read progress (fetch failed); retrying",
    "runs 0/1 done (1 running) · toy 0/1",
    "runs 1/1 done · toy 1/1",
  ]);
});

test("watchRuns gives up on an error the daemon itself returned, and after its patience runs out", async () => {
  const refused = Object.assign(new Error("No experiment x."), { data: { code: "NOT_FOUND" } });
  await assert.rejects(watchRuns(scriptedApi([refused]).api, [{ name: "toy", id: "x" }], { intervalMs: 1, print: () => undefined }), /No experiment x/);
  const down = scriptedApi([new Error("fetch failed")]);
  await assert.rejects(watchRuns(down.api, [{ name: "toy", id: "x" }], { intervalMs: 5, patienceMs: 30, print: () => undefined }), /fetch failed/);
  assert.ok(down.calls() >= 3, `retried ${down.calls()} times`);
});

test("watchRuns names each run that failed as soon as it is seen, once, and again after a retry fails", async () => {
  const failed = (error: string): RunProgress => ({ ...run("failed"), key: "adversarial/momentum/s1", error });
  const nan = "The training loss became NaN at epoch 4, step 26; the run is stopped.\n    at Trainer.step (trainer.ts:1)";
  const { api } = scriptedApi([[run("running", 1)], [failed(nan), run("running", 1)], [failed(nan), run("running", 2)], [{ ...failed(nan), status: "queued" }, run("succeeded", 2)], [failed("out of memory"), run("succeeded", 2)]]);
  const lines: string[] = [];
  await watchRuns(api, [{ name: "table2", id: "x" }], { intervalMs: 1, heartbeatMs: 1e9, print: (l) => lines.push(l) });
  assert.deepEqual(
    lines.filter((l) => !l.startsWith("runs ")),
    ["table2: run adversarial/momentum/s1 failed: The training loss became NaN at epoch 4, step 26; the run is stopped.", "table2: run adversarial/momentum/s1 failed: out of memory"],
  );
});
