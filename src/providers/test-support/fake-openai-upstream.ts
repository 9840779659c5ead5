import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenAiWire, type ReplyPlan, countWords, errorBody } from './fake-openai-wire.js';

/**
 * A fake OpenAI-compatible server for tests and the benchmark: OpenAI's exact wire format on
 * `/v1/chat/completions`, `/v1/completions` (JSON and SSE), `/v1/embeddings` and `/v1/models`, with
 * failure modes switched per server (`setMode`) or per request (header `x-fake-mode`, see `parseFakeMode`).
 */

export type FakeUpstreamMode =
  | { kind: 'ok' }
  /** Waits before sending headers. */
  | { kind: 'delay'; ms: number }
  /** Answers `status` with an OpenAI error body (and `Retry-After` when given). */
  | { kind: 'http-error'; status: number; message?: string; retryAfter?: string }
  /** A 200 whose body (or a stream event) is not JSON. */
  | { kind: 'invalid-json' }
  /** A 200 whose JSON does not have OpenAI's shape. */
  | { kind: 'wrong-shape' }
  /** Sends `afterChunks` events (or half a JSON body) and then destroys the socket. */
  | { kind: 'drop-mid-stream'; afterChunks?: number }
  /** Waits `ms` between events (or between two halves of a JSON body). */
  | { kind: 'slow-stream'; ms: number }
  /** Reads the request and never answers. */
  | { kind: 'hang' };

export type FakeUpstreamModeKind = FakeUpstreamMode['kind'];

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when there was none. */
  body: unknown;
}

export interface FakeOpenAiUpstreamOptions {
  mode?: FakeUpstreamMode | FakeUpstreamModeKind;
  /** What the model "says". */
  reply?: string;
  /** Length of embedding vectors when the request does not ask for `dimensions`. */
  embeddingDimensions?: number;
  /** Names listed by `/v1/models`. */
  models?: string[];
  /** Keep received requests in `requests` (turn off under benchmark load). Default true. */
  record?: boolean;
  /**
   * Send the usage chunk when a streamed request asks for it (`stream_options.include_usage`), as OpenAI does.
   * False mimics providers that never report usage on streams. Default true.
   */
  streamUsage?: boolean;
}

export interface FakeOpenAiUpstream {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:41234/v1`. */
  readonly url: string;
  setMode(mode: FakeUpstreamMode | FakeUpstreamModeKind): void;
  readonly requests: RecordedRequest[];
  /** Requests received, recorded or not. */
  readonly requestCount: number;
  /** Responses whose socket the client closed before the response finished. */
  readonly abortedRequests: number;
  /** TCP connections accepted (keep-alive reuse keeps this low). */
  readonly connections: number;
  waitForAbortedRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Clears recorded requests and counters; the mode goes back to `ok`. */
  reset(): void;
  close(): Promise<void>;
}

export const FAKE_MODE_HEADER = 'x-fake-mode';
export const DEFAULT_FAKE_REPLY = 'Hello from the fake upstream model.';

const shorthandModes: Record<FakeUpstreamModeKind, FakeUpstreamMode> = {
  ok: { kind: 'ok' },
  delay: { kind: 'delay', ms: 50 },
  'http-error': { kind: 'http-error', status: 500 },
  'invalid-json': { kind: 'invalid-json' },
  'wrong-shape': { kind: 'wrong-shape' },
  'drop-mid-stream': { kind: 'drop-mid-stream', afterChunks: 2 },
  'slow-stream': { kind: 'slow-stream', ms: 50 },
  hang: { kind: 'hang' },
};

function normaliseMode(mode: FakeUpstreamMode | FakeUpstreamModeKind): FakeUpstreamMode {
  return typeof mode === 'string' ? shorthandModes[mode] : mode;
}

/** `kind` then `;key=value` pairs: `delay;ms=50`, `http-error;status=429;retry-after=3`, `drop-mid-stream;after=2`. */
export function formatFakeMode(mode: FakeUpstreamMode): string {
  switch (mode.kind) {
    case 'delay':
    case 'slow-stream':
      return `${mode.kind};ms=${mode.ms}`;
    case 'http-error':
      return [
        `http-error;status=${mode.status}`,
        ...(mode.retryAfter === undefined ? [] : [`retry-after=${mode.retryAfter}`]),
        ...(mode.message === undefined ? [] : [`message=${encodeURIComponent(mode.message)}`]),
      ].join(';');
    case 'drop-mid-stream':
      return mode.afterChunks === undefined ? mode.kind : `${mode.kind};after=${mode.afterChunks}`;
    default:
      return mode.kind;
  }
}

export function parseFakeMode(header: string): FakeUpstreamMode | undefined {
  const [kind = '', ...pairs] = header.split(';').map((part) => part.trim());
  if (!Object.hasOwn(shorthandModes, kind)) return undefined;
  const values = new Map(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  const number = (key: string, fallback: number) => {
    const value = Number(values.get(key));
    return values.has(key) && Number.isFinite(value) ? value : fallback;
  };
  switch (kind as FakeUpstreamModeKind) {
    case 'delay':
    case 'slow-stream':
      return { kind: kind as 'delay' | 'slow-stream', ms: number('ms', 50) };
    case 'http-error': {
      const mode: FakeUpstreamMode = { kind: 'http-error', status: number('status', 500) };
      const retryAfter = values.get('retry-after');
      const message = values.get('message');
      if (retryAfter !== undefined) mode.retryAfter = retryAfter;
      if (message !== undefined) mode.message = decodeURIComponent(message);
      return mode;
    }
    case 'drop-mid-stream':
      return { kind: 'drop-mid-stream', afterChunks: number('after', 2) };
    default:
      return shorthandModes[kind as FakeUpstreamModeKind];
  }
}

interface ParsedRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  body: Record<string, unknown>;
}

function promptTokens(body: Record<string, unknown>): number {
  if (typeof body.prompt === 'string') return countWords(body.prompt);
  let total = 0;
  if (Array.isArray(body.messages)) {
    for (const message of body.messages as Array<{ content?: unknown }>) {
      if (typeof message?.content === 'string') total += countWords(message.content);
    }
  }
  return total;
}

function firstToolName(body: Record<string, unknown>): string | undefined {
  if (!Array.isArray(body.tools) || body.tools.length === 0 || body.tool_choice === 'none') return undefined;
  const name = (body.tools[0] as { function?: { name?: unknown } })?.function?.name;
  return typeof name === 'string' ? name : 'tool';
}

export async function startFakeOpenAiUpstream(options: FakeOpenAiUpstreamOptions = {}): Promise<FakeOpenAiUpstream> {
  const wire = new OpenAiWire(options.reply ?? DEFAULT_FAKE_REPLY, Math.floor(Date.now() / 1000));
  const modelsBody = wire.models(options.models ?? ['fake-model']);
  const defaultDimensions = options.embeddingDimensions ?? 8;
  const record = options.record ?? true;
  const streamUsage = options.streamUsage ?? true;
  let mode = normaliseMode(options.mode ?? 'ok');
  const requests: RecordedRequest[] = [];
  let requestCount = 0;
  let abortedRequests = 0;
  let connections = 0;
  let sequence = 0;
  let closing = false;
  const abortWaiters = new Set<() => void>();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, response, chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', () => connections++);

  function handle(request: IncomingMessage, response: ServerResponse, text: string): void {
    requestCount++;
    let body: unknown;
    try {
      body = text.length === 0 ? undefined : JSON.parse(text);
    } catch {
      respond(response, 400, errorBody(400, 'We could not parse the JSON body of your request.'));
      return;
    }
    const path = request.url ?? '/';
    if (record) requests.push({ method: request.method ?? 'GET', path, headers: request.headers, body });

    let droppedByServer = false;
    const timers: NodeJS.Timeout[] = [];
    response.on('close', () => {
      for (const timer of timers) clearTimeout(timer);
      if (!response.writableFinished && !droppedByServer && !closing) {
        abortedRequests++;
        for (const wake of abortWaiters) wake();
      }
    });
    const drop = () => {
      droppedByServer = true;
      response.socket?.destroy();
    };
    const later = (ms: number, action: () => void) => timers.push(setTimeout(action, ms));

    const header = request.headers[FAKE_MODE_HEADER];
    const current = (typeof header === 'string' ? parseFakeMode(header) : undefined) ?? mode;
    const route = path.split('?')[0];

    if (request.method === 'GET' && route === '/v1/models') {
      respond(response, 200, modelsBody);
      return;
    }
    if (request.method !== 'POST' || (route !== '/v1/chat/completions' && route !== '/v1/completions' && route !== '/v1/embeddings')) {
      respond(response, 404, errorBody(404, `Unknown request URL: ${request.method} ${route}.`));
      return;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      respond(response, 400, errorBody(400, 'The request body must be a JSON object.'));
      return;
    }
    const fields = body as Record<string, unknown>;
    const parsed: ParsedRequest = {
      model: typeof fields.model === 'string' ? fields.model : 'fake-model',
      stream: fields.stream === true,
      includeUsage: (fields.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true,
      body: fields,
    };

    switch (current.kind) {
      case 'hang':
        return;
      case 'delay':
        later(current.ms, () => answer(route, parsed, response, { kind: 'ok' }, later, drop));
        return;
      case 'http-error': {
        const headers: Record<string, string> = {};
        if (current.retryAfter !== undefined) headers['retry-after'] = current.retryAfter;
        respond(response, current.status, errorBody(current.status, current.message ?? `Fake upstream error ${current.status}.`), headers);
        return;
      }
      default:
        answer(route, parsed, response, current, later, drop);
    }
  }

  function answer(
    route: string | undefined,
    request: ParsedRequest,
    response: ServerResponse,
    current: FakeUpstreamMode,
    later: (ms: number, action: () => void) => void,
    drop: () => void,
  ): void {
    if (current.kind === 'invalid-json' && !request.stream) {
      respond(response, 200, '{"id":"chatcmpl-fake","object":"chat.completion","choices":[{"index":0,');
      return;
    }
    if (current.kind === 'wrong-shape' && !request.stream) {
      respond(response, 200, '{"object":"chat.completion","choices":"none","data":7}');
      return;
    }
    let payload: string;
    if (route === '/v1/embeddings') {
      const input = request.body.input;
      const inputs = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
      const dimensions = typeof request.body.dimensions === 'number' ? request.body.dimensions : defaultDimensions;
      payload = wire.embeddings(request.model, inputs, dimensions, request.body.encoding_format === 'base64');
    } else {
      const plan: ReplyPlan = {
        kind: route === '/v1/chat/completions' ? 'chat' : 'completion',
        model: request.model,
        n: typeof request.body.n === 'number' && request.body.n > 1 ? Math.min(request.body.n, 16) : 1,
        toolName: route === '/v1/chat/completions' ? firstToolName(request.body) : undefined,
        promptTokens: promptTokens(request.body),
      };
      sequence++;
      const id = `${plan.kind === 'chat' ? 'chatcmpl' : 'cmpl'}-fake${sequence}`;
      if (request.stream) {
        streamEvents(response, wire.chunks(id, plan, request.includeUsage && streamUsage), current, later, drop);
        return;
      }
      payload = wire.completion(id, plan);
    }
    if (current.kind === 'drop-mid-stream' || current.kind === 'slow-stream') {
      const half = Math.floor(payload.length / 2);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
      response.write(payload.slice(0, half));
      if (current.kind === 'drop-mid-stream') drop();
      else later(current.ms, () => response.end(payload.slice(half)));
      return;
    }
    respond(response, 200, payload);
  }

  function streamEvents(
    response: ServerResponse,
    events: string[],
    current: FakeUpstreamMode,
    later: (ms: number, action: () => void) => void,
    drop: () => void,
  ): void {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    if (current.kind === 'invalid-json' || current.kind === 'wrong-shape') {
      response.write(events[0]!);
      response.end(current.kind === 'invalid-json' ? 'data: {"id": oops\n\ndata: [DONE]\n\n' : 'data: {"choices":[{"index":"zero","delta":5}]}\n\ndata: [DONE]\n\n');
      return;
    }
    if (current.kind === 'drop-mid-stream') {
      for (const event of events.slice(0, current.afterChunks ?? 2)) response.write(event);
      // Let the written events reach the client before the connection dies.
      later(5, drop);
      return;
    }
    if (current.kind === 'slow-stream') {
      let next = 0;
      const send = () => {
        const event = events[next++]!;
        if (next === events.length) response.end(event);
        else {
          response.write(event);
          later(current.ms, send);
        }
      };
      send();
      return;
    }
    response.end(events.join(''));
  }

  function respond(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
    response.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    setMode(next) {
      mode = normaliseMode(next);
    },
    requests,
    get requestCount() {
      return requestCount;
    },
    get abortedRequests() {
      return abortedRequests;
    },
    get connections() {
      return connections;
    },
    waitForAbortedRequests(count, timeoutMs = 5000) {
      if (abortedRequests >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          abortWaiters.delete(wake);
          reject(new Error(`Expected ${count} aborted upstream requests, saw ${abortedRequests}.`));
        }, timeoutMs);
        const wake = () => {
          if (abortedRequests < count) return;
          clearTimeout(timer);
          abortWaiters.delete(wake);
          resolve();
        };
        abortWaiters.add(wake);
      });
    },
    reset() {
      requests.length = 0;
      requestCount = 0;
      abortedRequests = 0;
      connections = 0;
      mode = { kind: 'ok' };
    },
    async close() {
      closing = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
