import { DEFAULT_MAX_SCAN_LENGTH, detectPii } from './detect-pii.js';
import { isSensitiveKey } from './detect-secrets.js';
/** Appended where text beyond the scan limit was dropped. */
export const TRUNCATION_MARKER = '…[TRUNCATED]';
/**
 * Text this close to the scan limit may hold the start of an entity whose end lies beyond it, where no detector
 * can see it; it is dropped rather than returned unmasked.
 */
const TAIL_GUARD = 4096;
/**
 * Placeholder numbering shared by every string of one call, so the same value gets the same placeholder across a
 * whole JSON document. Only the numbering lives here, and only for the duration of the call: masking is one-way
 * (SEC-PII-6).
 */
class Placeholders {
    assigned = new Map();
    counters = new Map();
    /** `taken` says whether a placeholder already appears in the text(s) being masked. */
    for(type, value, taken) {
        const key = `${type}\u0000${normalise(type, value)}`;
        const existing = this.assigned.get(key);
        if (existing)
            return existing;
        let counter = this.counters.get(type) ?? 0;
        let placeholder;
        // Skip numbers already written in the text (e.g. text masked before), so two values never share a placeholder.
        do {
            counter += 1;
            placeholder = `[${type}_${counter}]`;
        } while (taken(placeholder));
        this.counters.set(type, counter);
        this.assigned.set(key, placeholder);
        return placeholder;
    }
}
function normalise(type, value) {
    switch (type) {
        case 'CREDIT_CARD':
        case 'PHONE':
        case 'US_SSN':
        case 'IBAN':
            return value.replace(/[^0-9A-Za-z+]/g, '').toUpperCase();
        case 'EMAIL':
            return value.toLowerCase();
        default:
            return value;
    }
}
function maskWith(text, options, placeholders, taken = (placeholder) => text.includes(placeholder)) {
    const limit = options.maxScanLength ?? DEFAULT_MAX_SCAN_LENGTH;
    const truncated = text.length > limit;
    const findings = detectPii(text, options);
    // With a cut, only text safely before the cut is emitted (see TAIL_GUARD); findings straddling that point are
    // still replaced whole.
    const emitEnd = truncated ? Math.max(0, limit - TAIL_GUARD) : text.length;
    const masked = [];
    let output = '';
    let position = 0;
    for (const finding of findings) {
        if (finding.start >= emitEnd)
            break;
        const placeholder = placeholders.for(finding.type, text.slice(finding.start, finding.end), taken);
        output += text.slice(position, finding.start) + placeholder;
        position = finding.end;
        masked.push({ ...finding, placeholder });
    }
    if (position < emitEnd)
        output += text.slice(position, emitEnd);
    if (truncated)
        output += TRUNCATION_MARKER;
    return { text: output, findings: masked, truncated };
}
/**
 * Replaces every detected entity by a typed placeholder (`[EMAIL_1]`, `[CREDIT_CARD_2]`…). Equal values get the
 * same placeholder within one call; nothing that maps placeholders back to values is kept. Idempotent: masking
 * masked text changes nothing.
 */
export function maskPii(text, options = {}) {
    return maskWith(text, options, new Placeholders());
}
/**
 * Masks several texts of one call (the messages of a request, the choices of an answer) with one numbering: the
 * same value gets the same placeholder in every text, and no placeholder already written in any of them is reused.
 */
export function maskTexts(texts, options = {}) {
    const placeholders = new Placeholders();
    const taken = (placeholder) => texts.some((text) => text.includes(placeholder));
    const result = { texts: [], findings: [], truncated: [] };
    texts.forEach((text, index) => {
        const masked = maskWith(text, options, placeholders, taken);
        result.texts.push(masked.text);
        for (const finding of masked.findings)
            result.findings.push({ ...finding, text: index });
        if (masked.truncated)
            result.truncated.push(index);
    });
    return result;
}
const DEFAULT_MAX_DEPTH = 64;
export const DEPTH_MARKER = '[TRUNCATED_DEPTH]';
/**
 * Masks every string of a JSON value (object keys are kept as they are). Values under credential-like keys
 * (`password`, `api_key`, `authorization`…) are replaced whole, whatever they look like. Integers long enough to
 * be card numbers are checked too, since JSON numbers carry them as well as strings do.
 */
export function maskJson(value, options = {}) {
    const placeholders = new Placeholders();
    const findings = [];
    const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    const budget = options.maxTotalLength ?? Number.POSITIVE_INFINITY;
    const keyMasking = !options.types || options.types.includes('SECRET_VALUE');
    // The path to the current node, copied only when something is found there.
    const path = [];
    let used = 0;
    let truncated = false;
    const maskString = (text) => {
        if (used > budget) {
            truncated = true;
            return '';
        }
        // Nothing shorter than '::1' can hold an entity.
        if (text.length < 3) {
            used += text.length + 4;
            return text;
        }
        const result = maskWith(text, options, placeholders);
        used += result.text.length + 4;
        if (result.truncated)
            truncated = true;
        for (const finding of result.findings)
            findings.push({ ...finding, path: [...path] });
        return result.text;
    };
    const walkString = (node, key) => {
        if (typeof key === 'string' && keyMasking && node.length > 0 && isSensitiveKey(key)) {
            const placeholder = placeholders.for('SECRET_VALUE', node, () => false);
            findings.push({ type: 'SECRET_VALUE', category: 'secret', start: 0, end: node.length, placeholder, path: [...path] });
            used += placeholder.length;
            return placeholder;
        }
        return maskString(node);
    };
    const walk = (node, depth, key) => {
        if (typeof node === 'string')
            return walkString(node, key);
        if (typeof node === 'number') {
            // Only card-length integers: shorter ones include millisecond timestamps (13 digits), which Luhn alone would
            // flag one time in ten.
            if (!Number.isInteger(node) || Math.abs(node) < 1e13)
                return node;
            const text = String(node);
            const masked = maskString(text);
            return masked === text ? node : masked;
        }
        if (node === null || typeof node !== 'object')
            return node;
        if (depth >= maxDepth) {
            truncated = true;
            return DEPTH_MARKER;
        }
        if (node instanceof Date)
            return node.toISOString();
        if (Array.isArray(node)) {
            const items = new Array(node.length);
            for (let index = 0; index < node.length; index += 1) {
                path.push(index);
                items[index] = walk(node[index], depth + 1, index);
                path.pop();
            }
            return items;
        }
        const result = {};
        for (const entryKey of Object.keys(node)) {
            used += entryKey.length + 4;
            path.push(entryKey);
            const entry = walk(node[entryKey], depth + 1, entryKey);
            path.pop();
            // A JSON key `__proto__` must stay a plain key, not replace the result's prototype.
            if (entryKey === '__proto__')
                Object.defineProperty(result, entryKey, { value: entry, enumerable: true, writable: true, configurable: true });
            else
                result[entryKey] = entry;
        }
        return result;
    };
    const masked = walk(value, 0, undefined);
    return { value: masked, findings, truncated };
}
/** Whether `finding` is a secret (masked even with PII masking off). */
export function isSecretFinding(finding) {
    return finding.category === 'secret';
}
//# sourceMappingURL=mask-pii.js.map