import assert from "node:assert/strict";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { configFromEnv } from "./config.ts";
import { DASHBOARD_SETTINGS, readSettings, settingOptions } from "./settings.ts";

const noGpus = { CUDA_VISIBLE_DEVICES: "" };

test("a flag wins over its environment variable, which wins over the default", () => {
  assert.equal(readSettings({}, {}).port, 4000);
  assert.equal(readSettings({ MINIMA_PORT: "4100" }, {}).port, 4100);
  assert.equal(readSettings({ MINIMA_PORT: "4100" }, { port: "4200" }).port, 4200);
  assert.equal(readSettings({ MINIMA_PORT: "" }, {}).port, 4000, "an empty variable is unset");
  assert.equal(readSettings({}, {}).dataDir, path.join(os.homedir(), ".minima"));
  assert.equal(readSettings({ MINIMA_DATA_DIR: "rel/dir" }, {}).artifactsDir, path.resolve("rel/dir/artifacts"), "artifacts follow the data directory");
  assert.equal(readSettings({ MINIMA_SHUTDOWN_GRACE_SECONDS: "1.5" }, {}).shutdownGraceMs, 1500);
  assert.equal(readSettings({ MINIMA_INSECURE_HTTP: "1" }, {}).insecureHttp, true);
  assert.equal(readSettings({ MINIMA_INSECURE_HTTP: "1" }, { "insecure-http": false }).insecureHttp, false);
  assert.equal(readSettings({}, { "insecure-http": true }).insecureHttp, true);
});

test("every bad value is named in one error, with its flag or variable and what it must be", () => {
  assert.throws(
    () => readSettings({ MINIMA_PORT: "80a", MINIMA_HEARTBEAT_SECONDS: "-1", MINIMA_INSECURE_HTTP: "maybe" }, { "log-level": "loud", concurrency: "1000" }),
    (error: Error) => {
      for (const part of ["Invalid settings: ", 'MINIMA_PORT "80a"', 'MINIMA_HEARTBEAT_SECONDS "-1"', 'MINIMA_INSECURE_HTTP "maybe"', '--log-level "loud"', '--concurrency "1000"', "at most 64", "minima help daemon"]) {
        assert.ok(error.message.includes(part), `${part} in: ${error.message}`);
      }
      return true;
    },
  );
  assert.throws(() => readSettings({ DATABASE_URL: "not a url" }, {}), /DATABASE_URL "not a url"/);
  assert.throws(() => readSettings({ MINIMA_PORT: "70000" }, {}), /at most 65535/);
});

test("the daemon's configuration: HTTPS needs both files, heartbeats must leave room, concurrency follows the host", () => {
  assert.throws(() => configFromEnv(noGpus, { "tls-cert": "cert.pem" }), /both --tls-cert and --tls-key/);
  const tls = configFromEnv(noGpus, { "tls-cert": "cert.pem", "tls-key": "key.pem" }).tls;
  assert.deepEqual(tls, { certFile: path.resolve("cert.pem"), keyFile: path.resolve("key.pem") });
  assert.equal(configFromEnv(noGpus).tls, null);
  assert.throws(() => configFromEnv({ ...noGpus, MINIMA_HEARTBEAT_SECONDS: "10", MINIMA_HEARTBEAT_TIMEOUT_SECONDS: "15" }), /at least twice/);
  assert.equal(configFromEnv(noGpus).concurrency, Math.max(1, Math.floor(os.availableParallelism() / 2)));
  assert.equal(configFromEnv({ ...noGpus, MINIMA_CONCURRENCY: "0" }).concurrency, 0);
  assert.deepEqual(configFromEnv({ CUDA_VISIBLE_DEVICES: "3", MINIMA_GPU_MEMORY_GB: "80" }).gpus, [{ id: "3", memoryMb: 80 * 1024 }]);
  assert.throws(() => configFromEnv({ CUDA_VISIBLE_DEVICES: "3", MINIMA_GPU_MEMORY_GB: "lots" }), /MINIMA_GPU_MEMORY_GB "lots": must be a number/);
});

test("the dashboard's server: its own host and port, the same TLS settings, and the daemon it forwards to", () => {
  const dashboard = readSettings({ MINIMA_WEB_PORT: "3100", MINIMA_PORT: "4100", MINIMA_HOST: "0.0.0.0" }, {}, DASHBOARD_SETTINGS, "node serve.mjs --help");
  assert.equal(dashboard.port, 3100, "MINIMA_WEB_PORT, not the daemon's MINIMA_PORT");
  assert.equal(dashboard.host, "127.0.0.1", "MINIMA_WEB_HOST, not the daemon's MINIMA_HOST");
  assert.equal(dashboard.daemonUrl.href, "http://127.0.0.1:4000/");
  assert.equal(readSettings({ MINIMA_TLS_CERT: "c.pem" }, {}, DASHBOARD_SETTINGS).tlsCert, path.resolve("c.pem"));
  assert.throws(() => readSettings({ MINIMA_DAEMON_URL: "gpu-3:4100" }, {}, DASHBOARD_SETTINGS, "node serve.mjs --help"), /MINIMA_DAEMON_URL "gpu-3:4100": must be an http\(s\) URL.*node serve\.mjs --help/);
});

test("a switch is a boolean flag, every other flag takes a value", () => {
  const options = settingOptions();
  assert.deepEqual(options["insecure-http"], { type: "boolean" });
  assert.deepEqual(options["tls-cert"], { type: "string" });
  assert.equal(options["MINIMA_ARTIFACTS_DIR"], undefined);
});
