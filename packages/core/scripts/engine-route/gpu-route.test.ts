import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { CUDA_LIBRARIES } from "./cuda-libraries.ts";
import { cudaLibraries, gpuHost, GpuRouteError, linkForRunpath } from "./gpu-route.ts";
import { gpuFallbackBanner } from "./messages.ts";
import { cachedFolder, type RouteTools } from "./wheel-fetch.ts";

const PROC = "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  570.86.15  Release Build  (dvs-builder@U16)  Thu Jan 23 23:08:09 UTC 2025\n";
const REQUIREMENTS = [
  { project: "nvidia-cuda-runtime-cu12", minimum: "12.5.82" },
  { project: "nvidia-cudnn-cu12", minimum: "9.3.0.75" },
  { project: "nvidia-cuda-nvcc-cu12", minimum: "12.5.82" },
];

/**
 * A python whose `-m pip install --target DIR PINS…` lays out what the nvidia wheels hold (every
 * CUDA library, and a dist-info per pin), or fails as pip does offline when FAKE_PIP_FAIL is set.
 */
function fakePython(): { python: string; calls: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "minima-fake-pip-"));
  const python = path.join(dir, "python3");
  const calls = path.join(dir, "calls");
  const layout = JSON.stringify(CUDA_LIBRARIES.map((l) => `nvidia/${l.component}/lib/${l.soname}`));
  writeFileSync(
    python,
    `#!${process.execPath}
const fs = require("node:fs"), path = require("node:path");
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(calls)}, args.join(" ") + "\\n");
if (process.env.FAKE_PIP_FAIL) { console.error("ERROR: No matching distribution found for nvidia-cudnn-cu12==9.3.0.75"); process.exit(1); }
const target = args[args.indexOf("--target") + 1];
for (const file of ${layout}) { fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true }); fs.writeFileSync(path.join(target, file), ""); }
for (const pin of args.filter((a) => a.includes("=="))) { const [name, version] = pin.split("=="); fs.mkdirSync(path.join(target, name.replaceAll("-", "_") + "-" + version + ".dist-info")); }
`,
  );
  chmodSync(python, 0o755);
  return { python, calls };
}

const quietTools = (python: string): RouteTools => ({ python, log: () => undefined, quiet: true });
const noSystem = () => ({ libraries: null, found: [] });

test("the GPU route is taken on a driver, an nvidia-smi that lists a GPU, or MINIMA_ENGINE=gpu; MINIMA_ENGINE=cpu wins", () => {
  assert.deepEqual(gpuHost({}, PROC, null), { gpu: true, driverVersion: "570.86.15", reason: "NVIDIA driver 570.86.15" });
  assert.equal(gpuHost({}, null, "GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-5c1e…)\n").gpu, true);
  assert.deepEqual(gpuHost({}, null, null), { gpu: false, driverVersion: null, reason: "no NVIDIA driver" });
  assert.equal(gpuHost({ MINIMA_ENGINE: "cpu" }, PROC, null).gpu, false);
  assert.equal(gpuHost({}, null, "GPU 0: NVIDIA L4 (UUID: GPU-1)\n", "550.54.15\n550.54.15\n").driverVersion, "550.54.15", "nvidia-smi's driver_version where /proc has none");
  assert.deepEqual(gpuHost({ MINIMA_ENGINE: "gpu" }, null, null), { gpu: true, driverVersion: null, reason: "MINIMA_ENGINE=gpu" });
});

test("pip route: the and-cuda pins (no compiler) installed once into the cache, each library found with its wheel's version", () => {
  const cache = mkdtempSync(path.join(os.tmpdir(), "minima-cache-"));
  const { python, calls } = fakePython();
  const cuda = cudaLibraries(REQUIREMENTS, cache, quietTools(python), {}, noSystem);
  assert.equal(cuda.source, "pip");
  assert.equal(cuda.found.length, CUDA_LIBRARIES.length);
  assert.equal(cuda.found.find((f) => f.soname === "libcudnn.so.9")!.version, "9.3.0.75");
  assert.match(readFileSync(calls, "utf8"), /^-m pip install .*--no-deps .*--target \S+cuda12-12\.5\.82_9\.3\.0\.75 nvidia-cuda-runtime-cu12==12\.5\.82 nvidia-cudnn-cu12==9\.3\.0\.75\n$/);
  cudaLibraries(REQUIREMENTS, cache, quietTools(python), {}, noSystem);
  assert.equal(readFileSync(calls, "utf8").split("\n").filter(Boolean).length, 1, "a complete install is reused");
});

test("nothing from pip nor the system: the error names every library, its pin and its apt package", () => {
  const cache = mkdtempSync(path.join(os.tmpdir(), "minima-cache-"));
  const { python } = fakePython();
  process.env.FAKE_PIP_FAIL = "1";
  try {
    assert.throws(
      () => cudaLibraries(REQUIREMENTS, cache, quietTools(python), {}, noSystem),
      (error: Error) => {
        assert.ok(error instanceof GpuRouteError);
        assert.match(error.message, /^pip could not install the CUDA wheels \(ERROR: No matching distribution found for nvidia-cudnn-cu12==9\.3\.0\.75\), and this system lacks:\n/);
        assert.match(error.message, /libcudnn\.so\.9 \(cuDNN 9\): `pip install nvidia-cudnn-cu12==9\.3\.0\.75`, or `apt-get install libcudnn9-cuda-12`/);
        assert.match(error.message, /libcublas\.so\.12 \(cuBLAS 12\): `pip install nvidia-cublas-cu12`, or `apt-get install libcublas-12-5`/);
        assert.match(error.message, /all at once: `pip install nvidia-cuda-runtime-cu12==12\.5\.82 nvidia-cudnn-cu12==9\.3\.0\.75`/);
        return true;
      },
    );
  } finally {
    delete process.env.FAKE_PIP_FAIL;
  }
  assert.throws(() => cudaLibraries([], cache, quietTools(python), {}, noSystem), /names no and-cuda extra/);
  assert.throws(() => cudaLibraries(REQUIREMENTS, cache, quietTools(python), { MINIMA_CUDA: "system" }, noSystem), /MINIMA_CUDA=system, and this system lacks:\n/);
});

test("RUNPATH: the pip wheels' nvidia/ folder linked next to each lib/ parent, replacing an earlier link", () => {
  const site = mkdtempSync(path.join(os.tmpdir(), "minima-site-"));
  const parents = [mkdtempSync(path.join(os.tmpdir(), "minima-wheel-")), mkdtempSync(path.join(os.tmpdir(), "minima-deps-"))];
  linkForRunpath(parents, { source: "pip", found: [], sitePackages: site });
  linkForRunpath(parents, { source: "pip", found: [], sitePackages: site });
  for (const parent of parents) assert.equal(readlinkSync(path.join(parent, "nvidia")), path.join(site, "nvidia"));
});

test("the cache: the asked version, else the newest of the flavour's own folders", () => {
  const ready = ["tensorflow-cpu-2.20.0", "tensorflow-cpu-2.21.0", "tensorflow-2.21.0", "download"];
  assert.equal(cachedFolder("cpu", "", ready), "tensorflow-cpu-2.21.0");
  assert.equal(cachedFolder("cpu", "2.20.0", ready), "tensorflow-cpu-2.20.0");
  assert.equal(cachedFolder("gpu", "", ready), "tensorflow-2.21.0");
  assert.equal(cachedFolder("gpu", "2.20.0", ready), null);
  assert.equal(cachedFolder("gpu", "", ["tensorflow-cpu-2.21.0"]), null);
});

test("the fallback banner: the reason, that training runs on the CPU, and how to retry", () => {
  const banner = gpuFallbackBanner("pip could not install the CUDA wheels, and this system lacks:\n  libcudnn.so.9 (cuDNN 9): …", "NVIDIA driver 570.86.15");
  assert.equal(banner[1], "WARNING: the GPU engine (chosen for: NVIDIA driver 570.86.15) could not be set up:");
  assert.equal(banner[3], "  libcudnn.so.9 (cuDNN 9): …");
  assert.match(banner.join("\n"), /training will run on the CPU.*\n.*npm run setup/);
});
