#!/usr/bin/env bash
# The GPU engine, checked end to end on a GPU host (issue 20): sets up the GPU engine from the
# TensorFlow wheel and the nvidia-*-cu12 wheels (MINIMA_ENGINE=gpu, no CPU fallback), prints
# `minima doctor`, runs `pnpm bench:engine` on the GPU (PyTorch CUDA beside it where torch has
# CUDA) and the toy and MLP rows on the CPU for comparison, trains a short Table 2 pair (ResNet18
# on CIFAR-10-shaped synthetic data, random and adversarial init, three epochs a phase: the paper
# profile's scaled lr milestones need three) and ends with one summary. Needs: an NVIDIA driver,
# pip reaching the wheels (PyPI or a mirror), the workspace installed (`npm run setup`). Takes
# about 15–30 minutes, most of it the ~3 GB of CUDA wheels and the first PTX JIT on a Hopper or
# Blackwell GPU.
# Usage: scripts/gpu-check.sh [output folder, default /tmp/minima-gpu-check-<time>]
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
OUT=${1:-/tmp/minima-gpu-check-$(date +%Y%m%d-%H%M%S)}
fail() {
  echo "gpu-check: $*" >&2
  exit 2
}

# 1. A GPU, before anything slow.
command -v nvidia-smi >/dev/null 2>&1 ||
  fail "no nvidia-smi on PATH: this host has no NVIDIA driver, so there is no GPU to check. Run it on a GPU host (driver 525.60.13 or newer)."
GPUS=$(nvidia-smi -L 2>&1) || fail "nvidia-smi finds no GPU: ${GPUS%%$'\n'*}"
grep -q '^GPU [0-9]' <<<"$GPUS" || fail "nvidia-smi lists no GPU: ${GPUS%%$'\n'*}"
mkdir -p "$OUT" || fail "cannot create $OUT"
echo "gpu-check: $(wc -l <<<"$GPUS") GPU(s); logs in $OUT"

step() {
  local name=$1
  shift
  echo "== $name: $*"
  local start=$SECONDS
  "$@" 2>&1 | tee "$OUT/$name.log"
  local rc=${PIPESTATUS[0]}
  echo "$name $rc $((SECONDS - start))" >>"$OUT/steps"
  return "$rc"
}

# 2. The GPU engine; a fallback to the CPU is a failure here.
step setup env MINIMA_ENGINE=gpu node packages/core/scripts/setup-engine.mjs --gpu --no-fallback ||
  fail "the GPU engine could not be set up; $OUT/setup.log names what is missing"

# 3. What it loaded.
step doctor node apps/daemon/bin/minima.mjs doctor
node apps/daemon/bin/minima.mjs doctor --json >"$OUT/doctor.json" 2>/dev/null

# 4. Step times: every workload on the GPU against PyTorch (CUDA where torch has it), then the
#    small nets on the CPU engine, to compare tfjs's per-op overhead on both.
step bench-gpu env MINIMA_BENCH_DEVICE=cuda pnpm bench:engine --rounds 2 toy mlp small-cnn resnet18 vgg16 resnet50 densenet-bc-40
step bench-cpu env MINIMA_ENGINE=cpu MINIMA_BENCH_DEVICE=cpu pnpm bench:engine --rounds 2 toy mlp

# 5. A short Table 2 pair: ResNet18 on CIFAR-10-shaped synthetic data, the paper's protocol.
for init in random adversarial; do
  step "table2-$init" node apps/daemon/bin/minima.mjs train --preset table2-ablation --profile paper --dataset synthetic --model resnet18 \
    --mode sota --init "$init" --epochs 3 --pretrain-epochs 3 --replicas 2 --train-subset 2000 --test-subset 500 --out "$OUT/table2-$init"
done

# 6. One summary.
node - "$OUT" <<'SUMMARY'
const fs = require("node:fs");
const path = require("node:path");
const out = process.argv[2];
const read = (f) => (fs.existsSync(path.join(out, f)) ? fs.readFileSync(path.join(out, f), "utf8") : "");
const steps = Object.fromEntries(read("steps").trim().split("\n").filter(Boolean).map((l) => { const [n, rc, s] = l.split(" "); return [n, { rc: Number(rc), s: Number(s) }]; }));
let doctor = null;
try { doctor = JSON.parse(read("doctor.json")); } catch {}
const stack = doctor?.gpu?.stack;
const rows = (log) => Object.fromEntries(read(log).split("\n").filter((l) => /^\S+\s+\d+\s+[\d.]+\s/.test(l)).map((l) => { const c = l.trim().split(/\s+/); return [c[0], { tfjs: Number(c[2]), torch: Number(c[3]) || null, ratio: c[4] }]; }));
const gpu = rows("bench-gpu.log"), cpu = rows("bench-cpu.log");
const lines = ["", "==================== minima gpu-check summary ====================", `date           ${new Date().toISOString()}`];
if (doctor) {
  const e = doctor.engine;
  lines.push(`engine         ${e.backend} on ${e.device} (${e.provider}), libtensorflow ${e.libtensorflowVersion ?? "—"}`);
  lines.push(`driver         ${doctor.gpu.driverVersion ?? "?"} (CUDA ${doctor.gpu.cudaVersion ?? "?"}); loaded CUDA runtime ${stack?.cudaRuntime ?? "—"}, cuDNN ${stack?.cudnn ?? "—"}`);
  for (const d of stack?.devices ?? []) lines.push(`gpu ${d.index.padEnd(11)}${d.name}, cc ${d.computeCapability ?? "?"}, ${d.memoryTotalMb} MiB: ${d.kernels}`);
  for (const p of stack?.problems ?? []) lines.push(`PROBLEM        ${p}`);
}
lines.push("", "workload        tfjs GPU ms   torch ms   ratio    target   tfjs CPU ms");
const target = { resnet18: 1.2 };
for (const [name, r] of Object.entries(gpu)) {
  const c = cpu[name];
  const verdict = target[name] ? (r.torch && r.tfjs / r.torch <= target[name] ? "met" : "MISSED") : c ? (r.tfjs <= c.tfjs ? "GPU ≤ CPU: met" : "GPU > CPU: MISSED") : "";
  lines.push(`${name.padEnd(15)}${r.tfjs.toFixed(2).padStart(12)}${(r.torch?.toFixed(2) ?? "—").padStart(11)}${String(r.ratio).padStart(8)}${(target[name] ? `≤ ${target[name]}×` : "").padStart(10)}${(c ? c.tfjs.toFixed(2) : "").padStart(14)}   ${verdict}`);
}
lines.push("");
for (const init of ["random", "adversarial"]) {
  const s = steps[`table2-${init}`];
  const done = read(`table2-${init}.log`).split("\n").filter((l) => /: done after/.test(l)).map((l) => l.trim());
  lines.push(`table2 ${init.padEnd(12)}${s ? `${s.rc === 0 ? "ok" : `FAILED (exit ${s.rc})`} in ${s.s} s` : "not run"}${done.length ? `: ${done.join("; ")}` : ""}`);
}
const failed = Object.entries(steps).filter(([, s]) => s.rc !== 0).map(([n]) => n);
lines.push("", failed.length ? `FAILED steps: ${failed.join(", ")} (logs in ${out})` : `all steps ran; logs in ${out}`, "=".repeat(66));
console.log(lines.join("\n"));
process.exit(failed.length ? 1 : 0);
SUMMARY
