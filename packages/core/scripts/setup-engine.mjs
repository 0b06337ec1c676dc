#!/usr/bin/env node
// Makes the native TensorFlow engine usable: the tfjs-node (or tfjs-node-gpu) binding, built and
// loadable, on the `tensorflow` backend. pnpm does not run the packages' own install scripts
// (pnpm-workspace.yaml), so this step is what guarantees the binding.
// CPU (tfjs-node):
//   1. a binding that already loads is kept;
//   2. else the package's own install (download of libtensorflow + prebuilt addon) is tried;
//   3. else libtensorflow is taken from the TensorFlow CPU wheel of the configured pip index and
//      the addon is rebuilt against it with node-gyp (N-API 8).
// GPU (tfjs-node-gpu, on a host with an NVIDIA driver): tfjs-node-gpu's own download is
// libtensorflow 2.9.1 for CUDA 11.2, which a CUDA 12 server cannot load, so the same wheel route is
// taken with the `tensorflow` wheel (CUDA 12 kernels, pinned: engine-route/wheel-layout.ts) and the
// nvidia-*-cu12 wheels its `and-cuda` extra pins (or an installed CUDA 12 toolkit and cuDNN 9),
// linked where libtensorflow's RUNPATH looks and recorded in deps/minima-engine.json for the
// workers' LD_LIBRARY_PATH. Anything missing is named, with its install command, and the CPU
// engine is set up instead, loudly.
// Usage: node scripts/setup-engine.mjs [--force] [--cpu|--gpu] [--no-fallback] [--quiet]   (MINIMA_ENGINE=cpu or gpu: the same as the flag;
//        --no-fallback: a GPU host whose GPU engine fails exits 1 instead of setting up the CPU engine;
//        MINIMA_TF_WHEEL_VERSION picks the TensorFlow wheel, MINIMA_CUDA=system skips the CUDA wheels)
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// The route's logic is TypeScript, tested beside it (engine-route/*.test.ts).
register();
const { libtensorflowFromWheel, findPython } = await import("./engine-route/wheel-fetch.ts");
const { GpuRouteError, checkDriver, cudaLibraries, libraryDirs, linkForRunpath, probeGpuHost } = await import("./engine-route/gpu-route.ts");
const { gpuFallbackBanner } = await import("./engine-route/messages.ts");
const { ENGINE_MANIFEST_FILE, gpuLibraryEnv, readEngineManifest } = await import("../src/engine/engine-manifest.ts");
const { architecturesFor } = await import("../src/engine/gpu/kernel-targets.ts");
const { parseTfGpuLog } = await import("../src/engine/gpu/tf-gpu-log.ts");

const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const quiet = args.has("--quiet");
const log = (message) => {
  if (!quiet) console.log(`[engine] ${message}`);
};

const NAPI_VERSION = 8;
/** TensorFlow wheel the wheel route builds against (GPU default: GPU_TENSORFLOW_VERSION, src/engine/gpu/kernel-targets.ts); MINIMA_TF_WHEEL_VERSION overrides. */
const WHEEL_VERSION = process.env.MINIMA_TF_WHEEL_VERSION ?? "";

function packageDir(name) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

const PROBE = fileURLToPath(new URL("../src/engine/gpu/probe-binding.cjs", import.meta.url));

/** Loads the binding in a child process (a failed dlopen can abort) and reports the backend, GPU use and TensorFlow's log. */
function probe(pkgName, env = {}) {
  const result = spawnSync(process.execPath, [PROBE, pkgName], {
    cwd: path.dirname(packageDir(pkgName) ?? "."),
    encoding: "utf8",
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: pkgName.endsWith("-gpu") ? "0" : "2", ...env },
  });
  if (result.status !== 0) return { ok: false, error: (result.stderr || result.stdout).trim().split("\n").slice(-3).join(" "), log: result.stderr ?? "" };
  try {
    const facts = JSON.parse(result.stdout.trim().split("\n").pop());
    return { ok: facts.backend === "tensorflow" && facts.sum === 54, ...facts, log: result.stderr ?? "" };
  } catch {
    return { ok: false, error: `unexpected probe output: ${result.stdout}`, log: result.stderr ?? "" };
  }
}

function runPackageInstall(dir) {
  log(`trying ${path.basename(dir)}'s own install (downloads libtensorflow)…`);
  const result = spawnSync(process.execPath, ["scripts/install.js"], {
    cwd: dir,
    encoding: "utf8",
    timeout: 10 * 60_000,
    env: { ...process.env, PATH: `${path.join(dir, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}` },
  });
  if (result.status === 0) return true;
  const output = `${result.stdout}\n${result.stderr}`.split("\n");
  const reason =
    (output.find((line) => /\b(Error:|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT)/.test(line)) ?? output.find((line) => /error/i.test(line)))?.trim() ??
    `exit ${result.status}`;
  log(`the package's own install failed (${reason}); building from the TensorFlow wheel instead`);
  return false;
}

function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache");
  return path.join(base, "minima", "libtensorflow");
}

function nodeGypArgs() {
  const nodedir = process.env.npm_config_nodedir || spawnSync("npm", ["config", "get", "nodedir"], { encoding: "utf8" }).stdout?.trim();
  return nodedir && nodedir !== "undefined" && nodedir !== "null" ? [`--nodedir=${nodedir}`] : [];
}

function buildBinding(dir, libtensorflow) {
  const deps = path.join(dir, "deps");
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(path.join(deps, "lib"), { recursive: true });
  symlinkSync(path.join(libtensorflow, "include"), path.join(deps, "include"));
  const cc = path.join(libtensorflow, "lib", "libtensorflow_cc.so.2");
  const framework = path.join(libtensorflow, "lib", "libtensorflow_framework.so.2");
  // binding.gyp links -ltensorflow; the wheel ships the same C API inside libtensorflow_cc.
  for (const [name, target] of [
    ["libtensorflow.so", cc],
    ["libtensorflow_cc.so.2", cc],
    ["libtensorflow_framework.so", framework],
    ["libtensorflow_framework.so.2", framework],
  ]) {
    symlinkSync(target, path.join(deps, "lib", name));
  }
  const nodeGyp = require.resolve("node-gyp/bin/node-gyp.js");
  const modulePath = path.join(dir, "lib", `napi-v${NAPI_VERSION}`);
  log(`building the tfjs-node binding against ${path.basename(libtensorflow)} (node-gyp, N-API ${NAPI_VERSION})…`);
  const gyp = spawnSync(
    process.execPath,
    [
      nodeGyp,
      "rebuild",
      ...nodeGypArgs(),
      `--jobs=${Math.max(1, os.availableParallelism())}`,
      `--napi_build_version=${NAPI_VERSION}`,
      "--module_name=tfjs_binding",
      `--module_path=${modulePath}`,
    ],
    { cwd: dir, encoding: "utf8", stdio: quiet ? "pipe" : ["ignore", "ignore", "inherit"] },
  );
  if (gyp.status !== 0) {
    throw new Error(`node-gyp rebuild failed in ${dir}:\n${(gyp.stderr ?? "").split("\n").slice(-15).join("\n")}`);
  }
}

function writeManifest(dir, manifest) {
  writeFileSync(path.join(dir, "deps", ENGINE_MANIFEST_FILE), `${JSON.stringify({ ...manifest, builtAt: new Date().toISOString() }, null, 2)}\n`);
}

const tools = () => ({ python: findPython(), log, quiet });

/** The GPU engine from the `tensorflow` wheel and CUDA 12 libraries; GpuRouteError says what is missing. */
function setupGpu(host) {
  const pkgName = "@tensorflow/tfjs-node-gpu";
  const dir = packageDir(pkgName);
  if (!dir) throw new GpuRouteError(`${pkgName} is not installed (pnpm skips an optional dependency it could not install); run \`pnpm install\` again`);
  if (!args.has("--force")) {
    const current = probe(pkgName, gpuLibraryEnv(readEngineManifest(pkgName, require.resolve)));
    if (current.ok && current.gpu) {
      log(`${pkgName} ready: backend ${current.backend} on the GPU, libtensorflow ${current.libtensorflow ?? "?"}`);
      return;
    }
  }
  checkDriver(host);
  const wheel = libtensorflowFromWheel("gpu", WHEEL_VERSION, cacheRoot(), tools());
  const cuda = cudaLibraries(wheel.cudaRequirements, cacheRoot(), tools());
  buildBinding(dir, wheel.dir);
  linkForRunpath([wheel.dir, path.join(dir, "deps")], cuda);
  const manifest = {
    flavour: "gpu",
    tensorflowVersion: wheel.version,
    wheel: wheel.wheel,
    cudaSource: cuda.source,
    libraryDirs: libraryDirs(cuda.found),
    cudaLibraries: cuda.found,
    cudaArchitectures: [...(architecturesFor(wheel.version) ?? [])],
    gpuFallback: null,
  };
  writeManifest(dir, manifest);
  const result = probe(pkgName, gpuLibraryEnv(manifest));
  if (!result.ok) throw new GpuRouteError(`${pkgName} was built but does not load: ${result.error ?? JSON.stringify(result)}`);
  if (!result.gpu) {
    const tfLog = parseTfGpuLog(result.log);
    const missing = tfLog.missingLibraries.map((m) => `  ${m.library}: ${m.reason}`).join("\n");
    const gpuLines = result.log.split("\n").filter((line) => /cuda|gpu|dlopen|driver/i.test(line)).slice(-3);
    const said = gpuLines.length ? `its log: ${gpuLines.join(" ")}` : `TensorFlow logged nothing about CUDA: is ${wheel.wheel} a CUDA build? (Linux x86_64 \`tensorflow\` wheels are)`;
    throw new GpuRouteError(`libtensorflow ${result.libtensorflow} loads but registered no GPU${missing ? `; it could not load:\n${missing}` : ` (${said})`}`);
  }
  // An earlier fallback's reason, kept in the CPU package's manifest for doctor, no longer holds.
  const cpu = readEngineManifest("@tensorflow/tfjs-node", require.resolve);
  if (cpu?.gpuFallback) writeManifest(packageDir("@tensorflow/tfjs-node"), { ...cpu, gpuFallback: null });
  log(`${pkgName} ready: backend ${result.backend} on the GPU, libtensorflow ${result.libtensorflow}, CUDA libraries from ${cuda.source === "pip" ? "the nvidia-*-cu12 wheels" : "this system"}`);
}

/** The CPU engine; `gpuFallback` (why a GPU host gets it) is recorded for doctor. */
function setupCpu(gpuFallback) {
  const pkgName = "@tensorflow/tfjs-node";
  const dir = packageDir(pkgName);
  if (!dir) throw new Error(`${pkgName} is not installed; run pnpm install first.`);
  const record = (version, wheel) =>
    writeManifest(dir, { flavour: "cpu", tensorflowVersion: version ?? "unknown", wheel, cudaSource: null, libraryDirs: [], cudaLibraries: [], cudaArchitectures: [], gpuFallback });
  if (!args.has("--force")) {
    const current = probe(pkgName);
    if (current.ok) {
      if (gpuFallback) record(current.libtensorflow, readEngineManifest(pkgName, require.resolve)?.wheel ?? "");
      log(`${pkgName} ready: backend ${current.backend}, libtensorflow ${current.libtensorflow ?? "?"}`);
      return;
    }
  }
  let wheel = "";
  if (!runPackageInstall(dir)) {
    const unpacked = libtensorflowFromWheel("cpu", WHEEL_VERSION, cacheRoot(), tools());
    buildBinding(dir, unpacked.dir);
    wheel = unpacked.wheel;
  }
  const result = probe(pkgName);
  if (!result.ok) throw new Error(`${pkgName} was built but does not load: ${result.error ?? JSON.stringify(result)}`);
  record(result.libtensorflow, wheel);
  log(`${pkgName} ready: backend ${result.backend}, libtensorflow ${result.libtensorflow ?? "?"}`);
}

function main() {
  const env = args.has("--cpu") ? { ...process.env, MINIMA_ENGINE: "cpu" } : args.has("--gpu") ? { ...process.env, MINIMA_ENGINE: "gpu" } : process.env;
  const host = probeGpuHost(env);
  if (!host.gpu) return setupCpu(null);
  log(`GPU engine (${host.reason})`);
  try {
    return setupGpu(host);
  } catch (error) {
    // A GpuRouteError names what is missing; anything else (node-gyp, pip, the disk) is reported as it came.
    const reason = error instanceof GpuRouteError ? error.message : `setting up the GPU engine failed: ${error instanceof Error ? error.message : String(error)}`;
    if (args.has("--no-fallback")) throw new Error(`the GPU engine could not be set up (${host.reason}):\n${reason}`);
    for (const line of gpuFallbackBanner(reason, host.reason)) console.error(`[engine] ${line}`);
    return setupCpu(reason);
  }
}

try {
  main();
} catch (error) {
  console.error(`[engine] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
