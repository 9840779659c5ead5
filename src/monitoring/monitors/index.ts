/** Live drift and quality monitors: configuration, the runner loop, their alert series and the LLM judge. */
export { createMonitors, type Monitors, type MonitorsDependencies, type MonitorView, type EvaluationScore } from './monitors.js';
export { createServingJudge, type JudgeCall, type JudgeCallOptions, type JudgeCallResult } from './judge-call.js';
export { parseJudgeReply, renderRubric, judgeMessages, type JudgeMessage, type JudgeScore } from './judge-reply.js';
export { judgeEvaluatorName } from './judge-runner.js';
export {
  monitorConfigSchema,
  parseMonitorConfig,
  QUALITY_EVALUATORS,
  STAT_TESTS,
  type MonitorConfig,
  type DriftMonitorConfig,
  type QualityMonitorConfig,
  type JudgeConfig,
} from './monitor-config.js';
export type { MonitorRecord } from './monitor-store.js';
export { MAX_REFERENCE_ROWS, MAX_REFERENCE_BYTES } from './reference-dataset.js';
export { MAX_SAMPLE_ROWS } from './sampling.js';
export type { FlagForReview, MonitorRunResult } from './types.js';
