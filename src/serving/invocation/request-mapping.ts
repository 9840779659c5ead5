import type { ChatMessage, GenerateInput, GenerationParams } from '../../providers/index.js';
import type { ChatCompletionRequest, CompletionRequest } from './openai-schemas.js';

/** Fields of an OpenAI body that are consumed by Cairn itself and never forwarded as `extra`. */
const consumed = new Set([
  'model', 'messages', 'prompt', 'input', 'temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'stop', 'seed', 'n',
  'presence_penalty', 'frequency_penalty', 'stream', 'stream_options', 'client_request_id', 'usage_context',
  'dataframe_records', 'dataframe_split', 'inputs', 'instances',
]);

type TextRequest = Partial<ChatCompletionRequest> & Partial<CompletionRequest> & Record<string, unknown>;

export function generationParams(body: TextRequest): GenerationParams {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!consumed.has(key) && value !== undefined && value !== null) extra[key] = value;
  }
  const params: GenerationParams = { extra };
  if (body.temperature != null) params.temperature = body.temperature;
  if (body.top_p != null) params.top_p = body.top_p;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) params.max_tokens = maxTokens;
  if (body.stop != null) params.stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (body.seed != null) params.seed = body.seed;
  if (body.n != null) params.n = body.n;
  if (body.presence_penalty != null) params.presence_penalty = body.presence_penalty;
  if (body.frequency_penalty != null) params.frequency_penalty = body.frequency_penalty;
  return params;
}

export function chatInput(messages: ChatCompletionRequest['messages']): GenerateInput {
  return {
    kind: 'chat',
    messages: messages.map((message) => ({ ...message, content: message.content ?? null }) as ChatMessage),
  };
}

export function completionInput(prompt: string | string[]): GenerateInput {
  return { kind: 'completion', prompt: Array.isArray(prompt) ? (prompt[0] ?? '') : prompt };
}

/** Turns Databricks `dataframe_records` / `dataframe_split` / `inputs` / `instances` into prompts. */
export function predictionPrompts(body: Record<string, unknown>): string[] | undefined {
  const fromRecord = (record: unknown): string => {
    if (typeof record === 'string') return record;
    if (record && typeof record === 'object') {
      const value = record as Record<string, unknown>;
      for (const key of ['prompt', 'text', 'input', 'question']) {
        if (typeof value[key] === 'string') return value[key];
      }
      const firstString = Object.values(value).find((field) => typeof field === 'string');
      if (typeof firstString === 'string') return firstString;
    }
    return JSON.stringify(record ?? '');
  };
  if (Array.isArray(body.dataframe_records)) return body.dataframe_records.map(fromRecord);
  if (Array.isArray(body.instances)) return body.instances.map(fromRecord);
  const split = body.dataframe_split as { columns?: string[]; data?: unknown[][] } | undefined;
  if (split && Array.isArray(split.data)) {
    return split.data.map((row) => {
      const columns = split.columns ?? [];
      return fromRecord(Object.fromEntries(row.map((cell, index) => [columns[index] ?? String(index), cell])));
    });
  }
  if (body.inputs !== undefined) {
    const inputs = body.inputs;
    if (Array.isArray(inputs)) return inputs.map(fromRecord);
    if (inputs && typeof inputs === 'object') {
      const columns = Object.values(inputs as Record<string, unknown>).find(Array.isArray);
      if (columns) return columns.map(fromRecord);
    }
    return [fromRecord(inputs)];
  }
  return undefined;
}

/**
 * The rows of a Databricks tabular body as records, for models that take records (`capabilities.predict`):
 * `dataframe_records` and `instances` as sent; `dataframe_split` `{columns, data}` zipped into one object per row;
 * `inputs` as sent when a list, zipped when an object of equally long column lists, else one record.
 */
export function predictionRecords(body: Record<string, unknown>): unknown[] | undefined {
  if (Array.isArray(body.dataframe_records)) return body.dataframe_records;
  if (Array.isArray(body.instances)) return body.instances;
  const split = body.dataframe_split as { columns?: string[]; data?: unknown[][] } | undefined;
  if (split && Array.isArray(split.data)) {
    const columns = split.columns ?? [];
    return split.data.map((row) => Object.fromEntries(row.map((cell, index) => [columns[index] ?? String(index), cell])));
  }
  if (body.inputs === undefined) return undefined;
  const inputs = body.inputs;
  if (Array.isArray(inputs)) return inputs;
  if (inputs !== null && typeof inputs === 'object') return columnsToRecords(inputs as Record<string, unknown>) ?? [inputs];
  return [inputs];
}

/** `{a: [1, 2], b: [3, 4]}` → `[{a: 1, b: 3}, {a: 2, b: 4}]`; undefined unless every value is a list of one length. */
function columnsToRecords(columns: Record<string, unknown>): Record<string, unknown>[] | undefined {
  const entries = Object.entries(columns);
  if (entries.length === 0 || !entries.every(([, values]) => Array.isArray(values))) return undefined;
  const length = (entries[0]![1] as unknown[]).length;
  if (entries.some(([, values]) => (values as unknown[]).length !== length)) return undefined;
  return Array.from({ length }, (_, row) => Object.fromEntries(entries.map(([name, values]) => [name, (values as unknown[])[row]])));
}
