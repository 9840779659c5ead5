import { readFile } from 'node:fs/promises';
import { describeText, textDescriptorColumns } from '../monitoring/descriptors/index.js';
import { compareDatasets, STAT_TEST_NAMES, } from '../monitoring/drift/index.js';
import { usageError } from './argument-parsers.js';
import { formatTable } from './output.js';
/** A string column is free text when its values are long on average, or mostly distinct among many. */
export const TEXT_MIN_AVERAGE_LENGTH = 40;
export const TEXT_MIN_DISTINCT = 50;
export const TEXT_MIN_DISTINCT_SHARE = 0.5;
export async function readJsonl(file) {
    let text;
    try {
        text = await readFile(file, 'utf8');
    }
    catch (error) {
        const code = error.code;
        throw usageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : error.message}`);
    }
    const rows = [];
    const lines = text.split('\n');
    for (let index = 0; index < lines.length; index++) {
        const line = lines[index].trim();
        if (line === '')
            continue;
        let value;
        try {
            value = JSON.parse(line);
        }
        catch (error) {
            throw usageError(`${file}:${index + 1}: not valid JSON (${error.message})`);
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
            throw usageError(`${file}:${index + 1}: each line must be a JSON object (one row), not ${Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value}`);
        }
        rows.push(value);
    }
    if (rows.length === 0)
        throw usageError(`${file} holds no rows`);
    return rows;
}
/** `a=x,b=y` (or a bare value, which applies to every column) → entries; repeated flags accumulate. */
export function parseAssignments(texts, flag) {
    const byColumn = {};
    let all;
    for (const part of texts.flatMap((text) => text.split(','))) {
        const item = part.trim();
        if (item === '')
            continue;
        const equals = item.lastIndexOf('=');
        if (equals === -1) {
            all = item;
            continue;
        }
        const column = item.slice(0, equals).trim();
        const value = item.slice(equals + 1).trim();
        if (column === '' || value === '')
            throw usageError(`${flag} expects column=value pairs, got "${item}"`);
        byColumn[column] = value;
    }
    return all === undefined ? { byColumn } : { all, byColumn };
}
function parseTest(text) {
    if (!STAT_TEST_NAMES.includes(text))
        throw usageError(`--stattest: unknown test "${text}"; use one of ${STAT_TEST_NAMES.join(', ')}`);
    return text;
}
function parseThreshold(text) {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < 0)
        throw usageError(`--threshold: "${text}" is not a number ≥ 0`);
    return value;
}
/** Columns whose values are strings that read as free text (see the TEXT_* constants). */
export function textColumns(reference, current, columns) {
    const text = new Set();
    for (const column of columns) {
        let count = 0;
        let length = 0;
        let nonString = false;
        const distinct = new Set();
        for (const rows of [reference, current]) {
            for (const row of rows) {
                const value = row[column];
                if (value === null || value === undefined)
                    continue;
                if (typeof value !== 'string') {
                    nonString = true;
                    break;
                }
                count++;
                length += value.length;
                distinct.add(value);
            }
        }
        if (nonString || count === 0)
            continue;
        const manyDistinct = distinct.size >= TEXT_MIN_DISTINCT && distinct.size / count >= TEXT_MIN_DISTINCT_SHARE;
        if (length / count > TEXT_MIN_AVERAGE_LENGTH || manyDistinct)
            text.add(column);
    }
    return text;
}
/** Replaces each text column by its descriptor columns (`column.chars`, `column.language`, …). */
export function expandTextColumns(rows, text) {
    if (text.size === 0)
        return rows;
    return rows.map((row) => {
        const expanded = {};
        for (const [key, value] of Object.entries(row)) {
            if (!text.has(key)) {
                expanded[key] = value;
                continue;
            }
            if (typeof value !== 'string')
                continue;
            for (const [name, descriptor] of Object.entries(describeText(value)))
                expanded[`${key}.${name}`] = descriptor;
        }
        return expanded;
    });
}
function columnsIn(rows) {
    const columns = new Set();
    for (const row of rows)
        for (const key of Object.keys(row))
            columns.add(key);
    return columns;
}
/** Everything but the printing: read, expand text columns, resolve the flags, compare. */
export async function compareFiles(referenceFile, currentFile, options) {
    const [reference, current] = await Promise.all([readJsonl(referenceFile), readJsonl(currentFile)]);
    const available = new Set([...columnsIn(reference), ...columnsIn(current)]);
    const requested = options.columns?.split(',').map((column) => column.trim()).filter((column) => column !== '');
    if (requested !== undefined) {
        if (requested.length === 0)
            throw usageError('--columns names no column');
        const missing = requested.filter((column) => !available.has(column));
        if (missing.length > 0) {
            throw usageError(`--columns: no column ${missing.map((c) => `"${c}"`).join(', ')} in ${referenceFile} or ${currentFile}; the files have ${[...available].map((c) => `"${c}"`).join(', ')}`);
        }
    }
    const chosen = requested ?? [...available];
    const text = textColumns(reference, current, chosen);
    const columns = chosen.flatMap((column) => (text.has(column) ? textDescriptorColumns(column).map((descriptor) => descriptor.name) : [column]));
    const columnTypes = {};
    for (const column of text)
        for (const descriptor of textDescriptorColumns(column))
            columnTypes[descriptor.name] = descriptor.type;
    const tests = parseAssignments(options.stattest ?? [], '--stattest');
    const thresholds = parseAssignments(options.threshold ?? [], '--threshold');
    for (const column of [...Object.keys(tests.byColumn), ...Object.keys(thresholds.byColumn)]) {
        if (!columns.includes(column))
            throw usageError(`no column "${column}" to configure; compared columns: ${columns.join(', ')}`);
    }
    const driftOptions = { columns, columnTypes };
    if (tests.all !== undefined) {
        const all = parseTest(tests.all);
        driftOptions.stattest = Object.fromEntries(columns.map((column) => [column, all]));
    }
    if (Object.keys(tests.byColumn).length > 0) {
        driftOptions.stattest = {
            ...(typeof driftOptions.stattest === 'object' ? driftOptions.stattest : {}),
            ...Object.fromEntries(Object.entries(tests.byColumn).map(([column, test]) => [column, parseTest(test)])),
        };
    }
    if (thresholds.all !== undefined)
        driftOptions.threshold = parseThreshold(thresholds.all);
    driftOptions.thresholds = Object.fromEntries(Object.entries(thresholds.byColumn).map(([column, value]) => [column, parseThreshold(value)]));
    try {
        return { report: compareDatasets(expandTextColumns(reference, text), expandTextColumns(current, text), driftOptions), textColumns: [...text] };
    }
    catch (error) {
        // Configuration mistakes (a test that does not fit a column, …) are usage errors here.
        throw usageError(error.message);
    }
}
function formatNumber(value) {
    if (value === null || Number.isNaN(value))
        return '-';
    if (value === Number.POSITIVE_INFINITY)
        return 'inf';
    if (value !== 0 && Math.abs(value) < 1e-4)
        return value.toExponential(2);
    return String(Number(value.toFixed(4)));
}
function verdict(column) {
    if (Number.isNaN(column.statistic))
        return 'not tested';
    return column.drifted ? 'DRIFT' : 'ok';
}
/** The human report: one line per column, notes below, then the share of drifted columns. */
export function formatDriftReport(comparison) {
    const { report } = comparison;
    const table = formatTable(['column', 'type', 'test', 'statistic', 'p-value', 'threshold', 'verdict'], report.columns.map((column) => [column.column, column.type, column.test, formatNumber(column.statistic), formatNumber(column.p_value), formatNumber(column.threshold), verdict(column)]));
    const notes = report.columns.filter((column) => column.note).map((column) => `  ${column.column}: ${column.note}`);
    const tested = report.columns.filter((column) => !Number.isNaN(column.statistic)).length;
    const lines = [table, ''];
    if (comparison.textColumns.length > 0)
        lines.push(`Text columns compared through their descriptors: ${comparison.textColumns.join(', ')}`);
    if (notes.length > 0)
        lines.push('Notes:', ...notes);
    lines.push(`Drifted columns: ${report.drifted_columns.length} of ${tested} (${(report.share_drifted * 100).toFixed(1)}%); ` +
        `dataset drift: ${report.dataset_drifted ? 'YES' : 'no'} (threshold ${(report.drift_share_threshold * 100).toFixed(0)}% of columns)`);
    return lines.join('\n');
}
//# sourceMappingURL=drift-compare.js.map