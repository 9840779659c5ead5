import type {
  EmbedRequest,
  EmbedResult,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelCapabilities,
  StreamPart,
} from '../spec.js';
import { OpenAiStreamTranslator } from './openai-stream.js';
import { type MaxTokensField, completionRequestBody, embeddingsRequestBody } from './request-body.js';
import { mapChatCompletion, mapEmbeddings, mapTextCompletion } from './response-mapping.js';
import { createUpstreamClient } from './upstream-client.js';
import { redactorFor } from './upstream-errors.js';
import { validateProviderBaseUrl } from './validate-provider-base-url.js';
import { chatCompletionSchema, embeddingsSchema, textCompletionSchema } from './wire-schemas.js';

export interface OpenAiCompatibleModelOptions {
  /** e.g. `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1` (Ollama), `http://vllm:8000/v1`. */
  baseUrl: string;
  apiKey?: string;
  /** The model name sent upstream. */
  model: string;
  organization?: string;
  /** Bound on the wait for response headers (a non-streamed answer arrives only when complete). Default 300 000. */
  headersTimeoutMs?: number;
  /** Bound on the silence between two body chunks. Default 60 000. */
  idleTimeoutMs?: number;
  /** `false` refuses loopback and private upstreams (SEC API7); link-local/metadata are always refused. */
  allowPrivateNetworks?: boolean;
  /** OpenAI's reasoning models want `max_completion_tokens`; most other hosts only know `max_tokens` (default). */
  maxTokensField?: MaxTokensField;
  /** Largest non-streamed response body accepted. Default 64 MiB. */
  maxResponseBytes?: number;
  /** What the host serves, when known; all true by default (an unsupported route answers a 404 upstream). */
  capabilities?: Partial<ModelCapabilities>;
}

/**
 * One adapter for every OpenAI-compatible host (OpenAI, vLLM, Ollama, TGI, llama.cpp server): hosts are
 * configuration, not code. Calls go through a keep-alive pool shared per origin; redirects are never
 * followed; the API key is held in this closure only and never appears in errors.
 */
export function createOpenAiCompatibleModel(options: OpenAiCompatibleModelOptions): LanguageModel {
  const allowPrivate = options.allowPrivateNetworks !== false;
  const url = validateProviderBaseUrl(options.baseUrl, { allowPrivate });
  const maxTokensField = options.maxTokensField ?? 'max_tokens';
  const modelName = options.model;
  const redact = redactorFor(options.apiKey);

  const basePath = url.pathname.replace(/\/+$/, '');
  const pathFor = (route: string) => `${basePath}${route}${url.search}`;
  const paths = { chat: pathFor('/chat/completions'), completion: pathFor('/completions'), embeddings: pathFor('/embeddings') };

  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'cairn' };
  if (options.apiKey !== undefined && options.apiKey.length > 0) headers.authorization = `Bearer ${options.apiKey}`;
  if (options.organization !== undefined && options.organization.length > 0) headers['openai-organization'] = options.organization;
  const client = createUpstreamClient({
    origin: url.origin,
    allowPrivate,
    headersTimeoutMs: options.headersTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    headers,
    redact,
  });

  function stream(request: GenerateRequest): AsyncGenerator<StreamPart> {
    const body = completionRequestBody(modelName, request.input, request.params, true, maxTokensField);
    const path = request.input.kind === 'chat' ? paths.chat : paths.completion;
    return client.stream(path, body, request.signal, request.requestId, new OpenAiStreamTranslator(redact));
  }

  return {
    provider: 'openai',
    modelName,
    capabilities: { chat: true, completions: true, embeddings: true, streaming: true, ...options.capabilities },

    async doGenerate(request: GenerateRequest): Promise<GenerateResult> {
      const body = completionRequestBody(modelName, request.input, request.params, false, maxTokensField);
      if (request.input.kind === 'chat') {
        return mapChatCompletion(await client.postJson(paths.chat, body, chatCompletionSchema, request.signal, request.requestId));
      }
      return mapTextCompletion(await client.postJson(paths.completion, body, textCompletionSchema, request.signal, request.requestId));
    },

    doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
      return stream(request);
    },

    async doEmbed(request: EmbedRequest): Promise<EmbedResult> {
      const body = embeddingsRequestBody(modelName, request.input, request.dimensions);
      const wire = await client.postJson(paths.embeddings, body, embeddingsSchema, request.signal, request.requestId);
      return mapEmbeddings(wire, request.input.length);
    },

    close(): Promise<void> {
      return client.close();
    },
  };
}
