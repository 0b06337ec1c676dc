import { execFile } from "node:child_process";

/** One GPU as nvidia-smi reports it; a field the driver cannot report (`[N/A]`, `[Not Supported]`) is null. */
export interface GpuReading {
  /** The index CUDA_VISIBLE_DEVICES and the daemon's GPU ids use. */
  index: string;
  name: string;
  utilizationPercent: number | null;
  memoryUsedMb: number | null;
  memoryTotalMb: number | null;
  temperatureC: number | null;
}

/** The query, in the order parseGpuQuery reads its columns. */
export const GPU_QUERY_ARGS = ["--query-gpu=index,name,utilization.gpu,memory.used,memory.total,temperature.gpu", "--format=csv,noheader,nounits"];

const numberOrNull = (field: string | undefined): number | null => {
  const value = field === undefined || field.trim() === "" ? NaN : Number(field.trim());
  return Number.isFinite(value) ? value : null;
};

/**
 * Parses `nvidia-smi --query-gpu=index,name,utilization.gpu,memory.used,memory.total,temperature.gpu
 * --format=csv,noheader,nounits`: a line a GPU. The name sits between the index and four numbers,
 * so a name with a comma in it still parses; a line that is not a GPU's (a warning) is skipped.
 */
export function parseGpuQuery(output: string): GpuReading[] {
  const readings: GpuReading[] = [];
  for (const line of output.split(/\r?\n/)) {
    const fields = line.split(",").map((field) => field.trim());
    if (fields.length < 6 || !/^\d+$/.test(fields[0]!)) continue;
    const [utilization, used, total, temperature] = fields.slice(-4);
    readings.push({
      index: fields[0]!,
      name: fields.slice(1, -4).join(", "),
      utilizationPercent: numberOrNull(utilization),
      memoryUsedMb: numberOrNull(used),
      memoryTotalMb: numberOrNull(total),
      temperatureC: numberOrNull(temperature),
    });
  }
  return readings;
}

/** Runs the query (at most `timeoutMs`); rejects when nvidia-smi is missing, fails or hangs. */
export function queryGpuReadings(timeoutMs = 4000): Promise<GpuReading[]> {
  return new Promise((resolve, reject) => {
    execFile("nvidia-smi", GPU_QUERY_ARGS, { encoding: "utf8", timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`nvidia-smi failed: ${stderr.trim() || error.message}`));
      else resolve(parseGpuQuery(stdout));
    });
  });
}
