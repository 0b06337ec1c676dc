import assert from "node:assert/strict";
import { spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { minimaBin, spawnDaemon } from "../../test/harness.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "minima-cli-test-"));
const children: ChildProcess[] = [];

after(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

function minima(args: string[]) {
  return spawnSync(process.execPath, [minimaBin, ...args], { encoding: "utf8", timeout: 60_000 });
}

/** A daemon of this test, killed at the end whatever happens. */
async function startDaemon(args: string[]) {
  const daemon = await spawnDaemon(args);
  children.push(daemon.child);
  return daemon;
}

test("the daemon command: first start prints the admin token once; conflicts exit non-zero with a remedy; a lost token can be reissued", async () => {
  const first = await startDaemon(["--data-dir", dataDir]);
  assert.match(first.output(), /MINIMA_TOKEN=mnm_/);

  const sameDir = minima(["daemon", "--data-dir", dataDir, "--port", "0"]);
  assert.equal(sameDir.status, 1);
  assert.match(sameDir.stderr, new RegExp(`Another minima daemon \\(pid ${first.child.pid}, .*holds the data directory .*Stop it first, or start this one with another --data-dir`));

  const port = new URL(first.url).port;
  const samePort = minima(["daemon", "--data-dir", `${dataDir}/other`, "--port", port]);
  assert.equal(samePort.status, 1);
  assert.match(samePort.stderr, new RegExp(`Port ${port} on 127.0.0.1 is already in use.*--port`));

  const held = minima(["token", "--data-dir", dataDir]);
  assert.equal(held.status, 1, "no token is issued behind a running daemon's back");
  assert.match(held.stderr, /holds the data directory/);

  first.child.kill("SIGTERM");
  const code = await new Promise((resolve) => first.child.on("exit", resolve));
  assert.equal(code, 0, "SIGTERM stops the daemon cleanly");

  const token = minima(["token", "--user", "admin", "--data-dir", dataDir]);
  assert.equal(token.status, 0, token.stderr);
  const reissued = /MINIMA_TOKEN=(\S+)/.exec(token.stdout)![1]!;

  const again = await startDaemon(["--data-dir", dataDir]);
  const whoami = await fetch(`${again.url}/trpc/auth.whoami`, { headers: { authorization: `Bearer ${reissued}` } });
  assert.equal(((await whoami.json()) as { result: { data: { name: string } } }).result.data.name, "admin");
  assert.doesNotMatch(again.output(), /MINIMA_TOKEN/, "the token is shown only on the first start");
  again.child.kill("SIGTERM");
  await new Promise((resolve) => again.child.on("exit", resolve));
});

test("unknown commands, unknown flags and bad values are refused with help", () => {
  const unknown = minima(["frobnicate"]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  const flag = minima(["daemon", "--colour", "blue"]);
  assert.equal(flag.status, 2);
  assert.match(flag.stderr, /Unknown option .--colour.*minima help daemon/);
  const port = minima(["daemon", "--port", "http", "--data-dir", dataDir]);
  assert.equal(port.status, 1);
  assert.match(port.stderr, /Invalid settings: --port "http": the port must be a whole number.*minima help daemon/);
  const allocator = spawnSync(process.execPath, [minimaBin, "daemon", "--data-dir", dataDir], { encoding: "utf8", timeout: 60_000, env: { ...process.env, MINIMA_ALLOCATOR: "jemalloc" } });
  assert.equal(allocator.status, 1);
  assert.match(allocator.stderr, /minima daemon: MINIMA_ALLOCATOR must be "tcmalloc", "system" or unset/);
});

/** Runs `minima args` in a process that then says whether it loaded tfjs (any @tensorflow package) and the PostgreSQL driver. */
function modulesLoadedBy(args: string[]): { status: number | null; engine: boolean; database: boolean } {
  const probe = `
    import { createRequire } from "node:module";
    const { main } = await import(${JSON.stringify(new URL("./main.ts", import.meta.url).href)});
    const status = await main(JSON.parse(process.env.MINIMA_ARGS));
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log("PROBE " + JSON.stringify({ status, engine: loaded.some((m) => /[\\/]@tensorflow[\\/]/.test(m)), database: loaded.some((m) => /[\\/]pg[\\/]lib[\\/]/.test(m)) }));`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", probe], { encoding: "utf8", timeout: 60_000, env: { ...process.env, MINIMA_ARGS: JSON.stringify(args) } });
  const line = child.stdout.split("\n").find((l) => l.startsWith("PROBE "));
  assert.ok(line, `no probe line: ${child.stderr}`);
  return JSON.parse(line.slice(6)) as { status: number | null; engine: boolean; database: boolean };
}

test("help, an unknown command and the clients of a running daemon load neither the training engine nor the database drivers; the daemon loads no engine", () => {
  const offline = ["--url", "http://127.0.0.1:9", "--token", "mnm_x"];
  for (const args of [["help"], ["help", "status"], ["frobnicate"], ["status", ...offline], ["queue", ...offline]]) {
    const loaded = modulesLoadedBy(args);
    assert.deepEqual({ engine: loaded.engine, database: loaded.database }, { engine: false, database: false }, `minima ${args.join(" ")}`);
  }
  // The daemon's own process plans and supervises runs; only its workers train.
  assert.deepEqual(modulesLoadedBy(["daemon", "--help"]), { status: 0, engine: false, database: true });
  // What the probe sees when they are loaded: doctor loads the engine.
  assert.deepEqual(modulesLoadedBy(["doctor", "--data-dir", dataDir]), { status: 0, engine: true, database: false });
});

test("doctor reports the native engine, as text and as JSON", () => {
  const text = minima(["doctor", "--data-dir", dataDir]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /backend\s+tensorflow on (cpu|gpu)/);
  assert.match(text.stdout, /allocator\s+workers (preload tcmalloc|use the system malloc)/);
  const json = minima(["doctor", "--json", "--data-dir", dataDir]);
  const report = JSON.parse(json.stdout) as { engine: { backend: string; libtensorflowVersion: string }; dataDir: { path: string } };
  assert.equal(report.engine.backend, "tensorflow");
  assert.match(report.engine.libtensorflowVersion, /^\d+\.\d+/);
  assert.equal(report.dataDir.path, dataDir);
});

test("data lists the datasets, verifies Debian's Fashion-MNIST and fails --require on a missing one with where to put it", () => {
  const listing = minima(["data", "--root", path.join(dataDir, "datasets")]);
  assert.equal(listing.status, 0, listing.stderr);
  assert.match(listing.stdout, /✔ fashion-mnist .*\n\s+train-images-idx3-ubyte(\.gz)?\s+verified/);
  const required = minima(["data", "--root", path.join(dataDir, "datasets"), "--require", "cifar10"]);
  assert.equal(required.status, 1);
  assert.match(required.stderr, /cifar10 is required but missing\. Download .*cifar-10-batches-bin/);
  // Nothing listens on port 9 of localhost (discard): the download fails with what to do by hand.
  const offline = minima(["data", "--root", path.join(dataDir, "datasets"), "--download", "cifar100", "--mirror", "http://127.0.0.1:9"]);
  assert.equal(offline.status, 1);
  assert.match(offline.stderr, /could not reach http:\/\/127\.0\.0\.1:9\/cifar-100-binary\.tar\.gz .*Download it by hand: Download "CIFAR-100 binary version"/);
  assert.equal(minima(["data", "--download", "imagenet"]).status, 2);
});

test("train runs Algorithm 1's pre-training then fine-tuning with no daemon, writes checkpoints and metrics, and resumes", () => {
  const out = path.join(dataDir, "train-run");
  const args = ["train", "--profile", "cpu", "--dataset", "synthetic", "--train-subset", "200", "--test-subset", "100", "--init", "adversarial", "--pretrain-epochs", "1", "--replicas", "1", "--epochs", "2", "--out", out];
  const first = minima(args);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /pretrain: small-cnn on synthetic \(200 train, 100 test\), mode vanilla, 1 epochs/);
  assert.match(first.stdout, /train {4}epoch {4}2\/2 /);
  for (const dir of ["pretrain/epoch-0", "pretrain/final", "train/epoch-0", "train/final"]) {
    assert.ok(existsSync(path.join(out, dir, "model.json")), `${dir} checkpoint in tfjs layers format`);
  }
  const lines = readFileSync(path.join(out, "metrics.jsonl"), "utf8").trim().split("\n");
  assert.ok(lines.some((l) => (JSON.parse(l) as { phase: string }).phase === "pretrain"));
  const again = minima([...args, "--resume"]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /pretrain: already finished/);
  assert.match(again.stdout, /train: already finished/);
  const bad = minima(["train", "--mode", "fast"]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--mode must be one of vanilla, da, l2/);
});

test("train --preset figure1-toy trains (b) before (c) from its minimum, writes weights and rasters, and refuses image flags", () => {
  const out = path.join(dataDir, "toy-run");
  const run = minima(["train", "--preset", "figure1-toy", "--run", "c", "--epoch-scale", "0.0005", "--out", out]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /\(b\) random labels, random init: 50 epochs[\s\S]*\(c\) true labels from \(b\): 5 epochs/);
  assert.ok(!existsSync(path.join(out, "a")), "(a) is not needed for (c)");
  for (const key of ["b", "c"]) {
    assert.ok(existsSync(path.join(out, key, "weights", "weights.bin")));
    const boundary = JSON.parse(readFileSync(path.join(out, key, "boundary.json"), "utf8")) as { raster: { values: number[] } };
    assert.ok(boundary.raster.values.length > 100);
  }
  const runs = new Set(readFileSync(path.join(out, "metrics.jsonl"), "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { run: string }).run));
  assert.deepEqual([...runs], ["b", "c"]);
  const again = minima(["train", "--preset", "figure1-toy", "--run", "c", "--epoch-scale", "0.0005", "--out", out, "--resume"]);
  assert.match(again.stdout, /\(b\) random labels, random init: already finished[\s\S]*\(c\) true labels from \(b\): already finished/);
  const mixed = minima(["train", "--preset", "figure1-toy", "--model", "vgg16", "--out", path.join(dataDir, "never")]);
  assert.equal(mixed.status, 1);
  assert.match(mixed.stderr, /--model do not apply to --preset figure1-toy/);
  assert.ok(!existsSync(path.join(dataDir, "never")), "bad flags fail before anything is written");
  assert.match(minima(["train", "--preset", "cifar"]).stderr, /--preset must be one of table2-ablation, figure1-toy, table1-distances/);
});
