import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { USAGE_EXIT_CODE } from './api-client.js';
import { CliError } from './cli-error.js';
/** Parsers for flag values and input files; each throws a usage error (exit 2) that names the flag. */
export function usageError(message) {
    return new CliError(message, USAGE_EXIT_CODE);
}
export function parseInteger(text, flag, minimum = 0) {
    if (!/^\d+$/.test(text.trim()) || Number(text) < minimum || !Number.isSafeInteger(Number(text))) {
        throw usageError(`${flag} must be a whole number${minimum > 0 ? ` ≥ ${minimum}` : ''}, got "${text}"`);
    }
    return Number(text);
}
export function parseNumber(text, flag) {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value))
        throw usageError(`${flag} must be a number, got "${text}"`);
    return value;
}
/** A model version: a positive whole number, sent as a string as MLflow does. */
export function parseVersion(text) {
    return String(parseInteger(text, 'VERSION', 1));
}
/** `--status` of `cairn logs`: a status class, `error`, or one HTTP status code. */
export function parseStatusFilter(text) {
    const value = text.trim().toLowerCase();
    if (/^[1-5]xx$/.test(value) || value === 'error' || /^[1-5]\d\d$/.test(value))
        return value;
    throw usageError(`--status must be 2xx, 4xx, 5xx, error or an HTTP status code such as 429, got "${text}"`);
}
/** A JSON or YAML document (YAML 1.2 reads JSON too) that must be an object. */
export function parseDocument(text, file) {
    let value;
    try {
        value = parseYaml(text);
    }
    catch (error) {
        throw usageError(`${file} is not valid YAML or JSON: ${error.message.split('\n')[0]}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw usageError(`${file} must hold an object (a mapping of fields), not ${Array.isArray(value) ? 'a list' : typeof value}`);
    }
    return value;
}
export function readDocument(file) {
    let text;
    try {
        text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
    }
    catch (error) {
        throw usageError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    }
    return parseDocument(text, file === '-' ? 'standard input' : file);
}
/** Commander's collector for a repeatable flag. */
export function collect(value, previous = []) {
    return [...previous, value];
}
//# sourceMappingURL=argument-parsers.js.map