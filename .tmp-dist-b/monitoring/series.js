/**
 * Time series that alert rules read. The rollups (request counts, error rate, latency…) and the drift/quality
 * monitors each provide a SeriesSource; alerting routes a rule to the source that knows its series name.
 */
export {};
//# sourceMappingURL=series.js.map