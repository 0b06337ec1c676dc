export { RUN_STATUSES, isFinished, type RunStatus } from "./run-status.ts";
export { EPOCH_METRICS, epochPoints, type EpochMetricName, type MetricPoint, type MetricRow } from "./metric-point.ts";
export { toSeries, type Series } from "./series.ts";
export {
  FIGURE1_PLANE,
  positiveFraction,
  rasterGrid,
  type DecisionRaster,
  type LabelledPoint,
} from "./decision-raster.ts";
