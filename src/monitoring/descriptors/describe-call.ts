import { describeText, prefixedColumns, type TextDescriptorValues } from './describe-text.js';
import { cosine, groundedness, hallucinationMarkers } from './quality-scores.js';
import { extractCallTexts } from './extract-call.js';
import { embeddableText, foldVector, roundVector } from './embeddings.js';
import type { CallDescriptors, DescriptorColumn } from './types.js';

/** The fields of a stored inference-log row that descriptors read. */
export interface DescribableRow {
  request_id: string;
  endpoint_name: string;
  endpoint_id?: string | null;
  served_entity_name?: string | null;
  model_version?: string | null;
  request_time: number;
  status_code: number;
  request?: string | null;
  response?: string | null;
}

/** One call described: the descriptor record, and the texts still to embed when the embedder is asynchronous. */
export interface CallDescription {
  descriptors: CallDescriptors;
  /** Texts to embed (cut to MAX_EMBEDDED_CHARS); null where there is none. */
  prompt_text: string | null;
  response_text: string | null;
  prompt_embedding: number[] | null;
  response_embedding: number[] | null;
}

export interface DescribeCallOptions {
  /** A synchronous embedder (the demo one): embeddings and relevance are filled in at once. */
  embedSync?: (texts: string[]) => number[][];
  /** Stored vectors longer than this are folded to it (the demo embedder's are; an endpoint's are kept). */
  foldTo?: number;
}

const TEXT_KEYS: ReadonlyArray<keyof TextDescriptorValues> = ['chars', 'tokens', 'language', 'refusal', 'empty', 'distinct_2', 'readability', 'toxicity', 'pii_count'];

/** Every column of a call's descriptor record (what `call_descriptors.descriptors` holds), for drift and docs. */
export const DESCRIPTOR_COLUMNS: readonly DescriptorColumn[] = [
  { name: 'operation', type: 'categorical', description: 'chat, text_completion, embeddings or other (read from the request shape).' },
  ...prefixedColumns('prompt', '_'),
  ...prefixedColumns('response', '_'),
  { name: 'conversation_chars', type: 'numerical', description: 'Characters of all messages of the conversation (chat), else of the prompt.' },
  { name: 'context_chars', type: 'numerical', description: 'Characters of the retrieval context (long system messages, tool messages, context/documents fields); 0 without.' },
  { name: 'relevance', type: 'numerical', description: 'Cosine similarity of the prompt and response embeddings; null without both.' },
  { name: 'groundedness', type: 'numerical', description: "Share of the response's sentences whose content words are found in the context; null without context." },
  { name: 'hallucination_markers', type: 'numerical', description: 'Unsupported citations, unsourced "according to the study" claims, URLs and DOIs found in neither prompt nor context.' },
  { name: 'truncated', type: 'categorical', description: 'The stored request or response was cut at the capture size cap; descriptors describe its readable part.' },
];

function prefixed(prefix: string, values: TextDescriptorValues | null, into: CallDescriptors): void {
  for (const key of TEXT_KEYS) into[`${prefix}_${key}`] = values === null ? null : values[key];
}

export function applyEmbeddings(description: CallDescription, prompt: readonly number[] | null, response: readonly number[] | null, foldTo?: number): void {
  description.descriptors.relevance = cosine(prompt, response);
  const stored = (vector: readonly number[] | null) => (vector === null || vector.length === 0 ? null : roundVector(foldTo === undefined ? vector : foldVector(vector, foldTo)));
  description.prompt_embedding = stored(prompt);
  description.response_embedding = stored(response);
}

/** A short key that tells texts apart: 32-bit FNV-1a of the text and its length. */
export function textKey(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${(hash >>> 0).toString(36)}:${text.length}`;
}

/** Descriptors of one stored call. Pure apart from the embedder; tolerant of any payload, never throws on one. */
export function describeCall(row: Pick<DescribableRow, 'request' | 'response'>, options: DescribeCallOptions = {}): CallDescription {
  const texts = extractCallTexts(row);
  const descriptors: CallDescriptors = { operation: texts.operation };
  prefixed('prompt', texts.prompt === null ? null : describeText(texts.prompt), descriptors);
  prefixed('response', texts.response === null ? null : describeText(texts.response), descriptors);
  descriptors.conversation_chars = texts.conversation_chars;
  descriptors.context_chars = texts.context?.length ?? 0;
  descriptors.relevance = null;
  descriptors.groundedness = texts.response === null ? null : groundedness(texts.response, texts.context);
  descriptors.hallucination_markers = texts.response === null ? null : hallucinationMarkers(texts.response, texts.prompt, texts.context);
  descriptors.truncated = texts.truncated;
  // Identity of the texts (not drift columns): quality monitors count distinct answers to repeated prompts from
  // these, without reading the stored payloads back.
  descriptors.prompt_key = texts.prompt === null || texts.prompt === '' ? null : textKey(texts.prompt);
  descriptors.response_key = texts.response === null ? null : textKey(texts.response);
  const description: CallDescription = {
    descriptors,
    prompt_text: texts.prompt === null || texts.prompt.trim() === '' ? null : embeddableText(texts.prompt),
    response_text: texts.response === null || texts.response.trim() === '' ? null : embeddableText(texts.response),
    prompt_embedding: null,
    response_embedding: null,
  };
  if (options.embedSync) {
    const wanted = [description.prompt_text, description.response_text].filter((text): text is string => text !== null);
    const vectors = wanted.length > 0 ? options.embedSync(wanted) : [];
    let next = 0;
    const prompt = description.prompt_text === null ? null : (vectors[next++] ?? null);
    const response = description.response_text === null ? null : (vectors[next++] ?? null);
    applyEmbeddings(description, prompt, response, options.foldTo);
  }
  return description;
}
