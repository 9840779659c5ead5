/**
 * `compareDatasets`: a drift report over the columns of two row sets, one statistical test per column (Evidently's
 * default rule unless configured) and the share of drifted columns against `driftShare`. Pure and synchronous.
 * Text columns are not handled here: callers turn them into descriptor columns first (see `cairn drift compare`).
 */
import { errors } from '../../errors/index.js';
import { HISTOGRAM_MIN_DISTINCT, histogramShares, valueShares } from './binning.js';
import { chiSquareTest } from './chi-square-test.js';
import { categoricalColumn, countDistinct, countNumbers, embeddingColumn, inferColumnType, numericColumn, } from './column-values.js';
import { compareEmbeddings } from './compare-embeddings.js';
import { DEFAULT_THRESHOLDS, FEW_VALUES_MAX, defaultStatTest, isDrifted, isEmbeddingTest, needsNumbers } from './default-stattest.js';
import { jensenShannonDistance } from './jensen-shannon.js';
import { ksTwoSample } from './ks-two-sample.js';
import { populationStabilityIndex } from './psi.js';
import { STAT_TEST_NAMES } from './types.js';
import { normedWasserstein } from './wasserstein.js';
import { proportionsZTest } from './z-test.js';
export const DEFAULT_DRIFT_SHARE = 0.5;
function columnsOf(reference, current) {
    const seen = new Set();
    for (const rows of [reference, current])
        for (const row of rows)
            for (const key of Object.keys(row))
                seen.add(key);
    return [...seen];
}
function testFor(options, column) {
    const { stattest } = options;
    return typeof stattest === 'string' ? stattest : stattest?.[column];
}
function validateOptions(options, available) {
    const tests = typeof options.stattest === 'string' ? [options.stattest] : Object.values(options.stattest ?? {});
    for (const test of tests) {
        if (!STAT_TEST_NAMES.includes(test))
            throw errors.invalid(`Unknown drift test "${String(test)}"; use one of ${STAT_TEST_NAMES.join(', ')}.`);
    }
    const thresholds = [...Object.values(options.thresholds ?? {}), ...(options.threshold === undefined ? [] : [options.threshold])];
    for (const threshold of thresholds) {
        if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0)
            throw errors.invalid(`Drift thresholds must be finite numbers ≥ 0, got ${String(threshold)}.`);
    }
    const share = options.driftShare ?? DEFAULT_DRIFT_SHARE;
    if (!(share >= 0 && share <= 1))
        throw errors.invalid(`driftShare must lie in [0, 1], got ${String(options.driftShare)}.`);
    if (options.columns) {
        const missing = options.columns.filter((column) => !available.has(column));
        if (missing.length > 0) {
            throw errors.invalid(`Unknown column${missing.length === 1 ? '' : 's'} ${missing.map((c) => `"${c}"`).join(', ')}; the datasets have ${[...available].map((c) => `"${c}"`).join(', ') || 'no columns'}.`, {
                missing_columns: missing,
            });
        }
    }
}
function categoricalTest(test, column) {
    const { keys, referenceCounts, currentCounts, referenceSize, currentSize } = column;
    switch (test) {
        case 'chisquare': {
            const result = chiSquareTest(keys, referenceCounts, currentCounts, referenceSize, currentSize);
            return { statistic: result.statistic, p_value: result.pValue, ...(result.degrees === 0 ? { note: 'a single category: nothing to compare' } : {}) };
        }
        case 'z': {
            // The reference's most frequent category is the one counted; for two categories either choice gives the same |z|.
            let target = keys[0];
            for (const key of keys)
                if ((referenceCounts.get(key) ?? 0) > (referenceCounts.get(target) ?? 0))
                    target = key;
            const result = proportionsZTest(referenceCounts.get(target) ?? 0, referenceSize, currentCounts.get(target) ?? 0, currentSize);
            const note = keys.length > 2 ? `z-test on ${keys.length} categories: share of "${String(target)}" compared` : undefined;
            return { statistic: result.statistic, p_value: result.pValue, ...(note ? { note } : {}) };
        }
        case 'jensenshannon':
        case 'psi': {
            const shares = valueShares(keys, referenceCounts, currentCounts, referenceSize, currentSize);
            const statistic = test === 'psi' ? populationStabilityIndex(shares.reference, shares.current) : jensenShannonDistance(shares.reference, shares.current);
            return { statistic, p_value: null };
        }
        default:
            throw errors.invalid(`Drift test "${test}" does not apply to a categorical column.`);
    }
}
function numericalTest(test, column) {
    const { reference, current } = column;
    switch (test) {
        case 'ks': {
            const result = ksTwoSample(reference, current);
            return { statistic: result.statistic, p_value: result.pValue };
        }
        case 'wasserstein':
            return { statistic: normedWasserstein(reference, current), p_value: null };
        case 'jensenshannon':
        case 'psi': {
            if (countDistinct([reference], HISTOGRAM_MIN_DISTINCT) <= HISTOGRAM_MIN_DISTINCT)
                return categoricalTest(test, countNumbers(reference, current));
            const shares = histogramShares(reference, current);
            const statistic = test === 'psi' ? populationStabilityIndex(shares.reference, shares.current) : jensenShannonDistance(shares.reference, shares.current);
            return { statistic, p_value: null };
        }
        default:
            return categoricalTest(test, countNumbers(reference, current));
    }
}
function untested(base, note) {
    return { ...base, statistic: Number.NaN, p_value: null, drifted: false, note };
}
function compareColumn(reference, current, column, options) {
    const type = options.columnTypes?.[column] ?? inferColumnType(reference, current, column);
    const configured = testFor(options, column);
    const thresholdFor = (test) => options.thresholds?.[column] ?? options.threshold ?? DEFAULT_THRESHOLDS[test];
    if (type === 'text') {
        const test = configured ?? 'chisquare';
        return {
            drift: untested({ column, type, test, threshold: thresholdFor(test), reference_size: 0, current_size: 0 }, 'text column: turn it into descriptor columns first (describeText)'),
            tested: false,
        };
    }
    if (type === 'embedding') {
        const values = embeddingColumn(reference, current, column);
        const test = configured ?? 'domain_classifier';
        if (!isEmbeddingTest(test))
            throw errors.invalid(`Column "${column}" holds embeddings; use domain_classifier or mmd, not ${test}.`);
        const drift = compareEmbeddings(column, values.reference, values.current, {
            test: test,
            threshold: thresholdFor(test),
            ...(options.seed === undefined ? {} : { seed: options.seed }),
        });
        return { drift, tested: !Number.isNaN(drift.statistic) };
    }
    if (configured && isEmbeddingTest(configured))
        throw errors.invalid(`Drift test "${configured}" is for embedding columns; column "${column}" is ${type}.`);
    if (configured && needsNumbers(configured) && type !== 'numerical') {
        throw errors.invalid(`Drift test "${configured}" needs a numerical column; column "${column}" is categorical.`);
    }
    const values = type === 'numerical' ? numericColumn(reference, current, column) : categoricalColumn(reference, current, column);
    const referenceSize = values.kind === 'numbers' ? values.reference.length : values.referenceSize;
    const currentSize = values.kind === 'numbers' ? values.current.length : values.currentSize;
    const ignoredNote = values.ignored > 0 ? `${values.ignored} non-numeric value${values.ignored === 1 ? '' : 's'} ignored` : undefined;
    const distinct = values.kind === 'numbers' ? countDistinct([values.reference, values.current], FEW_VALUES_MAX) : values.keys.length;
    const test = configured ?? defaultStatTest(type, referenceSize, distinct);
    const base = { column, type, test, threshold: thresholdFor(test), reference_size: referenceSize, current_size: currentSize };
    if (referenceSize === 0 || currentSize === 0) {
        const side = referenceSize === 0 && currentSize === 0 ? 'either dataset' : referenceSize === 0 ? 'the reference' : 'the current data';
        return { drift: untested(base, `no values in ${side}: not tested`), tested: false };
    }
    const measured = values.kind === 'numbers' ? numericalTest(test, values) : categoricalTest(test, values);
    const note = [measured.note, ignoredNote].filter((text) => text !== undefined).join('; ');
    return {
        drift: {
            ...base,
            statistic: measured.statistic,
            p_value: measured.p_value,
            drifted: isDrifted(test, measured.statistic, measured.p_value, base.threshold),
            ...(note ? { note } : {}),
        },
        tested: true,
    };
}
export function compareDatasets(reference, current, options = {}) {
    const available = new Set(columnsOf(reference, current));
    validateOptions(options, available);
    const columns = options.columns ?? [...available];
    const results = columns.map((column) => compareColumn(reference, current, column, options));
    const tested = results.filter((result) => result.tested);
    const drifted = tested.filter((result) => result.drift.drifted).map((result) => result.drift.column);
    const share = tested.length === 0 ? 0 : drifted.length / tested.length;
    const driftShare = options.driftShare ?? DEFAULT_DRIFT_SHARE;
    return {
        columns: results.map((result) => result.drift),
        drifted_columns: drifted,
        share_drifted: share,
        drift_share_threshold: driftShare,
        dataset_drifted: tested.length > 0 && share >= driftShare,
    };
}
//# sourceMappingURL=compare-datasets.js.map