import { maskJson, maskPii } from '../gateway/pii/index.js';
/** The longest prefix of `text` that is at most `bytes` long in UTF-8, never splitting a character. */
function utf8Prefix(text, bytes) {
    let prefix = text.slice(0, bytes);
    if (Buffer.byteLength(prefix, 'utf8') > bytes) {
        prefix = Buffer.from(prefix, 'utf8').subarray(0, bytes).toString('utf8').replace(/\uFFFD+$/, '');
    }
    // A high surrogate alone at the cut would be half a character.
    return /[\uD800-\uDBFF]$/.test(prefix) ? prefix.slice(0, -1) : prefix;
}
/** `text` itself when it fits in `maxBytes`, else a `TruncatedPayload` document that fits. */
export function capJson(text, maxBytes) {
    const originalBytes = Buffer.byteLength(text, 'utf8');
    if (originalBytes <= maxBytes)
        return { text, truncated: false };
    // JSON escaping can grow the prefix (quotes, backslashes, control characters), so shrink until it fits.
    let budget = maxBytes - 64;
    for (let attempt = 0; attempt < 8 && budget > 0; attempt += 1) {
        const document = { truncated: true, original_bytes: originalBytes, prefix: utf8Prefix(text, budget) };
        const wrapped = JSON.stringify(document);
        const size = Buffer.byteLength(wrapped, 'utf8');
        if (size <= maxBytes)
            return { text: wrapped, truncated: true };
        budget -= size - maxBytes + 16;
    }
    return { text: JSON.stringify({ truncated: true, original_bytes: originalBytes }), truncated: true };
}
/**
 * Masks, serialises and caps one payload. Masking runs before the cap so the stored prefix is masked too; strings
 * that would fall beyond the cap anyway are not scanned (`maxTotalLength`).
 */
function payloadText(value, which, options, codes) {
    if (value === undefined || value === null)
        return null;
    let text;
    let truncated = false;
    try {
        const masked = maskJson(value, { secretsOnly: !options.maskPii, maxTotalLength: options.maxPayloadBytes + 1024 });
        truncated = masked.truncated;
        text = JSON.stringify(masked.value);
    }
    catch {
        // Cyclic or BigInt-holding values: store a marker rather than anything unmasked.
        codes.add(`${which}_PAYLOAD_UNSERIALIZABLE`);
        return JSON.stringify({ unserializable: true });
    }
    if (text === undefined)
        return null;
    const capped = capJson(text, options.maxPayloadBytes);
    if (capped.truncated || truncated)
        codes.add(`${which}_PAYLOAD_TOO_LARGE`);
    return capped.text;
}
/** Free text from a caller: NUL bytes removed (PostgreSQL text refuses them), length bounded. */
function cleanText(value, maxLength = 512) {
    if (value === null || value === undefined)
        return null;
    const text = String(value).replaceAll('\u0000', '');
    return text.length > maxLength ? text.slice(0, maxLength) : text;
}
function integerOrNull(value) {
    return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : null;
}
function numberOrNull(value) {
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
/** Verdicts and attempts are built by Cairn (types, offsets, codes; no payload text), so they are stored as given. */
function jsonArray(value) {
    if (!Array.isArray(value) || value.length === 0)
        return null;
    try {
        return JSON.stringify(value);
    }
    catch {
        return null;
    }
}
/**
 * An endpoint may only tighten the server's settings for payload size; turning masking off for an endpoint is an
 * admin decision taken in its ai-gateway config, and secrets stay masked regardless (SEC-PII-4).
 */
function effectiveOptions(record, server) {
    const policy = record.policy;
    if (!policy)
        return server;
    return {
        maskPii: policy.maskPii,
        maxPayloadBytes: policy.maxPayloadBytes === undefined ? server.maxPayloadBytes : Math.min(policy.maxPayloadBytes, server.maxPayloadBytes),
    };
}
const MAX_DATE_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
/**
 * Turns a captured call into its table row. Runs in the writer's flush, off the request path; every field is
 * sanitised so one odd record cannot fail a whole batch (a NaN in a NOT NULL column, a fraction in an integer one).
 */
export function toRow(record, serverOptions) {
    const options = effectiveOptions(record, serverOptions);
    const codes = new Set(Array.isArray(record.logging_error_codes) ? record.logging_error_codes.filter((code) => typeof code === 'string') : []);
    const time = integerOrNull(record.request_time);
    const requestTime = time !== null && time >= 0 && time <= MAX_DATE_MS ? time : Date.now();
    const clientRequestId = cleanText(record.client_request_id);
    const request = payloadText(record.request, 'REQUEST', options, codes);
    const response = payloadText(record.response, 'RESPONSE', options, codes);
    return {
        request_id: cleanText(record.request_id, 128) ?? '',
        // A client-chosen id is free text, so it is masked like a payload.
        client_request_id: clientRequestId === null ? null : maskPii(clientRequestId, { secretsOnly: !options.maskPii }).text,
        trace_id: cleanText(record.trace_id, 128),
        request_time: requestTime,
        request_date: new Date(requestTime).toISOString().slice(0, 10),
        endpoint_name: cleanText(record.endpoint_name, 256) ?? '',
        endpoint_id: cleanText(record.endpoint_id, 128),
        config_version: integerOrNull(record.config_version),
        served_entity_id: cleanText(record.served_entity_id, 256),
        served_entity_name: cleanText(record.served_entity_name, 256),
        model_name: cleanText(record.model_name, 256),
        model_version: cleanText(record.model_version, 64),
        requester: cleanText(record.requester, 256),
        status_code: integerOrNull(record.status_code) ?? 0,
        error_code: cleanText(record.error_code, 128),
        execution_duration_ms: numberOrNull(record.execution_duration_ms) ?? 0,
        ttft_ms: numberOrNull(record.ttft_ms),
        overhead_ms: numberOrNull(record.overhead_ms),
        input_tokens: integerOrNull(record.input_tokens),
        output_tokens: integerOrNull(record.output_tokens),
        stream: record.stream ? 1 : 0,
        request,
        response,
        logging_error_codes: JSON.stringify([...codes]),
        cost_usd: numberOrNull(record.cost_usd),
        usage_estimated: typeof record.usage_estimated === 'boolean' ? (record.usage_estimated ? 1 : 0) : null,
        guardrail_results: jsonArray(record.guardrail_results),
        attempts: jsonArray(record.attempts),
    };
}
//# sourceMappingURL=capture-row.js.map