import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { rawRequest } from "../api/fuzz-wire.ts";
import { minimaBin, spawnDaemon, waitFor, type DaemonProcess } from "../../test/harness.ts";
import { exited } from "../../test/restarts.ts";
import { networkAddress, selfSignedCertificate, type SelfSigned } from "../../test/self-signed.ts";

const daemonRoot = fileURLToPath(new URL("../..", import.meta.url));
const dirs: string[] = [];
const spawned: DaemonProcess[] = [];
let ip: string;
let cert: SelfSigned;
let daemon: DaemonProcess;
let token: string;

const tempDir = (name: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), `minima-https-${name}-`));
  dirs.push(dir);
  return dir;
};

before(async () => {
  ip = networkAddress();
  cert = selfSignedCertificate(tempDir("cert"), [ip]);
  daemon = await spawnDaemon(["--data-dir", tempDir("data"), "--host", ip, "--concurrency", "0", "--tls-cert", cert.certFile, "--tls-key", cert.keyFile]);
  spawned.push(daemon);
  token = /MINIMA_TOKEN=(\S+)/.exec(daemon.output())![1]!;
});
after(async () => {
  for (const d of spawned) {
    d.child.kill("SIGTERM");
    await exited(d.child);
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs a node command in apps/daemon to its end: its exit code and everything it printed. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, { cwd: daemonRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_EXTRA_CA_CERTS: "", ...env } });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, output })));
}

const minima = (args: string[], env: NodeJS.ProcessEnv = {}) => run([minimaBin, ...args], env);

/** An HTTPS GET that trusts `ca`: status and headers. */
function httpsGet(url: string, ca: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, agent: false }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on("error", reject);
  });
}

/** The SHA-256 fingerprint of the certificate the daemon presents to a new connection now. */
function servedFingerprint(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: hostname, port: Number(port), rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on("error", reject);
  });
}

test("on the network address over HTTPS: a script's typed client trusting the certificate through NODE_EXTRA_CA_CERTS mutates, queries and gets an event over wss; without it, it is refused", async () => {
  assert.match(daemon.url, new RegExp(`^https://${ip.replaceAll(".", "\\.")}:\\d+$`), "MINIMA_DAEMON_URL is https on the address it serves");
  const env = { MINIMA_URL: daemon.url, MINIMA_TOKEN: token };
  const trusted = await run(["--import", "tsx", "test/https-client.ts"], { ...env, NODE_EXTRA_CA_CERTS: cert.certFile });
  assert.equal(trusted.code, 0, trusted.output);
  const { version, experimentId, update } = JSON.parse(trusted.output.trim().split("\n").at(-1)!) as { version: { daemon: string }; experimentId: string; update: { id: string; data: { experimentId: string; status: string } } };
  assert.equal(typeof version.daemon, "string");
  assert.equal(update.data.experimentId, experimentId, "the subscription's event is about the experiment just created");
  assert.match(update.id, /^\d+(\.\d+)?$/);

  const untrusted = await run(["--import", "tsx", "test/https-client.ts"], env);
  assert.equal(untrusted.code, 1, untrusted.output);
  assert.match(untrusted.output, /SELF_SIGNED|self[- ]signed certificate/i);
});

test("the CLI's client commands reach the HTTPS daemon with NODE_EXTRA_CA_CERTS", async () => {
  const status = await minima(["status", "--url", daemon.url, "--token", token], { NODE_EXTRA_CA_CERTS: cert.certFile });
  assert.equal(status.code, 0, status.output);
  const refused = await minima(["status", "--url", daemon.url, "--token", token]);
  assert.equal(refused.code, 1, refused.output);
  assert.match(refused.output, /presented a certificate this machine does not trust \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. For a self-signed or private-CA certificate, set NODE_EXTRA_CA_CERTS/);
  const plain = daemon.url.replace("https:", "http:");
  const plainRefused = await minima(["status", "--url", plain, "--token", token]);
  assert.equal(plainRefused.code, 1, plainRefused.output);
  assert.match(plainRefused.output, new RegExp(`hung up without an answer: if it serves HTTPS \\(--tls-cert\\), use ${daemon.url.replaceAll(".", "\\.")}`));
});

test("plain HTTP to the HTTPS port gets no answer; HTTPS answers carry Strict-Transport-Security", async () => {
  const plain = await rawRequest(daemon.url.replace("https:", "http:"), "GET", "/healthz");
  assert.equal(typeof plain, "string", `plain HTTP was answered: ${JSON.stringify(plain)}`);
  const health = await httpsGet(`${daemon.url}/healthz`, cert.certPem);
  assert.deepEqual([health.status, health.body, health.headers["strict-transport-security"]], [200, '{"status":"ok"}', "max-age=31536000"]);
  const ready = await httpsGet(`${daemon.url}/readyz`, cert.certPem);
  assert.equal(ready.status, 200, ready.body);
});

test("SIGHUP serves the certificate now on disk to new connections; a key that does not match keeps the old one", async () => {
  const before = await servedFingerprint(daemon.url);
  const renewedDir = path.join(path.dirname(cert.certFile), "renewed");
  mkdirSync(renewedDir);
  const renewed = selfSignedCertificate(renewedDir, [ip]);
  // A mismatched pair first: the daemon says so and goes on with the certificate it has.
  renameSync(renewed.certFile, cert.certFile);
  daemon.child.kill("SIGHUP");
  await waitFor("the SIGHUP refusal in the log", () => Promise.resolve(/kept the previous TLS certificate: The private key .* does not belong/.test(daemon.output())), 10_000);
  assert.equal(await servedFingerprint(daemon.url), before);
  renameSync(renewed.keyFile, cert.keyFile);
  daemon.child.kill("SIGHUP");
  const after = await waitFor("the renewed certificate to be served", async () => {
    const now = await servedFingerprint(daemon.url);
    return now !== before ? now : null;
  }, 10_000);
  assert.equal(after, new X509Certificate(renewed.certPem).fingerprint256);
  assert.equal(daemon.child.exitCode, null, "SIGHUP does not stop a daemon that serves HTTPS");
});

test("--host 0.0.0.0 over plain HTTP is refused with exit code 1 before the data directory is created or locked; --insecure-http starts it with a warning", async () => {
  const dataDir = path.join(tempDir("refused"), "data");
  const refused = await minima(["daemon", "--port", "0", "--host", "0.0.0.0", "--data-dir", dataDir]);
  assert.equal(refused.code, 1, refused.output);
  assert.match(refused.output, /Refusing to serve the API on 0\.0\.0\.0 over plain HTTP.*--tls-cert <cert\.pem> --tls-key <key\.pem>.*reverse proxy.*--insecure-http/);
  assert.equal(existsSync(dataDir), false, "nothing was created, so nothing is locked");

  const insecure = await spawnDaemon(["--host", "0.0.0.0", "--insecure-http", "--concurrency", "0", "--data-dir", dataDir]);
  spawned.push(insecure);
  assert.match(insecure.url, /^http:\/\/0\.0\.0\.0:\d+$/);
  assert.match(insecure.output(), /--insecure-http: the API on 0\.0\.0\.0:\d+ is plain HTTP beyond loopback; tokens cross the network in clear text/);
  const port = new URL(insecure.url).port;
  assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  insecure.child.kill("SIGTERM");
  assert.equal(await exited(insecure.child), 0);
});

test("a missing certificate, a file that is not PEM and a key of another certificate stop `minima daemon` with exit code 1 and what to do", async () => {
  const dir = tempDir("bad");
  const dataDir = path.join(dir, "data");
  const other = selfSignedCertificate(mkdtempSync(path.join(dir, "other-")));
  const junk = path.join(dir, "junk.pem");
  writeFileSync(junk, "hello\n");
  const cases: Array<[string, string, RegExp]> = [
    [path.join(dir, "missing.pem"), cert.keyFile, /Cannot read the TLS certificate .*missing\.pem \(--tls-cert, MINIMA_TLS_CERT\): no such file/],
    [junk, cert.keyFile, /junk\.pem \(--tls-cert, MINIMA_TLS_CERT\) is not a PEM certificate/],
    [cert.certFile, other.keyFile, /The private key .*other-.*key\.pem \(--tls-key, MINIMA_TLS_KEY\) does not belong to the certificate .*cert\.pem/],
  ];
  for (const [certFile, keyFile, message] of cases) {
    const started = await minima(["daemon", "--port", "0", "--host", ip, "--data-dir", dataDir, "--tls-cert", certFile, "--tls-key", keyFile]);
    assert.equal(started.code, 1, started.output);
    assert.match(started.output, message);
    assert.equal(existsSync(dataDir), false, "refused before the data directory was touched");
  }
});
