import { parentPort, workerData } from 'node:worker_threads';
import { OutputNotSerialisableError, toJsonOutput } from './json-output.js';
import type { ChatPayload, EmbedPayload, ParentMessage, PredictPayload, WorkerInit, WorkerMessage, WorkerUsage } from './protocol.js';

/**
 * One JS model replica's thread: imports the package's entry module, runs its `load(context)`, then answers calls
 * from Cairn (worker-replica.ts) over the port. Loaded from dist as .js, from source through tsx (lib/worker-module.ts).
 * It imports nothing heavy: the thread's heap limit is the model's budget.
 */

type ModelFunction = (...args: unknown[]) => unknown;
type ModelModule = Record<string, unknown>;

interface RunningCall {
  cancelled: boolean;
  iterator?: AsyncIterator<unknown> | Iterator<unknown>;
}

const init = workerData as WorkerInit;
const port = parentPort;
if (!port) throw new Error('js-worker must run in a worker thread');
const running = new Map<number, RunningCall>();
let model: ModelModule | undefined;

function post(message: WorkerMessage): void {
  try {
    port?.postMessage(message);
  } catch (error) {
    // A value the structured clone refuses (toJsonOutput should have caught it): fail that call, not the thread.
    if ('id' in message) port?.postMessage({ type: 'error', id: message.id, message: `output could not be sent: ${describe(error)}` } satisfies WorkerMessage);
  }
}

function describe(error: unknown): string {
  let text: string;
  try {
    text = error instanceof Error ? error.message : String(error);
  } catch {
    text = 'a value that cannot be turned into a message was thrown';
  }
  return text.length > init.maxMessageChars ? `${text.slice(0, init.maxMessageChars)}…` : text;
}

function exported(name: string): ModelFunction {
  const value = model?.[name];
  if (typeof value !== 'function') throw new Error(`the module does not export ${name}()`);
  return value as ModelFunction;
}

/** The module's usage, `{input_tokens, output_tokens}` (or OpenAI's prompt/completion names); anything else → Cairn estimates. */
function usageOf(value: unknown): WorkerUsage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const usage = value as Record<string, unknown>;
  const inputTokens = usage.input_tokens ?? usage.prompt_tokens;
  const outputTokens = usage.output_tokens ?? usage.completion_tokens;
  const valid = (count: unknown): count is number => typeof count === 'number' && Number.isInteger(count) && count >= 0;
  return valid(inputTokens) && valid(outputTokens) ? { inputTokens, outputTokens } : undefined;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Record<symbol, unknown>)[Symbol.iterator] === 'function';
}

async function predict(payload: PredictPayload): Promise<unknown> {
  const result = await exported('predict')(payload.records, payload.params);
  if (result === undefined) throw new OutputNotSerialisableError('predict returned undefined (return one prediction per record)');
  const predictions = Array.isArray(result) ? result : [result];
  return { predictions: toJsonOutput(predictions, 'predictions') };
}

async function embed(payload: EmbedPayload): Promise<unknown> {
  const result = await exported('embed')(payload.texts, payload.params);
  const vectors = Array.isArray(result) ? result : (result as { embeddings?: unknown } | null)?.embeddings;
  const embeddings = toJsonOutput(vectors, 'embeddings');
  const valid =
    Array.isArray(embeddings) &&
    embeddings.length === payload.texts.length &&
    embeddings.every((vector) => Array.isArray(vector) && vector.every((item) => typeof item === 'number'));
  if (!valid) throw new Error(`embed must return one vector (an array of numbers) per text: ${payload.texts.length} expected`);
  return { embeddings, usage: Array.isArray(result) ? undefined : usageOf((result as { usage?: unknown }).usage) };
}

/**
 * chat / chatStream: the module returns a string, `{content, usage?}`, or an (async) iterable of text deltas whose
 * return value may carry `{usage}`. Streams post each delta as it comes; chat joins them.
 */
async function chat(id: number, payload: ChatPayload, stream: boolean, call: RunningCall): Promise<unknown> {
  const result = await exported('chat')(payload.messages, payload.params);
  if (typeof result === 'string') {
    if (stream && result.length > 0) post({ type: 'delta', id, text: result });
    return stream ? {} : { content: result };
  }
  if (isAsyncIterable(result) || (isIterable(result) && !Array.isArray(result))) {
    const iterator = isAsyncIterable(result) ? result[Symbol.asyncIterator]() : result[Symbol.iterator]();
    call.iterator = iterator;
    let content = '';
    for (;;) {
      if (call.cancelled) return {};
      const step = await iterator.next();
      if (step.done) {
        const usage = usageOf((step.value as { usage?: unknown } | undefined)?.usage);
        return stream ? { usage } : { content, usage };
      }
      if (typeof step.value !== 'string') throw new Error(`a chat stream must yield strings, got ${step.value === null ? 'null' : typeof step.value}`);
      if (step.value.length === 0) continue;
      if (stream) post({ type: 'delta', id, text: step.value });
      else content += step.value;
    }
  }
  const object = result as { content?: unknown; usage?: unknown } | null;
  if (typeof object?.content !== 'string') throw new Error('chat must return a string, {content, usage?} or an (async) iterable of text deltas');
  if (stream && object.content.length > 0) post({ type: 'delta', id, text: object.content });
  const usage = usageOf(object.usage);
  return stream ? { usage } : { content: object.content, usage };
}

async function handleCall(message: Extract<ParentMessage, { type: 'call' }>): Promise<void> {
  const call: RunningCall = { cancelled: false };
  running.set(message.id, call);
  try {
    let value: unknown;
    if (message.op === 'predict') value = await predict(message.payload);
    else if (message.op === 'embed') value = await embed(message.payload);
    else value = await chat(message.id, message.payload, message.op === 'chatStream', call);
    post({ type: 'result', id: message.id, value });
  } catch (error) {
    post({ type: 'error', id: message.id, message: describe(error) });
  } finally {
    running.delete(message.id);
  }
}

function cancel(id: number): void {
  const call = running.get(id);
  if (!call) return;
  call.cancelled = true;
  // A generator's finally blocks run now; a running synchronous loop cannot be stopped from here.
  Promise.resolve(call.iterator?.return?.()).catch(() => undefined);
}

async function boot(): Promise<void> {
  const started = performance.now();
  let module: ModelModule;
  try {
    module = (await import(init.entryUrl)) as ModelModule;
  } catch (error) {
    post({ type: 'load-failed', message: `importing ${init.entry} failed: ${describe(error)}` });
    return;
  }
  if (typeof module.load !== 'function') {
    post({ type: 'load-failed', message: `${init.entry} does not export a load(context) function` });
    return;
  }
  const missing = init.capabilities.filter((capability) => typeof module[capability] !== 'function');
  if (missing.length > 0) {
    post({
      type: 'load-failed',
      message: `${init.entry} does not export ${missing.map((name) => `${name}()`).join(', ')}, listed in the manifest's flavors.js.capabilities`,
    });
    return;
  }
  const context = {
    packageDir: init.packageDir,
    artifactsDir: init.artifactsDir,
    manifest: init.manifest,
    log: (...args: unknown[]) => console.log(...args),
  };
  try {
    await (module.load as ModelFunction)(context);
  } catch (error) {
    post({ type: 'load-failed', message: `load() threw: ${describe(error)}` });
    return;
  }
  model = module;
  post({ type: 'ready', loadMs: performance.now() - started });
}

// Listening first also keeps the thread alive while load() awaits something that never settles (the start timeout ends it).
port.on('message', (message: ParentMessage) => {
  if (message.type === 'cancel') cancel(message.id);
  else if (message.type === 'call') void handleCall(message);
});
void boot();
