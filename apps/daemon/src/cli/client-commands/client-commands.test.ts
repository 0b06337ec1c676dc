import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { createMinimaClient } from "../../client/index.ts";
import { minimaBin, startTestDaemon, waitFor, type TestDaemon } from "../../../test/harness.ts";

const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** `minima ...` as its own process (the daemon runs in this one, so never spawnSync). */
async function minima(args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [minimaBin, ...args], {
      env: { ...process.env, MINIMA_URL: "", MINIMA_TOKEN: "", ...env },
      timeout: 240_000,
      maxBuffer: 16 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("the client commands drive a daemon over the typed client", () => {
  let t: TestDaemon;
  let env: Record<string, string>;
  before(async () => {
    t = await startTestDaemon();
    env = { MINIMA_URL: t.daemon.url, MINIMA_TOKEN: t.token };
  });
  after(() => t.stop());

  test("queue a preset, list it, watch a run to its end, read the experiment's status", async () => {
    const queued = await minima(["queue", "--preset", "figure1-toy", "--option", "epochScale=0.002", "--json"], env);
    assert.equal(queued.code, 0, queued.stderr);
    const { id, runs } = JSON.parse(queued.stdout) as { id: string; runs: Array<{ id: string; key: string; epochs: number }> };
    assert.deepEqual(runs.map((r) => r.key), ["a", "b", "c", "d"]);
    const b = runs.find((r) => r.key === "b")!;

    const [listing, watched] = await Promise.all([minima(["queue"], env), minima(["watch", b.id], env)]);
    assert.equal(listing.code, 0, listing.stderr);
    assert.match(listing.stdout, new RegExp(`${id}\\s+figure1-toy\\s+(queued|running)\\s+`));

    assert.equal(watched.code, 0, watched.stderr);
    const stored = await t.client.api.runs.metrics.query({ id: b.id });
    const epochs = [...new Set(stored.filter((p) => p.name === "test_acc").map((p) => p.epoch))];
    assert.equal(epochs.length, b.epochs, "(b) reported every epoch");
    const lines = watched.stdout.trim().split("\n");
    const perEpoch = lines.filter((l) => /^train epoch \d+\/200: /.test(l));
    assert.ok(perEpoch.length >= b.epochs - 1, `piped, one line per epoch before the last (${perEpoch.length})`);
    assert.match(lines.at(-4)!, /\[█+\] 200\/200 epochs 100%/);
    const sparkline = new RegExp(`^test_acc {3}[▁▂▃▄▅▆▇█]{${Math.min(200, 58)}} `);
    assert.match(lines.at(-2)!, sparkline, "a sparkline of the test accuracy across the terminal width");
    assert.match(lines.at(-5)!, /— succeeded$/);

    await waitFor("the experiment to finish", async () => (await t.client.api.experiments.get.query({ id })).experiment.runCounts.succeeded === 4);
    const status = await minima(["status", id], env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Figure 1/);
    for (const run of runs) assert.match(status.stdout, new RegExp(`${run.id}\\s+${run.key}\\s+succeeded\\s+${run.epochs}/${run.epochs}\\s+tensorflow`));
    const daemon = await minima(["status", "--json"], env);
    const summary = JSON.parse(daemon.stdout) as { queue: { byStatus: Record<string, number> } };
    assert.equal(summary.queue.byStatus.succeeded, 4);
  });

  test("cancel stops a queued run once; table2 exports in each format; mistakes get a plain answer", async () => {
    // fresh: the first test trained this plan already, and its finished runs would be reused.
    // (d) waits for (b), whose 10,000 epochs last seconds even with the wasm step: (d) is still queued when cancelled.
    const { id } = await t.client.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.1 }, fresh: true });
    const { runs } = await t.client.api.experiments.get.query({ id });
    const d = runs.find((r) => r.key === "d")!;
    const [cancelled, csv, latex, noToken, badId, wrongToken, nowhere, badOption] = await Promise.all([
      minima(["cancel", d.id], env),
      minima(["table2", id, "--format", "csv"], env),
      minima(["table2", id, "--format", "latex"], env),
      minima(["status"], { MINIMA_URL: t.daemon.url }),
      minima(["watch", "../../etc/passwd"], env),
      minima(["queue"], { MINIMA_URL: t.daemon.url, MINIMA_TOKEN: "mnm_wrong" }),
      minima(["queue", "--url", "http://127.0.0.1:9"], env),
      minima(["queue", "--preset", "figure1-toy", "--option", "epochScale"], env),
    ]);
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.match(cancelled.stdout, new RegExp(`cancelled run ${d.id} .*now cancelled`));
    const again = await minima(["cancel", d.id], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /minima cancel: Run .* has already cancelled/);

    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout, /^mode,init,split,n,missing,mean,std,min,max,published_mean/);
    assert.equal(csv.stdout.trim().split("\n").length, 1 + 8 * 4, "one record per cell of the eight modes");
    assert.match(latex.stdout, /\\begin\{tabular\}/);

    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /no token\. Pass --token or set MINIMA_TOKEN/);
    assert.equal(badId.code, 2);
    assert.match(badId.stderr, /"\.\.\/\.\.\/etc\/passwd" is not a run id/);
    assert.equal(wrongToken.code, 1);
    assert.match(wrongToken.stderr, /refused the token: check --token/);
    assert.equal(nowhere.code, 1);
    assert.match(nowhere.stderr, /cannot reach the daemon at http:\/\/127\.0\.0\.1:9 .*Set --url or MINIMA_URL/);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /--option takes KEY=VALUE/);
    const extra = await minima(["cancel"], env);
    assert.equal(extra.code, 2);
    assert.match(extra.stderr, /takes 1 argument\(s\), got none/);
    await t.client.api.experiments.cancel.mutate({ id });
  });

  test("user: an admin creates a member, issues an expiring token that works, lists and revokes it", async () => {
    const created = await minima(["user", "create", "mia", "--role", "member"], env);
    assert.equal(created.code, 0, created.stderr);
    const issued = await minima(["user", "token", "mia", "--label", "ci", "--expires-in", "30d"], env);
    assert.equal(issued.code, 0, issued.stderr);
    const token = /MINIMA_TOKEN=(\S+)/.exec(issued.stdout)![1]!;
    assert.match(issued.stdout, /for mia, expires 20\d\d-/);
    const mia = createMinimaClient({ url: t.daemon.url, token });
    assert.equal((await mia.api.auth.whoami.query())?.role, "member");
    const [listed, tokens, asMember, badRole] = await Promise.all([
      minima(["user", "list"], env),
      minima(["user", "tokens", "mia", "--json"], env),
      minima(["user", "list"], { MINIMA_URL: t.daemon.url, MINIMA_TOKEN: token }),
      minima(["user", "create", "bob", "--role", "owner"], env),
    ]);
    assert.match(listed.stdout, /mia\s+member\s+1/);
    const [row] = JSON.parse(tokens.stdout) as Array<{ id: string; label: string; state: string }>;
    assert.deepEqual([row!.label, row!.state], ["ci", "live"]);
    assert.equal(asMember.code, 1);
    assert.match(asMember.stderr, /This needs the admin role; mia is a member/);
    assert.equal(badRole.code, 1);
    assert.match(badRole.stderr, /role: /);
    const revoked = await minima(["user", "revoke", row!.id], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    await assert.rejects(mia.api.auth.whoami.query(), /This token is not accepted: it was revoked/);
    await mia.close();
  });
});
