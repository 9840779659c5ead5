import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './cli-error.js';
/**
 * The CLI's one way to talk to a Cairn server: JSON over HTTP with the bearer token, server errors turned
 * into one readable line, and SSE streams read event by event. Commands never reach into the services.
 */
export const DEFAULT_HOST = 'http://127.0.0.1:8080';
/** Exit code for mistakes the CLI catches before calling the server (bad flag values, unreadable files). */
export const USAGE_EXIT_CODE = 2;
/** `localhost:8080` → `http://localhost:8080`; trailing slashes go. Throws a usage error for anything else. */
export function normalizeHost(text) {
    const trimmed = text.trim();
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
    let url;
    try {
        url = new URL(withScheme);
    }
    catch {
        throw new CliError(`invalid host "${text}"; use a URL such as ${DEFAULT_HOST}`, USAGE_EXIT_CODE);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new CliError(`invalid host "${text}"; only http:// and https:// are supported`, USAGE_EXIT_CODE);
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
function readTokenFile(file) {
    try {
        return readFileSync(file, 'utf8').trim() || undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Flags win over the environment; without a token anywhere, the admin token a local `cairn serve` saved
 * in its data directory is used silently (the common laptop case).
 */
export function resolveClientSettings(flags, env = process.env, readToken = readTokenFile) {
    const host = normalizeHost(flags.host || env.CAIRN_HOST || DEFAULT_HOST);
    const token = flags.token || env.CAIRN_TOKEN || readToken(path.join(env.CAIRN_DATA_DIR || '.cairn', 'admin-token'));
    return { host, token: token || undefined };
}
/** A non-2xx answer from the server, reported as its `message (error_code)`. */
export class ApiError extends CliError {
    status;
    errorCode;
    name = 'ApiError';
    constructor(message, status, errorCode) {
        super(message, 1);
        this.status = status;
        this.errorCode = errorCode;
    }
}
/** The server's error body in either of Cairn's shapes: `{error_code, message}` or OpenAI's `{error: {…}}`. */
export function errorFromBody(status, body, fallback) {
    const record = typeof body === 'object' && body !== null ? body : {};
    const inner = typeof record.error === 'object' && record.error !== null ? record.error : record;
    const message = typeof inner.message === 'string' && inner.message ? inner.message : fallback;
    const codeValue = inner.error_code ?? inner.code;
    const code = typeof codeValue === 'string' && codeValue ? codeValue : undefined;
    return new ApiError(code ? `${message} (${code})` : message, status, code);
}
/** Turns fetch's opaque "fetch failed" into a sentence naming the host and the cause. */
export function connectionError(host, error) {
    const cause = error?.cause;
    const code = cause?.code;
    const hint = 'Is the server running? Set CAIRN_HOST or --host.';
    if (code === 'ECONNREFUSED')
        return new CliError(`cannot connect to Cairn at ${host}: connection refused. ${hint}`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return new CliError(`cannot connect to Cairn at ${host}: host not found. ${hint}`);
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
        return new CliError(`connection to Cairn at ${host} was closed unexpectedly.`);
    const detail = cause?.message ?? error?.message ?? String(error);
    return new CliError(`cannot connect to Cairn at ${host}: ${detail}`);
}
/** Query-string fields; lists become repeated keys, as MLflow's and Databricks' clients send them. */
export function buildQuery(query) {
    const parameters = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
        if (value === undefined)
            continue;
        if (Array.isArray(value))
            for (const item of value)
                parameters.append(key, item);
        else
            parameters.append(key, String(value));
    }
    const text = parameters.toString();
    return text ? `?${text}` : '';
}
/** A path segment such as an endpoint name, escaped. */
export function segment(value) {
    return encodeURIComponent(value);
}
export class ApiClient {
    settings;
    constructor(settings) {
        this.settings = settings;
    }
    get(path, query) {
        return this.request('GET', path, { query });
    }
    post(path, body = {}) {
        return this.request('POST', path, { body });
    }
    put(path, body) {
        return this.request('PUT', path, { body });
    }
    patch(path, body) {
        return this.request('PATCH', path, { body });
    }
    delete(path, query) {
        return this.request('DELETE', path, { query });
    }
    /** One JSON call; any non-2xx answer becomes an ApiError carrying the server's message. */
    async request(method, path, options = {}) {
        const response = await this.send(method, path, options, 'application/json');
        const text = await response.text();
        const body = parseJson(text);
        if (!response.ok)
            throw errorFromBody(response.status, body, this.statusMessage(response));
        if (body === undefined && text.trim() !== '') {
            throw new CliError(`${this.settings.host} answered ${method} ${path} with a body that is not JSON.`);
        }
        return (body ?? {});
    }
    /**
     * POSTs and yields each SSE `data` payload as it arrives (`[DONE]` included). A non-2xx answer throws;
     * a plain JSON answer (a server that did not stream) is yielded whole, as one payload.
     */
    async *stream(path, body, signal) {
        const response = await this.send('POST', path, { body }, 'text/event-stream', signal);
        if (!response.ok)
            throw errorFromBody(response.status, parseJson(await response.text()), this.statusMessage(response));
        if ((response.headers.get('content-type') ?? '').includes('application/json')) {
            yield await response.text();
            yield '[DONE]';
            return;
        }
        if (!response.body)
            return;
        const reader = new SseDataReader();
        const decoder = new TextDecoder();
        try {
            for await (const chunk of response.body) {
                for (const data of reader.push(decoder.decode(chunk, { stream: true })))
                    yield data;
            }
        }
        catch (error) {
            throw connectionError(this.settings.host, error);
        }
        for (const data of reader.push(`${decoder.decode()}\n\n`))
            yield data;
    }
    statusMessage(response) {
        return `${this.settings.host} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    }
    async send(method, path, options, accept, signal) {
        const headers = { accept, 'user-agent': 'cairn-cli' };
        if (this.settings.token)
            headers.authorization = `Bearer ${this.settings.token}`;
        let body;
        if (options.body !== undefined && method !== 'GET') {
            headers['content-type'] = 'application/json';
            body = JSON.stringify(options.body);
        }
        let response;
        try {
            response = await fetch(`${this.settings.host}${path}${buildQuery(options.query)}`, { method, headers, body, signal });
        }
        catch (error) {
            throw connectionError(this.settings.host, error);
        }
        if (response.status === 401 && !this.settings.token) {
            await response.body?.cancel();
            throw new ApiError('no token: set CAIRN_TOKEN or pass --token (the server answered 401).', 401, 'UNAUTHENTICATED');
        }
        return response;
    }
}
function parseJson(text) {
    if (text.trim() === '')
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/**
 * The `data` payloads of an event stream (WHATWG grammar, reduced to what Cairn sends): events end at a
 * blank line, multi-line data joins with `\n`, comments and other fields are skipped, CRLF is accepted.
 */
export class SseDataReader {
    buffer = '';
    data = [];
    push(text) {
        this.buffer += text;
        const events = [];
        let newline;
        while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
            const line = this.buffer.slice(0, newline);
            const separatorLength = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
            // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
            if (this.buffer[newline] === '\r' && separatorLength === 1 && newline === this.buffer.length - 1)
                break;
            this.buffer = this.buffer.slice(newline + separatorLength);
            if (line === '') {
                if (this.data.length > 0)
                    events.push(this.data.join('\n'));
                this.data = [];
            }
            else if (line.startsWith('data:')) {
                this.data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
            }
        }
        return events;
    }
}
//# sourceMappingURL=api-client.js.map