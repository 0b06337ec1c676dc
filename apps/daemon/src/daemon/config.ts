import { execFileSync } from "node:child_process";
import os from "node:os";
import { readSettings, type SettingValues } from "./settings.ts";

/** Everything a daemon needs to start, read from its settings (settings.ts) and the GPUs found. */
export interface DaemonConfig {
  dataDir: string;
  host: string;
  port: number;
  /** PostgreSQL server for several daemons; unset: the embedded PGlite in dataDir. */
  databaseUrl?: string | undefined;
  /** Runs at once on this host; 0: serve the API and run nothing (a front for other hosts). */
  concurrency: number;
  /** The GPUs runs are placed on; empty on a CPU host. */
  gpus: Gpu[];
  /** Origins allowed to call the API from a browser ("*" for any). */
  corsOrigin: string;
  /** Run artifacts (checkpoints, rasters); with several hosts, a folder they all mount. */
  artifactsDir: string;
  /** How often this daemon records that it is alive. */
  heartbeatMs: number;
  /** A daemon silent this long is dead: any live daemon puts its runs back in the queue. */
  heartbeatTimeoutMs: number;
  /** On SIGTERM, how long runs may take to reach their next checkpoint before they are killed. */
  shutdownGraceMs: number;
  /** HTTPS: the PEM certificate chain and private key files; null serves plain HTTP. */
  tls: { certFile: string; keyFile: string } | null;
  /** Listen beyond loopback over plain HTTP (tokens cross the network in clear text). */
  insecureHttp: boolean;
  /** Log lines: "pretty" for a terminal, "json" (one object a line) for a log collector. */
  logFormat: SettingValues["logFormat"];
  logLevel: SettingValues["logLevel"];
}


/** A GPU runs are placed on: its id as CUDA_VISIBLE_DEVICES names it, and its memory if known. */
export interface Gpu {
  id: string;
  memoryMb: number | null;
}

/** What `nvidia-smi` reports of each GPU: index and total memory in MiB. Empty without a driver. */
function queryGpus(): Gpu[] {
  try {
    return execFileSync("nvidia-smi", ["--query-gpu=index,memory.total", "--format=csv,noheader,nounits"], { encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"] })
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => {
        const [id, memory] = line.split(",").map((part) => part.trim());
        return { id: id!, memoryMb: Number.isFinite(Number(memory)) ? Number(memory) : null };
      });
  } catch {
    return [];
  }
}

/**
 * The GPUs this host's runs can use: those CUDA_VISIBLE_DEVICES names if it is set, else every
 * GPU nvidia-smi lists. `memoryGb` (MINIMA_GPU_MEMORY_GB) sets each one's memory where the driver cannot say.
 */
export function gpusOf(env: NodeJS.ProcessEnv = process.env, memoryGb?: number): Gpu[] {
  const visible = env.CUDA_VISIBLE_DEVICES?.trim();
  const listed = visible === undefined || (visible !== "" && visible !== "-1") ? queryGpus() : [];
  const gpus = visible === undefined ? listed : visible === "" || visible === "-1" ? [] : visible.split(",").map((id) => listed.find((g) => g.id === id.trim()) ?? { id: id.trim(), memoryMb: null });
  if (memoryGb === undefined) return gpus;
  return gpus.map((g) => ({ ...g, memoryMb: Math.round(memoryGb * 1024) }));
}

/** With GPUs: at most this many runs share one, however small their memory estimates. */
export const RUNS_PER_GPU_CAP = 8;

/**
 * On a GPU host, what fits: a run without a memory estimate has a GPU to itself (TensorFlow
 * takes a whole GPU's memory per process), runs with estimates share one while their sum fits,
 * up to RUNS_PER_GPU_CAP each. On a CPU host, one run per two cores (each worker's TensorFlow
 * uses several threads), at least one.
 */
export function defaultConcurrency(gpus: readonly Gpu[]): number {
  return gpus.length > 0 ? gpus.length * RUNS_PER_GPU_CAP : Math.max(1, Math.floor(os.availableParallelism() / 2));
}

/** The daemon's configuration from its flags (which win) and the MINIMA_* environment. */
export function configFromEnv(env: NodeJS.ProcessEnv, flags: Record<string, string | boolean | undefined> = {}): DaemonConfig {
  const { tlsCert, tlsKey, gpuMemoryGb, concurrency, ...settings } = readSettings(env, flags);
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    throw new Error("HTTPS needs both --tls-cert and --tls-key (MINIMA_TLS_CERT and MINIMA_TLS_KEY).");
  }
  if (settings.heartbeatTimeoutMs < 2 * settings.heartbeatMs) {
    throw new Error(
      `MINIMA_HEARTBEAT_TIMEOUT_SECONDS (${settings.heartbeatTimeoutMs / 1000}) must be at least twice MINIMA_HEARTBEAT_SECONDS (${settings.heartbeatMs / 1000}), or live daemons would be taken for dead.`,
    );
  }
  const gpus = gpusOf(env, gpuMemoryGb);
  return {
    ...settings,
    gpus,
    concurrency: concurrency ?? defaultConcurrency(gpus),
    tls: tlsCert && tlsKey ? { certFile: tlsCert, keyFile: tlsKey } : null,
  };
}
