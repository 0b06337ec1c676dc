import type { MetricPoint } from "@minima/metrics";

/** What the daemon tells a worker. */
export type ToWorker =
  | {
      type: "start";
      run: { id: string; kind: string; config: Record<string, unknown> };
      /** Folder of each dependency's final weights, by dependency run key. */
      inputs: Record<string, string>;
      /** Folder of this run's artifacts; the worker writes `<name>/` or `<name>.json` below it. */
      outputDir: string;
      /** A checkpoint of this run to continue from (image and toy runs), instead of starting afresh. */
      resumeFrom?: string | undefined;
    }
  | { type: "cancel" }
  /**
   * Stop at the next checkpoint (pause, shutdown): an image run at its next scheduled one, a toy run
   * after its current epoch (it writes one then); a measurement has none and stops at once.
   */
  | { type: "stop" };

/** What a worker reports while it runs. */
export type FromWorker =
  | { type: "engine"; backend: string; provider: string; device: string; fused: boolean; onednn: boolean; allocator: string; fallbackReason: string | null }
  | { type: "metrics"; epoch: number; points: MetricPoint[] }
  | { type: "artifact"; name: string; kind: string }
  | { type: "log"; message: string }
  | { type: "done" }
  /** Stopped as asked, after its last checkpoint (image and toy runs) or at once (measurements). */
  | { type: "stopped" }
  | { type: "failed"; error: string };
