import type { ClaimRoom } from "@minima/db";
import type { Gpu } from "../daemon/config.ts";

/** A run executing on this host: the GPU it was given (null on a CPU host) and its memory estimate. */
export interface Placed {
  gpu: string | null;
  memoryMb: number | null;
}

/** Where the next run may go, and what it may be. */
export interface Placement {
  gpu: string | null;
  room: ClaimRoom;
}

/**
 * The next place for a run, or null when none is free. On a CPU host any run may start (the
 * daemon's concurrency bounds how many). On a GPU host: an idle GPU takes any run; a GPU whose
 * runs all have memory estimates takes one more whose estimate fits in what they leave (the GPU
 * with most left is tried); a GPU running a run without an estimate is full.
 */
export function nextPlacement(gpus: readonly Gpu[], placed: readonly Placed[], runsPerGpuCap: number): Placement | null {
  if (gpus.length === 0) return { gpu: null, room: { anyRun: true } };
  const on = (gpu: Gpu) => placed.filter((p) => p.gpu === gpu.id);
  const idle = gpus.find((gpu) => on(gpu).length === 0);
  if (idle) return { gpu: idle.id, room: { anyRun: true } };
  let best: Placement | null = null;
  let bestLeft = 0;
  for (const gpu of gpus) {
    const runs = on(gpu);
    if (gpu.memoryMb === null || runs.length >= runsPerGpuCap || runs.some((p) => p.memoryMb === null)) continue;
    const left = gpu.memoryMb - runs.reduce((sum, p) => sum + p.memoryMb!, 0);
    if (left > bestLeft) {
      best = { gpu: gpu.id, room: { estimatedUpToMb: left } };
      bestLeft = left;
    }
  }
  return best;
}
