export { createRollups, defaultInstanceId, type MetricsQueryInput, type MetricsResponse, type Rollups, type RollupsOptions, type RollupStats } from './rollups.js';
export { LogHistogram, HistogramParseError, RELATIVE_ACCURACY } from './log-histogram.js';
export type { RollupFeedback } from './rollup-state.js';
export type { MetricsPoint, MetricsSeries, RollupGroupBy, LatencySummary } from './rollup-query.js';
export { ROLLUP_SERIES, validateRollupSeries } from './rollup-series.js';
export { MAX_POINTS } from './time-range.js';
