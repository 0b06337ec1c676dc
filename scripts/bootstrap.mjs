#!/usr/bin/env node
// The README's two commands. Needs only Node and npm:
//   npm start  → set up, then run the daemon and the dashboard on the embedded database
//   npm test   → set up, then run every test (unit, database, daemon, browser)
// and, for a service manager (deploy/), `node scripts/bootstrap.mjs serve`: run them, set up already.
// Set-up: pnpm (pinned by package.json's packageManager) into .tools/, the workspace install,
// the native TensorFlow engine, and the dashboard build.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const pnpmVersion = pkg.packageManager.split("@")[1];
const toolsBin = path.join(root, ".tools", "node_modules", ".bin");
const env = { ...process.env, PATH: `${toolsBin}${path.delimiter}${process.env.PATH}`, NEXT_TELEMETRY_DISABLED: "1" };

const say = (message) => console.log(`\n▶ ${message}`);

function fail(message) {
  console.error(`\n✖ ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit", ...options });
  if (result.status !== 0) fail(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal}).`);
  return result;
}

function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) fail(`Node ${process.versions.node} is too old: minima needs Node 20.19 or newer.`);
}

function ensurePnpm() {
  const probe = spawnSync(path.join(toolsBin, "pnpm"), ["--version"], { encoding: "utf8" });
  if (probe.status === 0 && probe.stdout.trim() === pnpmVersion) return;
  say(`installing pnpm ${pnpmVersion} into .tools/ (through npm)`);
  run("npm", ["install", "--prefix", ".tools", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `pnpm@${pnpmVersion}`]);
}

/** Newest modification time of the files under the given folders (sources of the web build). */
function newestSource(dirs) {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (["node_modules", ".next", "test-artifacts"].includes(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of dirs) visit(path.join(root, dir));
  return newest;
}

function buildDashboard() {
  const buildId = path.join(root, "apps", "web", ".next", "BUILD_ID");
  const sources = ["apps/web", "packages/metrics/src", "apps/daemon/src/api"];
  if (existsSync(buildId) && statSync(buildId).mtimeMs > newestSource(sources)) return;
  say("building the dashboard (next build)");
  run("pnpm", ["--filter", "@minima/web", "build"]);
}

function setup() {
  checkNode();
  ensurePnpm();
  say("installing the workspace (pnpm install)");
  run("pnpm", ["install", ...(process.env.CI ? ["--frozen-lockfile"] : [])]);
  say("setting up the native TensorFlow engine");
  run(process.execPath, ["packages/core/scripts/setup-engine.mjs"]);
  buildDashboard();
}

function portFree(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A host as a URL shows it: IPv6 in brackets, and this machine's name for a wildcard address (0.0.0.0, ::). */
const shownHost = (host) => (host === "0.0.0.0" || host === "::" ? os.hostname() : host.includes(":") ? `[${host}]` : host);

/** Waits for a child process to exit; resolves with how it ended. */
const exitOf = (child) =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve({ code: child.exitCode, signal: child.signalCode }) : child.once("exit", (code, signal) => resolve({ code, signal }))));

/**
 * The daemon and the dashboard as one service: they stop together on Ctrl-C, SIGTERM or the death
 * of either (each also stops by itself when this process is gone), with a calm word for a normal
 * stop and the cause for any other, so the next `npm start` finds its ports free.
 */
async function serve() {
  if (!existsSync(path.join(root, "node_modules")) || !existsSync(path.join(root, "apps", "web", ".next", "BUILD_ID"))) {
    fail("minima is not set up in this folder: run `npm run setup` once (or `npm start`, which sets up, then serves).");
  }
  const webHost = process.env.MINIMA_WEB_HOST || "127.0.0.1";
  const webPort = Number(process.env.MINIMA_WEB_PORT ?? 3000);
  if (!(await portFree(webPort, webHost))) fail(`Port ${webPort} is in use; set MINIMA_WEB_PORT to a free port for the dashboard.`);
  const tls = Boolean(process.env.MINIMA_TLS_CERT || process.env.MINIMA_TLS_KEY);
  const webUrl = `${tls ? "https" : "http"}://${shownHost(webHost)}:${webPort}`;
  const dataDir = process.env.MINIMA_DATA_DIR ?? path.join(root, ".minima");
  const childEnv = { ...env, MINIMA_PARENT_PID: String(process.pid) };
  const children = [];
  let stopping = null;
  /** Stops every child (once); `why` is printed when they are gone, and decides the exit code. */
  const stopAll = async (why) => {
    if (stopping) return stopping;
    stopping = (async () => {
      console.log(`\n▶ ${why.message}`);
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await Promise.all(children.map(exitOf));
      if (why.failed) fail(`${why.message} Everything minima started has stopped.`);
      console.log("minima stopped.");
      process.exit(0);
    })();
    return stopping;
  };
  process.on("SIGINT", () => void stopAll({ message: "stopping minima (the daemon pauses its runs at their next checkpoint)…" }));
  process.on("SIGTERM", () => void stopAll({ message: "SIGTERM: stopping minima…" }));
  const watch = (child, name) =>
    void exitOf(child).then(({ code, signal }) => {
      if (!stopping) void stopAll({ failed: true, message: `The ${name} exited unexpectedly (${signal ?? `code ${code}`}); see its message above.` });
    });

  say(`starting the daemon (data in ${path.relative(root, dataDir) || dataDir})`);
  // The daemon stays on loopback over plain HTTP: only the dashboard, which forwards /trpc and
  // /artifacts/ to it, faces the network (and carries the TLS and host settings).
  const daemonEnv = { ...childEnv };
  for (const name of ["MINIMA_HOST", "MINIMA_TLS_CERT", "MINIMA_TLS_KEY", "MINIMA_INSECURE_HTTP"]) delete daemonEnv[name];
  // Its stdout reaches ours through a pipe, so it would log JSON: lay its log out for a terminal when ours is one.
  daemonEnv.MINIMA_LOG_FORMAT ||= process.stdout.isTTY ? "pretty" : "json";
  const daemon = spawn(process.execPath, ["apps/daemon/bin/minima.mjs", "daemon", "--data-dir", dataDir, "--host", "127.0.0.1"], {
    cwd: root,
    env: daemonEnv,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(daemon);
  watch(daemon, "daemon");
  let output = "";
  const daemonUrl = await new Promise((resolve) => {
    daemon.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      output += chunk.toString();
      const url = /MINIMA_DAEMON_URL=(\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
  });
  const token = /MINIMA_TOKEN=(\S+)/.exec(output)?.[1];
  say(`starting the dashboard on ${webUrl}`);
  const web = spawn(process.execPath, ["serve.mjs", "--host", webHost, "--port", String(webPort)], {
    cwd: path.join(root, "apps", "web"),
    env: { ...childEnv, MINIMA_DAEMON_URL: daemonUrl },
    stdio: "inherit",
  });
  children.push(web);
  watch(web, "dashboard");
  console.log(
    [
      "",
      "minima is running:",
      `  dashboard   ${webUrl}`,
      `  daemon API  ${webUrl}/trpc (HTTP and WebSocket; the dashboard forwards it to the daemon on ${daemonUrl})`,
      token
        ? `  admin token ${token}\n              (shown once; sign in with it, keep it somewhere safe)`
        : "  admin token shown at the first start; lost it? stop minima and run `npm run minima -- token --user admin`",
      "Ctrl-C stops both.",
      "",
    ].join("\n"),
  );
}

function findChromium() {
  const candidates = [process.env.MINIMA_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  return candidates.find((c) => c && existsSync(c)) ?? null;
}

function findPostgresBin() {
  if (!existsSync("/usr/lib/postgresql")) return null;
  const version = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a))[0];
  const bin = version && path.join("/usr/lib/postgresql", version, "bin");
  return bin && existsSync(path.join(bin, "initdb")) ? bin : null;
}

/**
 * Debian packages the tests use: the browser and the database server the end-to-end and database
 * tests run against, the Fashion-MNIST files the dataset and CLI tests read, the allocator the
 * daemon preloads into its workers, openssl for the HTTPS tests' certificates and nginx for the
 * reverse-proxy recipe's test. Installed when missing and we may (root with apt-get); otherwise
 * the exact command is named.
 */
const TEST_PACKAGES = ["chromium", "postgresql", "dataset-fashion-mnist", "libtcmalloc-minimal4", "openssl", "nginx-light"];

function debianPackageInstalled(name) {
  const probe = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
  return probe.status === 0 && probe.stdout.includes("install ok installed");
}

function ensureSystemPackages() {
  const hasDpkg = spawnSync("dpkg-query", ["--version"]).status === 0;
  const missing = hasDpkg ? TEST_PACKAGES.filter((name) => !debianPackageInstalled(name)) : [];
  if (!hasDpkg && !(findChromium() && findPostgresBin())) {
    fail(`The tests need Debian's ${TEST_PACKAGES.join(", ")} (or Chromium at MINIMA_CHROMIUM and a PostgreSQL server at MINIMA_TEST_DATABASE_URL); this system has no dpkg to check for them.`);
  }
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("apt-get", ["--version"]).status === 0;
  if (!isRoot || !hasApt) fail(`The tests need these Debian packages: run \`sudo apt-get install ${missing.join(" ")}\`, then npm test again.`);
  say(`installing Debian packages the tests need (${missing.join(", ")})`);
  run("apt-get", ["update", "-qq"]);
  run("apt-get", ["install", "-y", "-qq", ...missing], { env: { ...env, DEBIAN_FRONTEND: "noninteractive" } });
}

/**
 * A throwaway PostgreSQL server for the database tests, in a temporary folder on a free port,
 * unless MINIMA_TEST_DATABASE_URL already names one. Runs as `postgres` when we are root.
 */
async function startTestPostgres() {
  const bin = findPostgresBin();
  if (!bin) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), "minima-pg-"));
  const asRoot = process.getuid?.() === 0;
  const as = (command, args) =>
    asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, command), ...args]] : [path.join(bin, command), args];
  if (asRoot) run("chown", ["postgres", dir]);
  const port = await new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
  const data = path.join(dir, "data");
  writeFileSync(path.join(dir, "pw"), "minima\n");
  if (asRoot) run("chown", ["postgres", path.join(dir, "pw")]);
  run(...as("initdb", ["-D", data, "-U", "minima", "--pwfile", path.join(dir, "pw"), "-A", "scram-sha-256"]), { stdio: "ignore" });
  run(...as("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, "start"]), {
    stdio: "ignore",
  });
  return {
    url: `postgres://minima:minima@127.0.0.1:${port}/postgres`,
    stop: () => {
      spawnSync(...as("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]), { stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every test; an interrupted run (Ctrl-C, SIGTERM) still stops the PostgreSQL server it started. */
async function test() {
  setup();
  ensureSystemPackages();
  let postgres = null;
  if (!process.env.MINIMA_TEST_DATABASE_URL) {
    say("starting a throwaway PostgreSQL server for the database tests");
    postgres = await startTestPostgres();
  }
  const testEnv = { ...env, MINIMA_CHROMIUM: findChromium() ?? "" };
  if (postgres) testEnv.MINIMA_TEST_DATABASE_URL = postgres.url;
  say("running every test");
  const tests = spawn(process.execPath, ["scripts/run-tests.mjs", "--all", "packages", "apps", "scripts"], { cwd: root, env: testEnv, stdio: "inherit" });
  let interrupted = null;
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      interrupted = signal;
      tests.kill(signal);
    });
  }
  const { code } = await exitOf(tests);
  postgres?.stop();
  if (interrupted) fail(`Interrupted (${interrupted}); the test PostgreSQL server is stopped.`);
  process.exit(code ?? 1);
}

const command = process.argv[2];
if (command === "setup") setup();
else if (command === "start") {
  setup();
  await serve();
} else if (command === "serve") await serve();
else if (command === "test") await test();
else fail("usage: node scripts/bootstrap.mjs setup|start|serve|test");
