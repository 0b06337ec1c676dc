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

test("the README's example script queues a miniature Table 2, waits on the WebSocket and prints the table", async () => {
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
  const { experiment } = await t.client.api.experiments.get.query({ id });
  assert.equal(experiment.runCounts.succeeded, 17);
});
