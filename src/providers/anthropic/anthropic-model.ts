import { CairnError } from '../../errors/index.js';
import { createUpstreamClient } from '../openai-compatible/upstream-client.js';
import { redactorFor } from '../openai-compatible/upstream-errors.js';
import { validateProviderBaseUrl } from '../openai-compatible/validate-provider-base-url.js';
import type { EmbedResult, GenerateRequest, GenerateResult, LanguageModel, StreamPart } from '../spec.js';
import { AnthropicStreamTranslator } from './anthropic-stream.js';
import { messagesRequestBody } from './request-body.js';
import { mapMessage } from './response-mapping.js';
import { messageSchema } from './wire-schemas.js';

export interface AnthropicModelOptions {
  /** Default https://api.anthropic.com (validated like every provider base URL). */
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
  /** Sent as `anthropic-version`; default 2023-06-01. */
  apiVersion?: string;
  allowPrivateNetworks: boolean;
  /** `max_tokens` is required by Anthropic; used when the caller gives none. */
  defaultMaxTokens?: number;
  /** Bound on the wait for response headers. Default 300 000. */
  headersTimeoutMs?: number;
  /** Bound on the silence between two body chunks. Default 60 000. */
  idleTimeoutMs?: number;
  /** Largest non-streamed response body accepted. Default 64 MiB. */
  maxResponseBytes?: number;
}

export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
const DEFAULT_API_VERSION = '2023-06-01';
const DEFAULT_MAX_TOKENS = 4096;

/**
 * Anthropic's Messages API (`POST {base}/v1/messages`) as a LanguageModel: OpenAI-shaped requests are translated
 * to Anthropic's and answers back, streams included. Shares the OpenAI-compatible adapter's HTTP machinery
 * (SSRF-guarded pool, no redirects, exact timeouts, the same upstream error mapping); the key lives in this
 * closure only, is sent as `x-api-key` and is redacted from anything an upstream echoes.
 */
export function createAnthropicModel(options: AnthropicModelOptions): LanguageModel {
  const allowPrivate = options.allowPrivateNetworks;
  const url = validateProviderBaseUrl(options.baseUrl, { allowPrivate });
  const defaultMaxTokens = options.defaultMaxTokens ?? DEFAULT_MAX_TOKENS;
  if (!Number.isInteger(defaultMaxTokens) || defaultMaxTokens <= 0) throw new CairnError('INVALID_PARAMETER_VALUE', 'defaultMaxTokens must be a positive integer.');
  const modelName = options.model;
  const redact = redactorFor(options.apiKey);
  // A base given with or without the trailing `/v1` both work.
  const basePath = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  const messagesPath = `${basePath}/v1/messages${url.search}`;

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'cairn',
    'anthropic-version': options.apiVersion ?? DEFAULT_API_VERSION,
  };
  if (options.apiKey !== undefined && options.apiKey.length > 0) headers['x-api-key'] = options.apiKey;
  const client = createUpstreamClient({
    origin: url.origin,
    allowPrivate,
    headersTimeoutMs: options.headersTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    headers,
    redact,
  });

  async function* stream(request: GenerateRequest): AsyncGenerator<StreamPart> {
    // Built inside the generator so a request Anthropic cannot express fails from the iterator, like any stream error.
    const { body, warnings } = messagesRequestBody(modelName, request.input, request.params, true, defaultMaxTokens);
    yield* client.stream(messagesPath, body, request.signal, request.requestId, new AnthropicStreamTranslator(redact, warnings));
  }

  return {
    provider: 'anthropic',
    modelName,
    capabilities: { chat: true, completions: true, embeddings: false, streaming: true },

    async doGenerate(request: GenerateRequest): Promise<GenerateResult> {
      const { body, warnings } = messagesRequestBody(modelName, request.input, request.params, false, defaultMaxTokens);
      return mapMessage(await client.postJson(messagesPath, body, messageSchema, request.signal, request.requestId), warnings);
    },

    doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
      return stream(request);
    },

    doEmbed(): Promise<EmbedResult> {
      return Promise.reject(new CairnError('CAPABILITY_NOT_SUPPORTED', 'The anthropic provider does not serve embeddings.'));
    },

    close(): Promise<void> {
      return client.close();
    },
  };
}
