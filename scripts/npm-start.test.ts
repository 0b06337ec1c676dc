// `npm start` is one service: the daemon and the dashboard stop together, whichever goes first or
// however `npm start` itself ends, and the next start finds its ports free.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { alive, childrenOf } from "../apps/daemon/test/processes.ts";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = mkdtempSync(path.join(tmpdir(), "minima-npm-start-"));
const started: ChildProcess[] = [];
after(() => {
  for (const child of started) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.end(() => resolve(true)));
    socket.once("error", () => resolve(false));
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  daemon: number;
  web: number;
}

/** `npm start`'s script, on fresh ports and a temporary data directory, once the dashboard answers. */
async function npmStart(ports: { web: number; api: number }): Promise<Running> {
  const child = spawn(process.execPath, ["scripts/bootstrap.mjs", "start"], {
    cwd: root,
    env: { ...process.env, MINIMA_WEB_PORT: String(ports.web), MINIMA_PORT: String(ports.api), MINIMA_DATA_DIR: dataDir, MINIMA_CONCURRENCY: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 240_000;
  while (!(output.includes("minima is running") && (await listening(ports.web)))) {
    if (child.exitCode !== null) assert.fail(`npm start ended before it was running:\n${output}`);
    if (Date.now() > deadline) assert.fail(`npm start was not running within 4 min:\n${output}`);
    await sleep(250);
  }
  const kids = childrenOf(child.pid!);
  const daemon = kids.find((k) => k.args.includes("minima.mjs daemon"))?.pid;
  const web = kids.find((k) => k.args.includes("serve.mjs"))?.pid;
  assert.ok(daemon && web, `the daemon and the dashboard are npm start's children: ${JSON.stringify(kids)}`);
  return { child, output: () => output, exited, daemon, web };
}

async function gone(pids: number[], ports: number[], within = 15_000): Promise<void> {
  const deadline = Date.now() + within;
  for (;;) {
    const left = pids.filter(alive);
    const held = [];
    for (const port of ports) if (await listening(port)) held.push(port);
    if (left.length === 0 && held.length === 0) return;
    if (Date.now() > deadline) assert.fail(`still there after ${within} ms: processes ${left.join(", ") || "none"}, ports ${held.join(", ") || "none"}`);
    await sleep(200);
  }
}

test("killing the daemon stops the dashboard; SIGTERM stops both calmly; a killed npm start leaves nothing behind", async () => {
  const ports = { web: await freePort(), api: await freePort() };

  const first = await npmStart(ports);
  process.kill(first.daemon, "SIGKILL");
  const end = await first.exited;
  assert.notEqual(end.code, 0);
  assert.match(first.output(), /The daemon exited unexpectedly \(SIGKILL\).*Everything minima started has stopped/s);
  await gone([first.web], [ports.web, ports.api]);

  const second = await npmStart(ports);
  second.child.kill("SIGTERM");
  assert.deepEqual(await second.exited, { code: 0, signal: null });
  assert.match(second.output(), /minima stopped\./);
  assert.doesNotMatch(second.output(), /✖/, "a normal stop is not reported as a failure");
  await gone([second.daemon, second.web], [ports.web, ports.api]);

  const third = await npmStart(ports);
  third.child.kill("SIGKILL");
  await gone([third.daemon, third.web], [ports.web, ports.api]);
});
