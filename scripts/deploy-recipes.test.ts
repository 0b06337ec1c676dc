// The service recipes in deploy/ work as written: the systemd unit's command and environment start
// minima over HTTPS and stop it cleanly on its kill signal; the nginx recipe, served by a real
// nginx, carries the dashboard, the API and its live streams on one HTTPS origin; the container
// images run the same command and probe, from files that exist.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { DAEMON_SETTINGS, DASHBOARD_SETTINGS } from "../apps/daemon/src/daemon/settings.ts";
import { waitFor } from "../apps/daemon/test/harness.ts";
import { freePort } from "../apps/daemon/test/restarts.ts";
import { selfSignedCertificate, type SelfSigned } from "../apps/daemon/test/self-signed.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const deploy = (file: string) => readFileSync(path.join(root, "deploy", file), "utf8");
/** What `bootstrap.mjs serve` reads: the daemon's and the dashboard's settings, and the datasets' and engine's variables. */
const SERVICE_VARIABLES = new Set([
  ...[...Object.values(DAEMON_SETTINGS), ...Object.values(DASHBOARD_SETTINGS)].map((s) => s.env),
  "MINIMA_DATASETS",
  "MINIMA_ENGINE",
  "NEXT_TELEMETRY_DISABLED",
]);

const dirs: string[] = [];
const groups: ChildProcess[] = [];
after(() => {
  for (const child of groups) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `minima-${name}-`));
  dirs.push(dir);
  return dir;
}

/** A unit file's [Service] entries; Environment= lines gathered into one map. */
function parseUnit(text: string) {
  const entries = new Map<string, string>();
  const environment: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^(\w+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, key, value] = match as unknown as [string, string, string];
    if (key === "Environment") {
      const [name, ...rest] = value.split("=");
      environment[name!] = rest.join("=");
    } else entries.set(key, value);
  }
  return { entries, environment };
}

/** GET over HTTPS trusting `cert`: status, headers and body. */
function httpsGet(url: string, cert: SelfSigned): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: cert.certPem, timeout: 10_000 }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      })
      .on("error", reject);
  });
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve({ code: child.exitCode, signal: child.signalCode }) : child.once("exit", (code, signal) => resolve({ code, signal })),
  );

/** Starts a command in its own process group, as a service manager does; its output is kept. */
function startService(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  groups.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** The typed client, in a process that trusts `cert` the standard way (NODE_EXTRA_CA_CERTS): a query, then a live event. */
function clientThrough(url: string, token: string, cert: SelfSigned) {
  const script = `
    const { createMinimaClient } = await import(${JSON.stringify(path.join(root, "apps/daemon/src/client/index.ts"))});
    const { api, close } = createMinimaClient({ url: ${JSON.stringify(url)}, token: ${JSON.stringify(token)} });
    const health = await api.system.health.query();
    const event = await new Promise((resolve, reject) => {
      const sub = api.runs.onEvent.subscribe({}, { onData: ({ data }) => { sub.unsubscribe(); resolve(data); }, onError: reject });
      api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.001 } }).catch(reject);
    });
    console.log(JSON.stringify({ health, event }));
    await close();
    process.exit(0);`;
  return spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: cert.certFile },
  });
}
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}


test("the systemd unit: its command and environment serve minima over HTTPS, and its kill signal stops everything cleanly", async () => {
  const { entries, environment } = parseUnit(deploy("minima.service"));
  assert.equal(entries.get("Restart"), "on-failure");
  assert.equal(entries.get("KillMode"), "mixed", "SIGTERM to minima alone: the daemon decides how its workers stop");
  assert.ok(Number(entries.get("TimeoutStopSec")) > Number(DAEMON_SETTINGS.shutdownGraceMs.shownDefault), "systemd waits longer than runs may take to reach a checkpoint");
  for (const name of Object.keys(environment)) assert.ok(SERVICE_VARIABLES.has(name), `${name} is a setting minima reads`);

  const dir = tempDir("unit");
  mkdirSync(path.join(dir, "tls"));
  const cert = selfSignedCertificate(path.join(dir, "tls"));
  const port = await freePort();
  const env = {
    ...process.env,
    ...environment,
    MINIMA_DATA_DIR: path.join(dir, "data"),
    MINIMA_DATASETS: path.join(dir, "data", "datasets"),
    MINIMA_WEB_PORT: String(port),
    MINIMA_PORT: String(await freePort()),
    MINIMA_TLS_CERT: cert.certFile,
    MINIMA_TLS_KEY: cert.keyFile,
  };
  const [command, ...args] = entries.get("ExecStart")!.split(" ");
  assert.equal(command, "/usr/bin/node");
  const service = startService(process.execPath, args, env);
  await waitFor("the service's readiness probe to pass", () => Promise.resolve(spawnSync(process.execPath, ["scripts/healthcheck.mjs"], { cwd: root, env }).status === 0), 120_000);

  const page = await httpsGet(`https://127.0.0.1:${port}/`, cert);
  assert.equal(page.status, 200);
  assert.match(String(page.headers["strict-transport-security"]), /max-age=\d+/);
  const logLines = service.output().split("\n").filter((line) => line.startsWith("{"));
  assert.ok(logLines.length > 0 && logLines.every((line) => typeof (JSON.parse(line) as { msg?: unknown }).msg === "string"), "MINIMA_LOG_FORMAT=json: the daemon's log is JSON lines");

  process.kill(service.child.pid!, entries.get("KillSignal"));
  assert.deepEqual(await exitOf(service.child), { code: 0, signal: null }, service.output());
  // Helpers such as tsx's esbuild service end as their parent's pipe closes, a moment later.
  await waitFor("nothing of the service's process group to be left", () => Promise.resolve(!groupAlive(service.child.pid!)), 10_000);
  assert.equal(spawnSync(process.execPath, ["scripts/healthcheck.mjs"], { cwd: root, env }).status, 1, "the probe fails once it is gone");
});

test("the nginx recipe: dashboard, API and live streams through nginx on one HTTPS origin", async () => {
  const dir = tempDir("nginx");
  const cert = selfSignedCertificate(dir);
  const webPort = await freePort();
  const env = { ...process.env, MINIMA_DATA_DIR: path.join(dir, "data"), MINIMA_WEB_PORT: String(webPort), MINIMA_PORT: String(await freePort()) };
  const service = startService(process.execPath, ["scripts/bootstrap.mjs", "serve"], env);
  await waitFor("minima to be ready", () => Promise.resolve(spawnSync(process.execPath, ["scripts/healthcheck.mjs"], { cwd: root, env }).status === 0), 120_000);
  const token = /MINIMA_TOKEN=(\S+)/.exec(service.output())?.[1];
  assert.ok(token, "the first start prints the admin token");

  const edgePort = await freePort();
  const recipe = deploy("nginx/minima.conf")
    .replace("listen 443 ssl;", `listen 127.0.0.1:${edgePort} ssl;`)
    .replace("/etc/nginx/tls/minima/cert.pem", cert.certFile)
    .replace("/etc/nginx/tls/minima/key.pem", cert.keyFile)
    .replace("proxy_pass http://127.0.0.1:3000;", `proxy_pass http://127.0.0.1:${webPort};`);
  assert.ok(recipe.includes(`127.0.0.1:${edgePort}`) && recipe.includes(`127.0.0.1:${webPort}`), "the recipe still has the lines this test adapts");
  for (const temp of ["client", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(dir, temp));
  writeFileSync(
    path.join(dir, "nginx.conf"),
    `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  access_log off;\n` +
      ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${dir}/${t === "client_body" ? "client" : t};\n`).join("") +
      `${recipe}\n}\n`,
  );
  const nginx = startService("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off; master_process off;"], process.env);
  const edge = `https://127.0.0.1:${edgePort}`;
  await waitFor("nginx to answer", () => httpsGet(`${edge}/healthz`, cert).then((r) => r.status === 200, () => false), 20_000);

  const page = await httpsGet(`${edge}/`, cert);
  assert.equal(page.status, 200, nginx.output());
  assert.match(page.body, /<html/);
  assert.match(String(page.headers["content-security-policy"]), /frame-ancestors 'none'/);
  const through = clientThrough(edge, token, cert);
  assert.equal(through.status, 0, through.stderr);
  const { health, event } = JSON.parse(through.stdout.trim().split("\n").pop()!) as { health: unknown; event: { run?: { status?: string } } };
  assert.ok(health, "a query over HTTPS through nginx");
  assert.ok(event, "a live event over WebSocket (wss) through nginx");

  process.kill(nginx.child.pid!, "SIGTERM");
  process.kill(service.child.pid!, "SIGTERM");
  assert.equal((await exitOf(service.child)).code, 0, service.output());
  await exitOf(nginx.child);
});

test("the container images run the unit's command and probe, from files that exist", () => {
  const { entries } = parseUnit(deploy("minima.service"));
  const command = JSON.stringify(entries.get("ExecStart")!.split(" ").slice(1));
  const scripts = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  for (const file of ["docker/cpu.Dockerfile", "docker/nvidia.Dockerfile"]) {
    const text = deploy(file);
    assert.ok(text.includes(`CMD ["node", ${command.slice(1, -1).replaceAll(",", ", ")}]`), `${file} runs ${command}`);
    assert.match(text, /HEALTHCHECK [^\n]*CMD \["node", "scripts\/healthcheck.mjs"\]/);
    assert.match(text, /STOPSIGNAL SIGTERM/);
    for (const [, name] of text.matchAll(/npm run (\S+)/g)) assert.ok(scripts[name!], `${file}: npm run ${name} exists`);
    for (const [, name] of text.matchAll(/^\s*(?:ENV )?(MINIMA_\w+|NEXT_\w+)=/gm)) assert.ok(SERVICE_VARIABLES.has(name!), `${file}: ${name} is a setting minima reads`);
  }
});
