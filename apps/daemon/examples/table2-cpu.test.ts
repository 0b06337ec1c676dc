import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, before, test } from "node:test";
import { startTestDaemon, type TestDaemon } from "../test/harness.ts";

const example = fileURLToPath(new URL("./table2-cpu.ts", import.meta.url));
const daemonRoot = fileURLToPath(new URL("..", import.meta.url));

let t: TestDaemon;
before(async () => {
  t = await startTestDaemon();
});
after(() => t.stop());

// The daemon's own Table 2 check as well: one miniature Table 2 (17 runs) serves both.
test("the README's example script queues a miniature Table 2, waits on the WebSocket and prints the table; the daemon pre-trains before it fine-tunes and fills every cell", async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", example, "--url", t.daemon.url, "--token", t.token, "--miniature", "--format", "markdown"],
    { cwd: daemonRoot, timeout: 600_000, env: { ...process.env, MINIMA_TOKEN: "", MINIMA_URL: "" } },
  );
  const id = /queued experiment (\S+) \(table2-ablation/.exec(stdout)?.[1];
  assert.ok(id, stdout);
  assert.match(stdout, /\[17\/17\] run \w{8} succeeded/, "progress came from the run events");
  assert.match(stdout, /17 of 17 runs succeeded/);
  const rows = stdout.split("\n").filter((line) => line.startsWith("|"));
  assert.equal(rows.length, 2 + 8, "header, rule and the eight modes");
  assert.match(rows.join("\n"), /±/);
  const { api } = t.client;
  const { experiment, runs } = await api.experiments.get.query({ id });
  assert.equal(experiment.runCounts.succeeded, 17);
  const pretrain = runs.find((r) => r.key === "pretrain/s1")!;
  for (const run of runs.filter((r) => r.key.startsWith("adversarial/"))) {
    assert.ok(run.startedAt! >= pretrain.finishedAt!, `${run.key} started after the pre-training finished`);
  }
  const table = await api.tables.table2.query({ experimentId: id });
  assert.equal(table.rows.length, 8);
  for (const row of table.rows) {
    for (const init of ["random", "adversarial"] as const) {
      for (const split of ["train", "test"] as const) {
        const cell = row.cells[init][split];
        assert.equal(cell.stats.n, 1, `${row.mode}/${init}/${split} has its one seed`);
        assert.ok(cell.stats.mean >= 0 && cell.stats.mean <= 100);
        assert.ok(cell.published, "the paper's value is beside it");
      }
    }
  }
});
