import { engineReport, initEngine, type GpuStackReport } from "@minima/core";
import { existsSync, readFileSync, statfsSync } from "node:fs";
import path from "node:path";
import { configFromEnv } from "../daemon/config.ts";
import { queryGpuReadings } from "../machine/nvidia-smi.ts";
import { DATA_HELP, DATA_OPTIONS, stringFlags, type Command } from "./command.ts";

function dataDirFacts(dataDir: string) {
  const lockFile = path.join(dataDir, "daemon.lock");
  let freeGiB: number | null = null;
  try {
    const stats = statfsSync(existsSync(dataDir) ? dataDir : path.dirname(dataDir));
    freeGiB = Math.round(((stats.bavail * stats.bsize) / 2 ** 30) * 10) / 10;
  } catch {
    // Not reachable: reported as unknown.
  }
  return {
    path: dataDir,
    exists: existsSync(dataDir),
    embeddedDatabase: existsSync(path.join(dataDir, "db")),
    daemon: existsSync(lockFile) ? (JSON.parse(readFileSync(lockFile, "utf8")) as unknown) : null,
    freeGiB,
  };
}

export const doctorCommand: Command = {
  name: "doctor",
  usage: `Usage: minima doctor [--json] [options]

  --json                Machine-readable output.
${DATA_HELP}`,
  options: { ...DATA_OPTIONS, json: { type: "boolean" } },
  run: (values) => runDoctor(stringFlags(values), values.json === true),
};

/** tfjs-node-gpu's libtensorflow: what it loaded, each GPU's kernels, and what stands in the way. */
export function gpuStackLines(stack: GpuStackReport): string[] {
  const source = stack.cudaSource === "pip" ? ", from the nvidia-*-cu12 wheels" : stack.cudaSource === "system" ? ", from this system's CUDA install" : "";
  return [
    `gpu engine     libtensorflow ${stack.libtensorflow ?? "—"} ${stack.usingGpu ? "on the GPU" : "NOT on the GPU"}: CUDA runtime ${stack.cudaRuntime ?? "—"}, cuDNN ${stack.cudnn ?? "—"}${source}`,
    ...stack.devices.map(
      (d) => `gpu ${d.index.padEnd(11)}${d.name}, compute capability ${d.computeCapability ?? "?"}, ${d.memoryTotalMb === null ? "?" : (d.memoryTotalMb / 1024).toFixed(1)} GiB: ${d.kernels}`,
    ),
    ...stack.problems.map((p) => `PROBLEM        ${p}`),
  ];
}

/** What the training engine is and why, and where the data lives. */
async function runDoctor(flags: Record<string, string | undefined>, json: boolean): Promise<number> {
  const config = configFromEnv(process.env, flags);
  const engine = await initEngine();
  // The machine sampler's nvidia-smi query names each GPU and its memory; none on a CPU host.
  const readings = await queryGpuReadings().catch(() => []);
  const report = { ...engineReport(engine, readings), dataDir: dataDirFacts(config.dataDir), database: config.databaseUrl ? "postgres" : "pglite" };
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return 0;
  }
  const e = report.engine;
  const lines = [
    `backend        ${e.backend} on ${e.device} (${e.provider})`,
    e.fallbackReason ? `fallback       ${e.fallbackReason}` : null,
    `tfjs           ${e.tfjsVersion}`,
    `libtensorflow  ${e.libtensorflowVersion ?? "—"}${e.backend !== "tensorflow" ? "" : e.onednn ? ", CPU ops through oneDNN (TF_ENABLE_ONEDNN_OPTS=0 for the Eigen kernels)" : ", CPU ops through Eigen (TF_ENABLE_ONEDNN_OPTS=0; unset it for the faster oneDNN kernels)"}`,
    `allocator      ${report.workerAllocator}`,
    `node           ${report.node} on ${report.platform}, ${report.cpus} cores, ${report.memoryGiB} GiB`,
    `gpu            ${report.gpu.available ? report.gpu.devices.join("; ") : "none found"}`,
    report.gpu.available ? `cuda           driver ${report.gpu.driverVersion ?? "?"}, CUDA ${report.gpu.cudaVersion ?? "?"}` : null,
    ...(report.gpu.stack ? gpuStackLines(report.gpu.stack) : []),
    report.gpu.warning ? `WARNING        ${report.gpu.warning}` : null,
    `data dir       ${report.dataDir.path}${report.dataDir.exists ? "" : " (not created yet)"}, ${report.dataDir.freeGiB ?? "?"} GiB free`,
    `database       ${report.database}${report.dataDir.embeddedDatabase ? " (embedded database present)" : ""}`,
    `daemon         ${report.dataDir.daemon ? JSON.stringify(report.dataDir.daemon) : "none holds this data dir"}`,
  ];
  console.log(lines.filter(Boolean).join("\n"));
  return 0;
}
