import type { Selectable } from 'kysely';
import type { InferenceLogTable } from '../storage/index.js';
import type { CallSummary } from './types.js';

/**
 * Reading the masked payloads capture stored (JSON text) back into chat messages and answer text, for the review
 * list and the exports. Payloads are whatever the client sent, so every shape is checked, never assumed.
 */

/** Characters of prompt and answer a review list shows per item. */
export const SUMMARY_CHARS = 500;

export interface ChatMessage {
  role: string;
  content: string;
}

/** The inference-table columns review and export read. */
export type CallRow = Pick<
  Selectable<InferenceLogTable>,
  | 'request_id'
  | 'request_time'
  | 'endpoint_name'
  | 'endpoint_id'
  | 'status_code'
  | 'served_entity_name'
  | 'model_version'
  | 'requester'
  | 'request'
  | 'response'
  | 'logging_error_codes'
>;

export const callRowColumns = [
  'request_id',
  'request_time',
  'endpoint_name',
  'endpoint_id',
  'status_code',
  'served_entity_name',
  'model_version',
  'requester',
  'request',
  'response',
  'logging_error_codes',
] as const;

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Capture's stand-in for an oversize payload: `{truncated: true, original_bytes, prefix?}`. */
export function isTruncatedPayload(value: unknown): boolean {
  return record(value)?.truncated === true;
}

/** Whether capture cut (or could not serialise) the request or response of this row. */
export function payloadTruncated(row: Pick<CallRow, 'request' | 'response' | 'logging_error_codes'>): { request: boolean; response: boolean } {
  const codes = parse(row.logging_error_codes);
  const list = Array.isArray(codes) ? codes : [];
  return {
    request: list.includes('REQUEST_PAYLOAD_TOO_LARGE') || list.includes('REQUEST_PAYLOAD_UNSERIALIZABLE') || isTruncatedPayload(parse(row.request)),
    response: list.includes('RESPONSE_PAYLOAD_TOO_LARGE') || list.includes('RESPONSE_PAYLOAD_UNSERIALIZABLE') || isTruncatedPayload(parse(row.response)),
  };
}

/** A message's content as text: a string, or the text parts of an OpenAI content array joined. */
function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const texts = content.map((part) => record(part)).filter((part) => part?.type === 'text' && typeof part.text === 'string').map((part) => part!.text as string);
  return texts.length > 0 ? texts.join('\n') : null;
}

/**
 * The conversation of a chat request (`messages`), or a completion prompt as one user message. Null when the
 * request holds neither (embeddings, predictions with several inputs, an unparseable body).
 */
export function promptMessages(requestText: string | null): ChatMessage[] | null {
  const request = record(parse(requestText));
  if (!request) return null;
  if (Array.isArray(request.messages)) {
    const messages: ChatMessage[] = [];
    for (const item of request.messages) {
      const message = record(item);
      const content = contentText(message?.content);
      if (!message || typeof message.role !== 'string' || content === null) continue;
      messages.push({ role: message.role, content });
    }
    return messages.length > 0 ? messages : null;
  }
  if (typeof request.prompt === 'string' && request.prompt !== '') return [{ role: 'user', content: request.prompt }];
  return null;
}

/** The answer's text: the first chat choice's message, a completion choice's text, or the first prediction. */
export function responseText(responseJson: string | null): string | null {
  const response = record(parse(responseJson));
  if (!response) return null;
  const choice = Array.isArray(response.choices) ? record(response.choices[0]) : undefined;
  if (choice) {
    const content = contentText(record(choice.message)?.content);
    if (content !== null) return content;
    if (typeof choice.text === 'string') return choice.text;
  }
  if (Array.isArray(response.predictions) && typeof response.predictions[0] === 'string') return response.predictions[0];
  return null;
}

function clip(text: string | null): string | null {
  if (text === null) return null;
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}…` : text;
}

/** What a reviewer scans in a list: the last user message and the answer, both masked and clipped. */
export function summarizeCall(row: CallRow): CallSummary {
  const messages = promptMessages(row.request);
  const lastUser = messages ? ([...messages].reverse().find((message) => message.role === 'user') ?? messages.at(-1)) : undefined;
  const truncated = payloadTruncated(row);
  return {
    request_time: Number(row.request_time),
    status_code: Number(row.status_code),
    served_entity_name: row.served_entity_name,
    model_version: row.model_version,
    requester: row.requester,
    prompt: clip(lastUser?.content ?? null),
    response: clip(responseText(row.response)),
    truncated: truncated.request || truncated.response,
  };
}
