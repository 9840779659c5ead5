import { z } from 'zod';
import { errors } from '../../errors/index.js';
/**
 * Monitor configuration: one strict zod schema per kind, shared by the HTTP API (create / patch) and the runner
 * (which re-parses what it stored). Checks that need the descriptor catalogue (column names) live in
 * `checkMonitorColumns`, so the schema stays a pure shape.
 */
export const STAT_TESTS = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi', 'domain_classifier', 'mmd'];
export const QUALITY_EVALUATORS = ['relevance', 'groundedness', 'hallucination_markers', 'refusal_rate', 'empty_rate', 'diversity'];
/** Monitor names become series names (`drift.{name}.share_drifted`), so no dots. */
const monitorName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" or "-", at most 64 characters (it becomes part of series names)');
const millis = z.number().int().min(0);
const positiveSeconds = z.number().positive().max(400 * 86_400);
const filterSchema = z
    .object({
    served_entity_name: z.string().min(1).max(256).optional(),
    model_version: z.string().min(1).max(256).optional(),
})
    .strict();
const referenceSchema = z.discriminatedUnion('type', [
    z
        .object({ type: z.literal('window'), start: millis, end: millis })
        .strict()
        .refine((value) => value.end > value.start, { message: 'reference.end must be later than reference.start' }),
    z
        .object({
        type: z.literal('version_start'),
        served_entity_name: z.string().min(1).max(256).optional(),
        model_version: z.string().min(1).max(256).optional(),
        duration_seconds: positiveSeconds,
    })
        .strict(),
    z.object({ type: z.literal('dataset') }).strict(),
]);
const commonFields = {
    endpoint_name: z.string().min(1).max(256),
    name: monitorName,
    /** How often a new point is computed; defaults to `monitoring.monitor_interval_ms`. Minimum 1 s. */
    interval_seconds: z.number().min(1).max(86_400 * 7).optional(),
    filter: filterSchema.optional(),
    /** The rolling window every run looks at: [now - current_window_seconds, now). */
    current_window_seconds: positiveSeconds,
    /** Below this many rows on either side the result is `insufficient_data`, with no verdict. */
    min_rows: z.number().int().min(1).max(1_000_000).default(30),
};
const statTest = z.enum(STAT_TESTS);
export const driftMonitorSchema = z
    .object({
    ...commonFields,
    kind: z.literal('drift'),
    reference: referenceSchema,
    /** Descriptor columns to compare; default every numerical and categorical descriptor. */
    columns: z.array(z.string().min(1).max(128)).min(1).max(200).optional(),
    embeddings: z.array(z.enum(['prompt', 'response'])).max(2).optional(),
    embedding_test: z.enum(['domain_classifier', 'mmd']).optional(),
    embedding_threshold: z.number().positive().optional(),
    stattest: z.union([statTest, z.record(z.string().min(1).max(128), statTest)]).optional(),
    thresholds: z.record(z.string().min(1).max(128), z.number().positive()).optional(),
    drift_share: z.number().gt(0).max(1).default(0.5),
})
    .strict();
const judgeSchema = z
    .object({
    /** Any Cairn endpoint; the monitor's creator must be allowed to query it. */
    endpoint: z.string().min(1).max(256),
    /** Prompt template; `{{prompt}}`, `{{response}}` and `{{context}}` are replaced by the call's (masked) texts. */
    rubric: z.string().min(1).max(20_000),
    sample_fraction: z.number().min(0).max(1).default(0.1),
    max_cost_usd_per_day: z.number().min(0).default(1),
    max_calls_per_minute: z.number().int().min(1).max(10_000).default(30),
    score_min: z.number().default(0),
    score_max: z.number().default(1),
    /** Allowed labels (when the judge answers a label only, its position maps onto [score_min, score_max]). */
    labels: z.array(z.string().min(1).max(64)).max(20).optional(),
    /** Scores below this send the call to the review queue (source `quality`). */
    flag_below: z.number().optional(),
    max_tokens: z.number().int().min(1).max(4096).default(256),
})
    .strict()
    .refine((judge) => judge.score_max > judge.score_min, { message: 'judge.score_max must be greater than judge.score_min' });
export const qualityMonitorSchema = z
    .object({
    ...commonFields,
    kind: z.literal('quality'),
    evaluators: z.array(z.enum(QUALITY_EVALUATORS)).max(QUALITY_EVALUATORS.length).default([...QUALITY_EVALUATORS]),
    judge: judgeSchema.optional(),
    /**
     * Per-call scores below these thresholds send the call to the review queue (source `quality`). Off unless
     * set. Keys: relevance, groundedness; `hallucination_markers` flags at or above its value.
     */
    flag_thresholds: z
        .object({ relevance: z.number().optional(), groundedness: z.number().optional(), hallucination_markers: z.number().optional() })
        .strict()
        .optional(),
})
    .strict();
export const monitorConfigSchema = z.discriminatedUnion('kind', [driftMonitorSchema, qualityMonitorSchema]);
/** A zod issue list as one readable sentence (`field: message; …`). */
export function describeIssues(error) {
    return error.issues
        .slice(0, 8)
        .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(body)'}: ${issue.message}`)
        .join('; ');
}
/** Parses a monitor definition; throws INVALID_PARAMETER_VALUE (400) naming the offending fields. */
export function parseMonitorConfig(input) {
    const parsed = monitorConfigSchema.safeParse(input);
    if (!parsed.success)
        throw errors.invalid(`Invalid monitor: ${describeIssues(parsed.error)}`);
    return parsed.data;
}
/** The columns a drift monitor compares, and a 400 listing the valid ones when it names others. */
export function checkMonitorColumns(config, valid) {
    if (config.kind !== 'drift')
        return;
    const known = new Set(valid);
    const named = [
        ...(config.columns ?? []),
        ...(typeof config.stattest === 'object' ? Object.keys(config.stattest) : []),
        ...Object.keys(config.thresholds ?? {}),
    ];
    const unknown = [...new Set(named.filter((column) => !known.has(column)))];
    if (unknown.length > 0) {
        throw errors.invalid(`Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}. Valid columns: ${valid.join(', ')}.`, {
            unknown_columns: unknown,
            valid_columns: [...valid],
        });
    }
}
/** The columns a drift monitor compares: its own list or every default column. */
export function monitoredColumns(config, defaults) {
    return config.columns ? [...new Set(config.columns)] : [...defaults];
}
/** Seconds between runs: the monitor's own, else the configured default (never under 1 s). */
export function intervalMs(config, defaultIntervalMs) {
    return Math.max(1000, (config.interval_seconds ?? defaultIntervalMs / 1000) * 1000);
}
//# sourceMappingURL=monitor-config.js.map