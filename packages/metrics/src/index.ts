export {
  FINISHED_STATUSES,
  LIVE_STATUSES,
  RUN_ACTIONS,
  RUN_EVENT_TYPES,
  RUN_STATUSES,
  STATUS_AFTER_STOP,
  USER_ACTIONS,
  allowedFrom,
  emptyRunCounts,
  eventOfStatus,
  experimentStatus,
  isFinished,
  mayAsk,
  userActions,
  type RunAction,
  type RunEventType,
  type RunStatus,
  type RunUpdate,
  type StopRequest,
  type UserAction,
} from "./run-lifecycle.ts";
export {
  RANGE_FILTER_KEYS,
  RANGE_LIMITS,
  RUN_INITS,
  RUN_MODES,
  SETTING_FILTER_KEYS,
  SETTING_FILTER_MAX_VALUES,
  SETTING_LIMITS,
  SETTING_NAME_PATTERN,
  filterValues,
  settingFilterProblem,
  type NumberRange,
  type OneOrMore,
  type RangeFilterKey,
  type RunInit,
  type RunSettingFilter,
} from "./run-setting-filter.ts";
export { ANNOTATION_LIMITS, TAG_PATTERN, normalizeTag, parseTags, tagProblem, tagsProblem, type Annotation } from "./annotations.ts";
export { EPOCH_METRICS, epochPoints, type EpochMetricName, type MetricPoint, type MetricRow } from "./metric-point.ts";
export { fromColumns, toColumns, type MetricColumns } from "./metric-columns.ts";
export { toSeries, type Series } from "./series.ts";
export {
  FIGURE1_PLANE,
  positiveFraction,
  rasterGrid,
  type DecisionRaster,
  type LabelledPoint,
} from "./decision-raster.ts";
export { FIGURE1_TITLES, figure1Title } from "./figure1-titles.ts";
export { canonicalJson } from "./canonical-json.ts";
export { MetricsError } from "./metrics-error.ts";
export { isSelected, selectedTensorNames, type NamedWeights, type TensorSelection } from "./named-weights.ts";
export { distance, type WeightOptions } from "./distance.ts";
export { frobeniusNorm } from "./frobenius-norm.ts";
export { aggregate, type EmptyStats, type MeasuredStats, type SeedStats } from "./aggregate.ts";
export {
  CHECKPOINTS,
  TABLE1_COLUMNS,
  TABLE1_DATASETS,
  TABLE1_MODELS,
  columnPair,
  paperLabel,
  type Checkpoint,
  type Table1Column,
  type Table1Dataset,
  type Table1Model,
} from "./table1-columns.ts";
export {
  TABLE2_PAPER_SETTING,
  sameSetting,
  settingLabel,
  singleSetting,
  table1Comparison,
  table2Comparison,
  type PaperComparison,
  type Setting,
} from "./paper-setting.ts";
export { PAPER_VIEWS, paperViews, type PaperView, type RunEvidence } from "./paper-views.ts";
export { PUBLISHED_TABLE1, publishedTable1Row, type PublishedTable1Row } from "./published-table1.ts";
export {
  INITS,
  PUBLISHED_TABLE2,
  SPLITS,
  TABLE2_MODES,
  TABLE2_MODE_LABELS,
  type Init,
  type PublishedStat,
  type PublishedTable2,
  type Split,
  type Table2Mode,
} from "./published-table2.ts";
export type { PublishedValue, SeedMeasure, TableCell } from "./table-cell.ts";
export { table1, type Table1, type Table1Measure, type Table1Options, type Table1Row, type TableOptions } from "./table1.ts";
export { table2, type Table2, type Table2Measure, type Table2Options, type Table2Row } from "./table2.ts";
export { seriesBand, type BandPoint, type SeedPoint } from "./series-band.ts";
export { formatFixed, formatMeanStd } from "./number-format.ts";
export { escapeLatex, escapeXml, latexTabular, markdownTable, toCsv, type CsvValue } from "./grid-formats.ts";
export { EXPORT_FORMATS, type ExportFormat, type ExportOptions } from "./export-format.ts";
export { exportTable1 } from "./table1-export.ts";
export { exportTable2 } from "./table2-export.ts";
export { exportSeriesBand, type SeriesExportOptions } from "./series-band-export.ts";
