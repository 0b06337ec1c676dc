#!/usr/bin/env node
// Makes the native TensorFlow engine usable: the tfjs-node (or tfjs-node-gpu) binding, built and
// loadable, on the `tensorflow` backend. pnpm does not run the packages' own install scripts
// (pnpm-workspace.yaml), so this step is what guarantees the binding:
//   1. a binding that already loads is kept;
//   2. else the package's own install (download of libtensorflow + prebuilt addon) is tried;
//   3. else, for the CPU package, libtensorflow is taken from the TensorFlow CPU wheel of the
//      configured pip index and the addon is rebuilt against it with node-gyp (N-API 8).
// Usage: node scripts/setup-engine.mjs [--force] [--cpu|--gpu] [--quiet]   (MINIMA_ENGINE=cpu or gpu: the same as the flag)
import { execFileSync, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const quiet = args.has("--quiet");
const log = (message) => {
  if (!quiet) console.log(`[engine] ${message}`);
};

const NAPI_VERSION = 8;
/** TensorFlow wheel the fallback builds against; MINIMA_TF_WHEEL_VERSION overrides. */
const WHEEL_VERSION = process.env.MINIMA_TF_WHEEL_VERSION ?? "";

function packageDir(name) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

function hasCuda() {
  if (process.env.MINIMA_ENGINE === "cpu") return false;
  const probe = spawnSync("nvidia-smi", ["-L"], { encoding: "utf8" });
  return probe.status === 0 && /GPU \d/.test(probe.stdout);
}

/** Loads the binding in a child process (a failed dlopen can abort) and reports the backend. */
function probe(pkgName) {
  const script = `
    const tf = require(${JSON.stringify(pkgName)});
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const y = tf.matMul(x, x).dataSync();
    process.stdout.write(JSON.stringify({ backend: tf.getBackend(), tf: tf.version.tfjs,
      libtensorflow: tf.backend().binding?.TF_Version, sum: y.reduce((a, b) => a + b, 0) }));`;
  const result = spawnSync(process.execPath, ["-e", script], {
    cwd: path.dirname(packageDir(pkgName) ?? "."),
    encoding: "utf8",
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "2" },
  });
  if (result.status !== 0) return { ok: false, error: (result.stderr || result.stdout).trim().split("\n").slice(-3).join(" ") };
  try {
    const facts = JSON.parse(result.stdout.trim().split("\n").pop());
    return { ok: facts.backend === "tensorflow" && facts.sum === 54, ...facts };
  } catch {
    return { ok: false, error: `unexpected probe output: ${result.stdout}` };
  }
}

function runPackageInstall(dir, flavour) {
  log(`trying ${path.basename(dir)}'s own install (downloads libtensorflow)…`);
  const result = spawnSync(process.execPath, ["scripts/install.js", ...(flavour === "gpu" ? ["gpu", "download"] : [])], {
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

/** Fetches the TensorFlow CPU wheel through pip and unpacks the C library and C headers from it. */
function libtensorflowFromWheel() {
  const root = cacheRoot();
  const ready = existsSync(root) ? readdirSync(root).filter((d) => existsSync(path.join(root, d, ".complete"))) : [];
  const wanted = WHEEL_VERSION ? `tensorflow-cpu-${WHEEL_VERSION}` : [...ready].sort().pop();
  if (wanted && ready.includes(wanted)) return path.join(root, wanted);

  const download = path.join(root, "download");
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  const spec = WHEEL_VERSION ? `tensorflow-cpu==${WHEEL_VERSION}` : "tensorflow-cpu";
  log(`fetching the ${spec} wheel through pip…`);
  const python = ["python3", "python"].find((p) => spawnSync(p, ["--version"]).status === 0);
  if (!python) throw new Error("No python3 found: it is needed to fetch the TensorFlow wheel (pip download tensorflow-cpu).");
  const pip = spawnSync(python, ["-m", "pip", "download", "--retries", "1", "--no-deps", "--only-binary=:all:", "-d", download, spec], {
    encoding: "utf8",
    stdio: quiet ? "pipe" : ["ignore", "inherit", "inherit"],
  });
  const wheel = readdirSync(download).find((f) => f.endsWith(".whl"));
  if (pip.status !== 0 || !wheel) {
    throw new Error(
      `pip could not download ${spec}. Make a TensorFlow CPU wheel reachable to pip (an index or --find-links), ` +
        "or give the tfjs-node install access to storage.googleapis.com.",
    );
  }
  const version = /tensorflow_cpu-([^-]+)-/.exec(wheel)?.[1] ?? "unknown";
  const target = path.join(root, `tensorflow-cpu-${version}`);
  rmSync(target, { recursive: true, force: true });
  log(`unpacking libtensorflow ${version} from ${wheel}…`);
  // Only the shared libraries and the C API headers are needed; the wheel's include/ is 270 MB.
  execFileSync(python, ["-c", UNPACK_PY, path.join(download, wheel), target], { stdio: "inherit" });
  writeFileSync(path.join(target, ".complete"), `${wheel}\n`);
  rmSync(download, { recursive: true, force: true });
  return target;
}

const UNPACK_PY = `
import sys, zipfile, os
wheel, target = sys.argv[1], sys.argv[2]
# The C API headers and what they include (found with g++ -M on the binding's includes).
HEADERS = tuple("tensorflow/include/" + p for p in (
    "tensorflow/c/", "tensorflow/core/platform/ctstring", "tsl/platform/ctstring", "xla/tsl/c/"))
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        name = info.filename
        if name.endswith("/"):
            continue
        if name in ("tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2"):
            dest = os.path.join(target, "lib", os.path.basename(name))
        elif name.startswith(HEADERS):
            dest = os.path.join(target, "include", name[len("tensorflow/include/"):])
        else:
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(info) as src, open(dest, "wb") as out:
            while True:
                chunk = src.read(1 << 22)
                if not chunk:
                    break
                out.write(chunk)
`;

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

function main() {
  const flavour = args.has("--cpu") ? "cpu" : args.has("--gpu") || process.env.MINIMA_ENGINE === "gpu" || hasCuda() ? "gpu" : "cpu";
  const pkgName = flavour === "gpu" ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node";
  const dir = packageDir(pkgName);
  if (!dir) throw new Error(`${pkgName} is not installed; run pnpm install first.`);

  if (!args.has("--force")) {
    const current = probe(pkgName);
    if (current.ok) {
      log(`${pkgName} ready: backend ${current.backend}, libtensorflow ${current.libtensorflow ?? "?"}`);
      return;
    }
  }
  if (!runPackageInstall(dir, flavour)) {
    if (flavour === "gpu") {
      throw new Error(
        "tfjs-node-gpu could not download its libtensorflow. On a GPU host it needs internet access once " +
          "(or set TFJS_NODE_CDN_STORAGE to a mirror); MINIMA_ENGINE=cpu sets up the CPU engine instead.",
      );
    }
    buildBinding(dir, libtensorflowFromWheel());
  }
  const result = probe(pkgName);
  if (!result.ok) throw new Error(`${pkgName} was built but does not load: ${result.error ?? JSON.stringify(result)}`);
  log(`${pkgName} ready: backend ${result.backend}, libtensorflow ${result.libtensorflow ?? "?"}`);
}

try {
  main();
} catch (error) {
  console.error(`[engine] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
