/** Live drift and quality monitors: configuration, the runner loop, their alert series and the LLM judge. */
export { createMonitors } from './monitors.js';
export { createServingJudge } from './judge-call.js';
export { parseJudgeReply, renderRubric, judgeMessages } from './judge-reply.js';
export { judgeEvaluatorName } from './judge-runner.js';
export { monitorConfigSchema, parseMonitorConfig, QUALITY_EVALUATORS, STAT_TESTS, } from './monitor-config.js';
export { MAX_REFERENCE_ROWS, MAX_REFERENCE_BYTES } from './reference-dataset.js';
export { MAX_SAMPLE_ROWS } from './sampling.js';
//# sourceMappingURL=index.js.map