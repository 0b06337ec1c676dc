import { engineReport, initEngine } from "@minima/core";
import { existsSync, readFileSync, statfsSync } from "node:fs";
import path from "node:path";
import { configFromEnv } from "../daemon/config.ts";
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
  summary: "Print the training engine, versions, GPU and data-directory facts.",
  usage: `Usage: minima doctor [--json] [options]

  --json                Machine-readable output.
${DATA_HELP}`,
  options: { ...DATA_OPTIONS, json: { type: "boolean" } },
  run: (values) => runDoctor(stringFlags(values), values.json === true),
};

/** What the training engine is and why, and where the data lives. */
async function runDoctor(flags: Record<string, string | undefined>, json: boolean): Promise<number> {
  const config = configFromEnv(process.env, flags);
  const engine = await initEngine();
  const report = { ...engineReport(engine), dataDir: dataDirFacts(config.dataDir), database: config.databaseUrl ? "postgres" : "pglite" };
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
    report.gpu.warning ? `WARNING        ${report.gpu.warning}` : null,
    `data dir       ${report.dataDir.path}${report.dataDir.exists ? "" : " (not created yet)"}, ${report.dataDir.freeGiB ?? "?"} GiB free`,
    `database       ${report.database}${report.dataDir.embeddedDatabase ? " (embedded database present)" : ""}`,
    `daemon         ${report.dataDir.daemon ? JSON.stringify(report.dataDir.daemon) : "none holds this data dir"}`,
  ];
  console.log(lines.filter(Boolean).join("\n"));
  return 0;
}
