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
    }
  | { type: "cancel" };

/** What a worker reports while it runs. */
export type FromWorker =
  | { type: "engine"; backend: string; provider: string; device: string; fallbackReason: string | null }
  | { type: "metrics"; epoch: number; points: MetricPoint[] }
  | { type: "artifact"; name: string; kind: string }
  | { type: "log"; message: string }
  | { type: "done" }
  | { type: "failed"; error: string };
