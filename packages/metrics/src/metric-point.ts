/**
 * One measured value of a run, as the training core reports it and the database stores it
 * (long format: one row per name). `phase` names the part of the run ("train", "pretrain", …);
 * `epoch` is 1-based within the phase; `step` counts optimizer steps within the phase.
 */
export interface MetricPoint {
  phase: string;
  epoch: number;
  step: number;
  name: string;
  value: number;
  /** Milliseconds since the Unix epoch. */
  time: number;
}

/** A stored metric point: `id` increases in the order points were written, per database. */
export interface MetricRow extends MetricPoint {
  id: number;
  runId: string;
}

/** The names the training core reports at the end of every logged epoch. */
export const EPOCH_METRICS = ["train_acc", "train_loss", "test_acc", "test_loss", "lr"] as const;
export type EpochMetricName = (typeof EPOCH_METRICS)[number];

/** The metrics of one epoch, as the core's training loops report them. */
export function epochPoints(
  phase: string,
  epoch: number,
  step: number,
  values: Partial<Record<EpochMetricName, number>>,
  time = Date.now(),
): MetricPoint[] {
  return EPOCH_METRICS.filter((name) => values[name] !== undefined).map((name) => ({
    phase,
    epoch,
    step,
    name,
    value: values[name]!,
    time,
  }));
}
