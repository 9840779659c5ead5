import { CairnError, errors } from '../../errors/index.js';
/**
 * Uploaded reference datasets (JSON Lines). A row holds descriptor columns (`prompt_chars`, `response_language`…),
 * or raw texts `{prompt, response}` that are turned into the same descriptors with `describeText`, or both.
 * Validation is all-or-nothing: a dataset with a column the monitor does not know, or without a column the monitor
 * compares, is refused with a 400 naming them.
 */
export const MAX_REFERENCE_ROWS = 50_000;
export const MAX_REFERENCE_BYTES = 20 * 1024 * 1024;
/** Raw text keys and embedding keys a row may carry besides descriptor columns. */
const TEXT_KEYS = new Set(['prompt', 'response']);
const EMBEDDING_KEYS = new Set(['prompt_embedding', 'response_embedding']);
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** The rows of a JSONL body (or of a JSON `{ "rows": [...] }` / `[...]` body). */
export function splitRows(text, maxRows = MAX_REFERENCE_ROWS) {
    const trimmed = text.trim();
    if (trimmed === '')
        throw errors.invalid('The reference dataset is empty: send one JSON object per line.');
    // A whole-body JSON array or {rows: [...]} is accepted too (what `curl --json` or a script naturally sends).
    if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n'))) {
        try {
            const whole = JSON.parse(trimmed);
            const list = Array.isArray(whole) ? whole : isObject(whole) && Array.isArray(whole.rows) ? whole.rows : isObject(whole) ? [whole] : null;
            if (list)
                return checkedRows(list, maxRows, (index) => `row ${index + 1}`);
        }
        catch {
            // Not one JSON document: read it as JSON Lines below, which names the bad line.
        }
    }
    const rows = [];
    const lineNumbers = [];
    const lines = text.split('\n');
    for (let index = 0; index < lines.length; index++) {
        const line = lines[index].trim();
        if (line === '')
            continue;
        if (rows.length >= maxRows)
            throw tooMany(maxRows);
        try {
            rows.push(JSON.parse(line));
        }
        catch {
            throw errors.invalid(`Line ${index + 1} of the reference dataset is not valid JSON.`);
        }
        lineNumbers.push(index + 1);
    }
    return checkedRows(rows, maxRows, (index) => `line ${lineNumbers[index]}`);
}
function tooMany(maxRows) {
    return new CairnError('PAYLOAD_TOO_LARGE', `A reference dataset holds at most ${maxRows} rows.`);
}
function checkedRows(rows, maxRows, where) {
    if (rows.length === 0)
        throw errors.invalid('The reference dataset has no rows.');
    if (rows.length > maxRows)
        throw tooMany(maxRows);
    rows.forEach((row, index) => {
        if (!isObject(row))
            throw errors.invalid(`The reference dataset's ${where(index)} is not a JSON object.`);
    });
    return rows;
}
/**
 * Validates and normalises uploaded rows into descriptor rows. Returns the rows and the columns they provide.
 * Throws 400 naming unknown and missing columns.
 */
export function normaliseReferenceRows(rows, options) {
    const known = new Set(options.descriptorColumns);
    const unknown = new Set();
    const provided = new Set();
    const normalised = [];
    for (const row of rows) {
        const out = {};
        for (const [key, value] of Object.entries(row)) {
            if (TEXT_KEYS.has(key)) {
                if (value === null || value === undefined)
                    continue;
                if (typeof value !== 'string')
                    throw errors.invalid(`Reference column ${key} must hold text.`);
                for (const [column, described] of Object.entries(options.describe(key, value))) {
                    if (!(column in row) && known.has(column))
                        out[column] = described;
                }
            }
            else if (EMBEDDING_KEYS.has(key)) {
                if (value === null || value === undefined)
                    continue;
                if (!Array.isArray(value) || !value.every((item) => typeof item === 'number' && Number.isFinite(item))) {
                    throw errors.invalid(`Reference column ${key} must be an array of numbers.`);
                }
                out[key] = value;
            }
            else if (known.has(key)) {
                if (value !== null && typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
                    throw errors.invalid(`Reference column ${key} must hold numbers, strings, booleans or null.`);
                }
                out[key] = value;
            }
            else {
                unknown.add(key);
            }
        }
        for (const [key, value] of Object.entries(out))
            if (value !== null && value !== undefined)
                provided.add(key);
        normalised.push(out);
    }
    const missing = options.requiredColumns === null ? [] : options.requiredColumns.filter((column) => !provided.has(column));
    const compared = options.requiredColumns === null ? options.descriptorColumns.filter((column) => provided.has(column)) : [...options.requiredColumns];
    if (unknown.size > 0 || missing.length > 0 || compared.length === 0) {
        const parts = [];
        if (unknown.size > 0)
            parts.push(`unknown columns: ${[...unknown].sort().join(', ')}`);
        if (missing.length > 0)
            parts.push(`missing columns: ${missing.join(', ')}`);
        if (compared.length === 0 && missing.length === 0)
            parts.push('no descriptor column the monitor can compare');
        throw errors.invalid(`The reference dataset does not fit the monitor (${parts.join('; ')}). Rows hold descriptor columns (${options.descriptorColumns.join(', ')}), raw "prompt" / "response" texts, or "prompt_embedding" / "response_embedding" arrays.`, { unknown_columns: [...unknown].sort(), missing_columns: missing });
    }
    return { rows: normalised, columns: compared };
}
//# sourceMappingURL=reference-dataset.js.map