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

export interface ClientSettings {
  /** Base URL without a trailing slash. */
  host: string;
  token: string | undefined;
}

export interface ClientSettingsInput {
  host?: string;
  token?: string;
}

/** `localhost:8080` → `http://localhost:8080`; trailing slashes go. Throws a usage error for anything else. */
export function normalizeHost(text: string): string {
  const trimmed = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CliError(`invalid host "${text}"; use a URL such as ${DEFAULT_HOST}`, USAGE_EXIT_CODE);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`invalid host "${text}"; only http:// and https:// are supported`, USAGE_EXIT_CODE);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function readTokenFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Flags win over the environment; without a token anywhere, the admin token a local `cairn serve` saved
 * in its data directory is used silently (the common laptop case).
 */
export function resolveClientSettings(
  flags: ClientSettingsInput,
  env: NodeJS.ProcessEnv = process.env,
  readToken: (file: string) => string | undefined = readTokenFile,
): ClientSettings {
  const host = normalizeHost(flags.host || env.CAIRN_HOST || DEFAULT_HOST);
  const token = flags.token || env.CAIRN_TOKEN || readToken(path.join(env.CAIRN_DATA_DIR || '.cairn', 'admin-token'));
  return { host, token: token || undefined };
}

/** A non-2xx answer from the server, reported as its `message (error_code)`. */
export class ApiError extends CliError {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly errorCode: string | undefined,
  ) {
    super(message, 1);
  }
}

/** The server's error body in either of Cairn's shapes: `{error_code, message}` or OpenAI's `{error: {…}}`. */
export function errorFromBody(status: number, body: unknown, fallback: string): ApiError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const inner = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : record;
  const message = typeof inner.message === 'string' && inner.message ? inner.message : fallback;
  const codeValue = inner.error_code ?? inner.code;
  const code = typeof codeValue === 'string' && codeValue ? codeValue : undefined;
  return new ApiError(code ? `${message} (${code})` : message, status, code);
}

/** Turns fetch's opaque "fetch failed" into a sentence naming the host and the cause. */
export function connectionError(host: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code;
  const hint = 'Is the server running? Set CAIRN_HOST or --host.';
  if (code === 'ECONNREFUSED') return new CliError(`cannot connect to Cairn at ${host}: connection refused. ${hint}`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new CliError(`cannot connect to Cairn at ${host}: host not found. ${hint}`);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return new CliError(`connection to Cairn at ${host} was closed unexpectedly.`);
  const detail = cause?.message ?? (error as Error | undefined)?.message ?? String(error);
  return new CliError(`cannot connect to Cairn at ${host}: ${detail}`);
}

export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** Query-string fields; lists become repeated keys, as MLflow's and Databricks' clients send them. */
export function buildQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) parameters.append(key, item);
    else parameters.append(key, String(value));
  }
  const text = parameters.toString();
  return text ? `?${text}` : '';
}

/** A path segment such as an endpoint name, escaped. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

export interface RequestOptions {
  query?: Readonly<Record<string, QueryValue>>;
  body?: unknown;
}

export class ApiClient {
  constructor(readonly settings: ClientSettings) {}

  get<T = Record<string, unknown>>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T = Record<string, unknown>>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, { body });
  }

  put<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }

  patch<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body });
  }

  delete<T = Record<string, unknown>>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('DELETE', path, { query });
  }

  /** One JSON call; any non-2xx answer becomes an ApiError carrying the server's message. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options, 'application/json');
    const text = await response.text();
    const body = parseJson(text);
    if (!response.ok) throw errorFromBody(response.status, body, this.statusMessage(response));
    if (body === undefined && text.trim() !== '') {
      throw new CliError(`${this.settings.host} answered ${method} ${path} with a body that is not JSON.`);
    }
    return (body ?? {}) as T;
  }

  /**
   * POSTs and yields each SSE `data` payload as it arrives (`[DONE]` included). A non-2xx answer throws;
   * a plain JSON answer (a server that did not stream) is yielded whole, as one payload.
   */
  async *stream(path: string, body: unknown, signal?: AbortSignal): AsyncGenerator<string> {
    const response = await this.send('POST', path, { body }, 'text/event-stream', signal);
    if (!response.ok) throw errorFromBody(response.status, parseJson(await response.text()), this.statusMessage(response));
    if ((response.headers.get('content-type') ?? '').includes('application/json')) {
      yield await response.text();
      yield '[DONE]';
      return;
    }
    if (!response.body) return;
    const reader = new SseDataReader();
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) {
        for (const data of reader.push(decoder.decode(chunk as Uint8Array, { stream: true }))) yield data;
      }
    } catch (error) {
      throw connectionError(this.settings.host, error);
    }
    for (const data of reader.push(`${decoder.decode()}\n\n`)) yield data;
  }

  private statusMessage(response: Response): string {
    return `${this.settings.host} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  }

  private async send(method: string, path: string, options: RequestOptions, accept: string, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { accept, 'user-agent': 'cairn-cli' };
    if (this.settings.token) headers.authorization = `Bearer ${this.settings.token}`;
    let body: string | undefined;
    if (options.body !== undefined && method !== 'GET') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetch(`${this.settings.host}${path}${buildQuery(options.query)}`, { method, headers, body, signal });
    } catch (error) {
      throw connectionError(this.settings.host, error);
    }
    if (response.status === 401 && !this.settings.token) {
      await response.body?.cancel();
      throw new ApiError('no token: set CAIRN_TOKEN or pass --token (the server answered 401).', 401, 'UNAUTHENTICATED');
    }
    return response;
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The `data` payloads of an event stream (WHATWG grammar, reduced to what Cairn sends): events end at a
 * blank line, multi-line data joins with `\n`, comments and other fields are skipped, CRLF is accepted.
 */
export class SseDataReader {
  private buffer = '';
  private data: string[] = [];

  push(text: string): string[] {
    this.buffer += text;
    const events: string[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const separatorLength = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
      if (this.buffer[newline] === '\r' && separatorLength === 1 && newline === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(newline + separatorLength);
      if (line === '') {
        if (this.data.length > 0) events.push(this.data.join('\n'));
        this.data = [];
      } else if (line.startsWith('data:')) {
        this.data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
    }
    return events;
  }
}
