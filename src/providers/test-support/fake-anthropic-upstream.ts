import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Anthropic Messages API for tests: Anthropic's exact wire format on `POST /v1/messages` (JSON and the SSE
 * event sequence message_start → content blocks → message_delta → message_stop, with pings), usage, tool use,
 * stop sequences, `max_tokens`, and Anthropic's error bodies. It checks `x-api-key` and `anthropic-version` the
 * way the real API does. Failure modes are switched per server with `setMode`.
 */

export type FakeAnthropicMode =
  | { kind: 'ok' }
  /** Answers `status` with an Anthropic error body (and `retry-after` when given). */
  | { kind: 'http-error'; status: number; message?: string; retryAfter?: string }
  /** A 200 whose body (or a stream event) is not JSON. */
  | { kind: 'invalid-json' }
  /** A 200 whose JSON does not have Anthropic's shape. */
  | { kind: 'wrong-shape' }
  /** Streams `afterEvents` events, then destroys the socket. */
  | { kind: 'drop-mid-stream'; afterEvents: number }
  /** Streams `afterEvents` events, then an `error` event (overloaded), as Anthropic does under load. */
  | { kind: 'stream-error'; afterEvents: number }
  /** Reads the request and never answers. */
  | { kind: 'hang' };

export interface FakeAnthropicRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeAnthropicUpstreamOptions {
  /** The key callers must send as `x-api-key`. */
  apiKey: string;
  reply?: string;
}

export interface FakeAnthropicUpstream {
  /** Base URL without `/v1`, e.g. `http://127.0.0.1:41234` (as ANTHROPIC_BASE_URL). */
  readonly url: string;
  readonly requests: FakeAnthropicRequest[];
  setMode(mode: FakeAnthropicMode): void;
  /** Clears recorded requests; the mode goes back to `ok`. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_ANTHROPIC_REPLY = 'Hello from the fake Claude model.';
export const FAKE_TOOL_INPUT = { query: 'fake' };
const TOOL_PREAMBLE = 'Let me look that up.';
const TOOL_INPUT_PIECES = ['{"query":', ' "fake"}'];

const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

let sequence = 0;

export function anthropicErrorBody(status: number, message: string): string {
  const type = errorTypes[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return JSON.stringify({ type: 'error', error: { type, message }, request_id: `req_fake${++sequence}` });
}

function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** Words of every text the model reads: the system prompt, text blocks, tool results. */
function inputTokens(body: Record<string, unknown>): number {
  const textOf = (value: unknown): number => {
    if (typeof value === 'string') return countWords(value);
    if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + textOf(item), 0);
    if (typeof value === 'object' && value !== null) {
      const block = value as Record<string, unknown>;
      if (block.type === 'text') return textOf(block.text);
      if (block.type === 'tool_result') return textOf(block.content);
    }
    return 0;
  };
  let total = textOf(body.system);
  for (const message of Array.isArray(body.messages) ? body.messages : []) total += textOf((message as { content?: unknown }).content);
  return total;
}

interface Plan {
  id: string;
  model: string;
  inputTokens: number;
  /** Text pieces (a word with its leading space). */
  pieces: string[];
  tool: string | undefined;
  stopReason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';
  stopSequence: string | null;
}

function plan(body: Record<string, unknown>, reply: string): Plan {
  const tools = Array.isArray(body.tools) ? (body.tools as Array<{ name?: unknown }>) : [];
  const choice = body.tool_choice as { type?: unknown } | undefined;
  const tool = tools.length > 0 && choice?.type !== 'none' ? String(tools[0]?.name ?? 'tool') : undefined;
  const base: Plan = {
    id: `msg_fake${++sequence}`,
    model: typeof body.model === 'string' ? body.model : 'claude-fake',
    inputTokens: inputTokens(body),
    pieces: (tool === undefined ? reply : TOOL_PREAMBLE).match(/\s*\S+/g) ?? [],
    tool,
    stopReason: tool === undefined ? 'end_turn' : 'tool_use',
    stopSequence: null,
  };
  if (tool !== undefined) return base;
  const stops = Array.isArray(body.stop_sequences) ? body.stop_sequences.filter((stop): stop is string => typeof stop === 'string') : [];
  let text = '';
  for (let index = 0; index < base.pieces.length; index++) {
    text += base.pieces[index];
    const hit = stops.find((stop) => text.includes(stop));
    if (hit !== undefined) {
      const cut = text.slice(0, text.indexOf(hit));
      const pieces: string[] = cut.match(/\s*\S+/g) ?? [];
      const trailing = cut.slice(pieces.join('').length);
      if (trailing.length > 0) pieces.push(trailing);
      return { ...base, pieces, stopReason: 'stop_sequence', stopSequence: hit };
    }
  }
  const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : Infinity;
  if (base.pieces.length > maxTokens) return { ...base, pieces: base.pieces.slice(0, maxTokens), stopReason: 'max_tokens' };
  return base;
}

function outputTokens(plan: Plan): number {
  return plan.pieces.length + (plan.tool === undefined ? 0 : TOOL_INPUT_PIECES.length);
}

function messageJson(plan: Plan): string {
  const content: unknown[] = [];
  if (plan.pieces.length > 0) content.push({ type: 'text', text: plan.pieces.join('') });
  if (plan.tool !== undefined) content.push({ type: 'tool_use', id: `toolu_${plan.id}`, name: plan.tool, input: FAKE_TOOL_INPUT });
  return JSON.stringify({
    id: plan.id,
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content,
    stop_reason: plan.stopReason,
    stop_sequence: plan.stopSequence,
    usage: { input_tokens: plan.inputTokens, output_tokens: outputTokens(plan), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  });
}

function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

function streamEvents(plan: Plan): string[] {
  const events = [
    event('message_start', {
      message: {
        id: plan.id, type: 'message', role: 'assistant', model: plan.model, content: [], stop_reason: null, stop_sequence: null,
        usage: { input_tokens: plan.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
      },
    }),
  ];
  let index = 0;
  if (plan.pieces.length > 0) {
    events.push(event('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    events.push(event('ping', {}));
    for (const piece of plan.pieces) events.push(event('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }));
    events.push(event('content_block_stop', { index }));
    index++;
  }
  if (plan.tool !== undefined) {
    events.push(event('content_block_start', { index, content_block: { type: 'tool_use', id: `toolu_${plan.id}`, name: plan.tool, input: {} } }));
    events.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } }));
    for (const piece of TOOL_INPUT_PIECES) events.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } }));
    events.push(event('content_block_stop', { index }));
  }
  events.push(event('message_delta', { delta: { stop_reason: plan.stopReason, stop_sequence: plan.stopSequence }, usage: { output_tokens: outputTokens(plan) } }));
  events.push(event('message_stop', {}));
  return events;
}

export async function startFakeAnthropicUpstream(options: FakeAnthropicUpstreamOptions): Promise<FakeAnthropicUpstream> {
  const reply = options.reply ?? DEFAULT_ANTHROPIC_REPLY;
  let mode: FakeAnthropicMode = { kind: 'ok' };
  const requests: FakeAnthropicRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, response, Buffer.concat(chunks).toString('utf8')));
  });

  function respond(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
    response.end(body);
  }

  function handle(request: IncomingMessage, response: ServerResponse, text: string): void {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    let body: unknown;
    try {
      body = text.length === 0 ? undefined : JSON.parse(text);
    } catch {
      respond(response, 400, anthropicErrorBody(400, 'There was an issue with the format or content of your request.'));
      return;
    }
    requests.push({ path, headers: request.headers, body });
    if (request.method !== 'POST' || path !== '/v1/messages') {
      respond(response, 404, anthropicErrorBody(404, `Not found: ${request.method} ${path}`));
      return;
    }
    if (request.headers['x-api-key'] !== options.apiKey) {
      respond(response, 401, anthropicErrorBody(401, 'invalid x-api-key'));
      return;
    }
    if (typeof request.headers['anthropic-version'] !== 'string') {
      respond(response, 400, anthropicErrorBody(400, 'anthropic-version: header is required'));
      return;
    }
    const fields = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    for (const required of ['model', 'max_tokens', 'messages']) {
      if (fields[required] === undefined) {
        respond(response, 400, anthropicErrorBody(400, `${required}: Field required`));
        return;
      }
    }
    const current = mode;
    switch (current.kind) {
      case 'hang':
        return;
      case 'http-error':
        respond(response, current.status, anthropicErrorBody(current.status, current.message ?? `Fake upstream error ${current.status}.`), current.retryAfter ? { 'retry-after': current.retryAfter } : {});
        return;
      default:
    }
    const answer = plan(fields, reply);
    if (fields.stream !== true) {
      if (current.kind === 'invalid-json') respond(response, 200, '{"id":"msg_fake","type":"message","content":[');
      else if (current.kind === 'wrong-shape') respond(response, 200, '{"type":"message","content":"none"}');
      else respond(response, 200, messageJson(answer), { 'request-id': `req_${answer.id}` });
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': `req_${answer.id}` });
    const events = streamEvents(answer);
    switch (current.kind) {
      case 'invalid-json':
        response.end(events[0]! + 'event: content_block_start\ndata: {"type": oops\n\n');
        return;
      case 'wrong-shape':
        response.end(events[0]! + 'event: content_block_delta\ndata: {"type":"content_block_delta","index":"zero","delta":5}\n\n');
        return;
      case 'drop-mid-stream': {
        response.write(events.slice(0, current.afterEvents).join(''));
        // Let the written events reach the client before the connection dies.
        const timer = setTimeout(() => response.socket?.destroy(), 5);
        timers.add(timer);
        return;
      }
      case 'stream-error':
        response.end(events.slice(0, current.afterEvents).join('') + 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
        return;
      default:
        response.end(events.join(''));
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setMode(next) {
      mode = next;
    },
    reset() {
      requests.length = 0;
      mode = { kind: 'ok' };
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The SSE events the fake streams for a request body (for translator tests that need no server). */
export function fakeAnthropicStreamEvents(body: Record<string, unknown>, reply: string = DEFAULT_ANTHROPIC_REPLY): string[] {
  return streamEvents(plan(body, reply));
}
