export { createRollups, defaultInstanceId } from './rollups.js';
export { LogHistogram, HistogramParseError, RELATIVE_ACCURACY } from './log-histogram.js';
export { ROLLUP_SERIES, validateRollupSeries } from './rollup-series.js';
export { MAX_POINTS } from './time-range.js';
//# sourceMappingURL=index.js.map