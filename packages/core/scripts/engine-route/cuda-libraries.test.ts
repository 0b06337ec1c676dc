import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import {
  CUDA_LIBRARIES,
  cudaWheelPins,
  findInSitePackages,
  findInSystem,
  libraryDirs,
  missingLibraries,
  missingMessage,
  parseLdconfig,
  runpathLinks,
  systemLibraryDirs,
} from "./cuda-libraries.ts";

const listDir = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
const touch = (file: string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, "");
};

/** site-packages as `pip install --target` leaves the nvidia-*-cu12 wheels. */
function fakeSitePackages(skip: string[] = []): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "minima-site-"));
  for (const lib of CUDA_LIBRARIES) if (!skip.includes(lib.soname)) touch(path.join(root, "nvidia", lib.component, "lib", lib.soname));
  touch(path.join(root, "nvidia", "cudnn", "lib", "libcudnn_ops.so.9"));
  return root;
}

/** A CUDA 12.4 runfile install beside an older 11.8, cuDNN 9 from NVIDIA's apt repository elsewhere. */
function fakeToolkit(): { root: string; cudaRoots: string[]; triplet: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), "minima-cuda-"));
  const lib64 = path.join(root, "usr/local/cuda-12.4/lib64");
  for (const name of ["libcudart.so.12", "libcudart.so.12.4.127", "libcublas.so.12", "libcublasLt.so.12", "libcufft.so.11", "libcusolver.so.11", "libcusparse.so.12", "libnvJitLink.so.12"]) {
    touch(path.join(lib64, name));
  }
  touch(path.join(root, "usr/local/cuda-11.8/lib64/libcudart.so.11.0"));
  const distro = path.join(root, "usr/lib/x86_64-linux-gnu");
  for (const name of ["libcudnn.so.9", "libcudnn.so.9.1.0", "libcudnn_ops.so.9", "libcudnn_engines_precompiled.so.9", "libnccl.so.2", "libc.so.6"]) touch(path.join(distro, name));
  return { root, cudaRoots: ["cuda-11.8", "cuda", "cuda-12.4"].map((d) => path.join(root, "usr/local", d)), triplet: "x86_64-linux-gnu" };
}

test("the pins: every and-cuda wheel but the compiler", () => {
  const pins = cudaWheelPins([
    { project: "nvidia-cublas-cu12", minimum: "12.5.3.2" },
    { project: "nvidia-cuda-nvcc-cu12", minimum: "12.5.82" },
    { project: "nvidia-cudnn-cu12", minimum: "9.3.0.75" },
  ]);
  assert.deepEqual(pins, ["nvidia-cublas-cu12==12.5.3.2", "nvidia-cudnn-cu12==9.3.0.75"]);
});

test("site-packages: each library in its wheel's folder, with the wheel's version", () => {
  const site = fakeSitePackages();
  const found = findInSitePackages(site, existsSync, { "nvidia-cudnn-cu12": "9.3.0.75" });
  assert.equal(found.length, CUDA_LIBRARIES.length);
  assert.deepEqual(found.find((f) => f.soname === "libcudnn.so.9"), { soname: "libcudnn.so.9", path: path.join(site, "nvidia/cudnn/lib/libcudnn.so.9"), version: "9.3.0.75" });
  assert.deepEqual(libraryDirs(found).map((d) => path.relative(site, d)), [
    "nvidia/cuda_runtime/lib", "nvidia/cublas/lib", "nvidia/cufft/lib", "nvidia/cusolver/lib", "nvidia/cusparse/lib", "nvidia/nvjitlink/lib", "nvidia/cudnn/lib", "nvidia/nccl/lib",
  ]);
  assert.deepEqual(missingLibraries(findInSitePackages(fakeSitePackages(["libcudnn.so.9"]), existsSync)).map((m) => m.soname), ["libcudnn.so.9"]);
});

test("a system install: the CUDA 12 toolkit before older ones, cuDNN and NCCL from the distro folder, versions from file names", () => {
  const { root, cudaRoots, triplet } = fakeToolkit();
  const dirs = systemLibraryDirs(cudaRoots, triplet).map((d) => (d.startsWith(root) ? d : path.join(root, d)));
  assert.deepEqual(dirs.map((d) => path.relative(root, d)).slice(0, 4), ["usr/local/cuda-12.4/lib64", "usr/local/cuda-12.4/targets/x86_64-linux/lib", "usr/local/cuda/lib64", "usr/local/cuda/targets/x86_64-linux/lib"]);
  const found = findInSystem(dirs, new Map(), listDir);
  assert.deepEqual(missingLibraries(found), []);
  assert.equal(found.find((f) => f.soname === "libcudart.so.12")!.version, "12.4.127");
  assert.equal(found.find((f) => f.soname === "libcudnn.so.9")!.version, "9.1.0");
  assert.equal(path.relative(root, found.find((f) => f.soname === "libnccl.so.2")!.path), "usr/lib/x86_64-linux-gnu/libnccl.so.2");
});

test("ldconfig's cache finds what the usual folders do not", () => {
  const { root } = fakeToolkit();
  const ldconfig = parseLdconfig(`1021 libs found in cache \`/etc/ld.so.cache'
\tlibcudnn.so.9 (libc6,x86-64) => ${root}/usr/lib/x86_64-linux-gnu/libcudnn.so.9
\tlibcudart.so.12 (libc6,x86-64) => ${root}/usr/local/cuda-12.4/lib64/libcudart.so.12
\tlibcudart.so.12 (libc6) => /usr/lib32/libcudart.so.12
`);
  assert.equal(ldconfig.get("libcudart.so.12"), `${root}/usr/local/cuda-12.4/lib64/libcudart.so.12`);
  const found = findInSystem([], ldconfig, listDir);
  assert.deepEqual(found.map((f) => [f.soname, f.version]), [["libcudart.so.12", "12.4.127"], ["libcudnn.so.9", "9.1.0"]]);
});

test("what is missing, each with its pip pin and its apt package", () => {
  const missing = missingLibraries([]).filter((l) => ["libcudnn.so.9", "libcublasLt.so.12"].includes(l.soname));
  assert.equal(
    missingMessage(missing, ["nvidia-cublas-cu12==12.5.3.2", "nvidia-cudnn-cu12==9.3.0.75"]),
    "  libcublasLt.so.12 (cuBLASLt 12): `pip install nvidia-cublas-cu12==12.5.3.2`, or `apt-get install libcublas-12-5` from NVIDIA's CUDA repository\n" +
      "  libcudnn.so.9 (cuDNN 9): `pip install nvidia-cudnn-cu12==9.3.0.75`, or `apt-get install libcudnn9-cuda-12` from NVIDIA's CUDA repository",
  );
});

test("RUNPATH links for a system install: each library and its sub-libraries under nvidia/<component>/lib", () => {
  const { root, cudaRoots, triplet } = fakeToolkit();
  const found = findInSystem(systemLibraryDirs(cudaRoots, triplet).map((d) => (d.startsWith(root) ? d : path.join(root, d))), new Map(), listDir);
  const links = runpathLinks(found, listDir).map(({ link, target }) => [link, path.relative(root, target)]);
  assert.deepEqual(links.filter(([link]) => link!.includes("cudnn")), [
    ["nvidia/cudnn/lib/libcudnn.so.9", "usr/lib/x86_64-linux-gnu/libcudnn.so.9"],
    ["nvidia/cudnn/lib/libcudnn_engines_precompiled.so.9", "usr/lib/x86_64-linux-gnu/libcudnn_engines_precompiled.so.9"],
    ["nvidia/cudnn/lib/libcudnn_ops.so.9", "usr/lib/x86_64-linux-gnu/libcudnn_ops.so.9"],
  ]);
  assert.ok(links.some(([link]) => link === "nvidia/cuda_runtime/lib/libcudart.so.12"));
  assert.ok(!links.some(([link]) => link!.includes("libc.so")));
});
