import { CairnError } from '../../errors/index.js';
import { abortErrorFrom } from '../abort-error.js';
import { translateOpenAiStream } from './openai-stream.js';
import { completionRequestBody, embeddingsRequestBody } from './request-body.js';
import { mapChatCompletion, mapEmbeddings, mapTextCompletion } from './response-mapping.js';
import { UpstreamCall, readBodyText } from './upstream-call.js';
import { redactorFor, upstreamStatusError } from './upstream-errors.js';
import { leasePool } from './upstream-pool.js';
import { validateProviderBaseUrl } from './validate-provider-base-url.js';
import { chatCompletionSchema, embeddingsSchema, textCompletionSchema } from './wire-schemas.js';
const DEFAULT_HEADERS_TIMEOUT_MS = 300_000;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
function positive(name, value, fallback) {
    if (value === undefined)
        return fallback;
    if (!Number.isFinite(value) || value <= 0)
        throw new CairnError('INVALID_PARAMETER_VALUE', `${name} must be a positive number.`);
    return value;
}
/**
 * One adapter for every OpenAI-compatible host (OpenAI, vLLM, Ollama, TGI, llama.cpp server): hosts are
 * configuration, not code. Calls go through a keep-alive pool shared per origin; redirects are never
 * followed; the API key is held in this closure only and never appears in errors.
 */
export function createOpenAiCompatibleModel(options) {
    const allowPrivate = options.allowPrivateNetworks !== false;
    const url = validateProviderBaseUrl(options.baseUrl, { allowPrivate });
    const headersTimeoutMs = positive('headersTimeoutMs', options.headersTimeoutMs, DEFAULT_HEADERS_TIMEOUT_MS);
    const idleTimeoutMs = positive('idleTimeoutMs', options.idleTimeoutMs, DEFAULT_IDLE_TIMEOUT_MS);
    const maxResponseBytes = positive('maxResponseBytes', options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES);
    const maxTokensField = options.maxTokensField ?? 'max_tokens';
    const modelName = options.model;
    const redact = redactorFor(options.apiKey);
    const lease = leasePool(url.origin, allowPrivate);
    const basePath = url.pathname.replace(/\/+$/, '');
    const pathFor = (route) => `${basePath}${route}${url.search}`;
    const paths = { chat: pathFor('/chat/completions'), completion: pathFor('/completions'), embeddings: pathFor('/embeddings') };
    const fixedHeaders = { 'content-type': 'application/json', 'user-agent': 'cairn' };
    if (options.apiKey !== undefined && options.apiKey.length > 0)
        fixedHeaders.authorization = `Bearer ${options.apiKey}`;
    if (options.organization !== undefined && options.organization.length > 0)
        fixedHeaders['openai-organization'] = options.organization;
    const jsonHeaders = { ...fixedHeaders, accept: 'application/json' };
    const streamHeaders = { ...fixedHeaders, accept: 'text/event-stream' };
    /** Sends one POST; resolves with a 2xx response (headers in, idle clock running) or throws the mapped error. */
    async function send(call, path, body, stream, requestId) {
        const response = await lease.pool.request({
            path,
            method: 'POST',
            headers: { ...(stream ? streamHeaders : jsonHeaders), 'x-request-id': requestId },
            body,
            signal: call.signal,
        });
        call.headersReceived();
        if (response.statusCode < 200 || response.statusCode >= 300) {
            throw await upstreamStatusError(response.statusCode, response.headers, response.body, call, redact);
        }
        return response;
    }
    async function postJson(path, body, schema, signal, requestId) {
        if (signal.aborted)
            throw abortErrorFrom(signal);
        const call = new UpstreamCall(signal, headersTimeoutMs, idleTimeoutMs);
        try {
            const response = await send(call, path, body, false, requestId);
            const text = await readBodyText(response.body, call, maxResponseBytes);
            let json;
            try {
                json = JSON.parse(text);
            }
            catch {
                throw new CairnError('UPSTREAM_INVALID_RESPONSE', 'The upstream model answered with invalid JSON.');
            }
            const parsed = schema.safeParse(json);
            if (!parsed.success)
                throw new CairnError('UPSTREAM_INVALID_RESPONSE', 'The upstream model answered with an unexpected JSON shape.');
            return parsed.data;
        }
        catch (error) {
            throw call.translate(error);
        }
        finally {
            call.dispose();
        }
    }
    async function* stream(request) {
        if (request.signal.aborted)
            throw abortErrorFrom(request.signal);
        const kind = request.input.kind;
        const body = completionRequestBody(modelName, request.input, request.params, true, maxTokensField);
        const call = new UpstreamCall(request.signal, headersTimeoutMs, idleTimeoutMs);
        try {
            const response = await send(call, kind === 'chat' ? paths.chat : paths.completion, body, true, request.requestId);
            yield* translateOpenAiStream(response.body, call, redact);
        }
        catch (error) {
            throw call.translate(error);
        }
        finally {
            call.dispose();
        }
    }
    return {
        provider: 'openai',
        modelName,
        capabilities: { chat: true, completions: true, embeddings: true, streaming: true, ...options.capabilities },
        async doGenerate(request) {
            const body = completionRequestBody(modelName, request.input, request.params, false, maxTokensField);
            if (request.input.kind === 'chat') {
                return mapChatCompletion(await postJson(paths.chat, body, chatCompletionSchema, request.signal, request.requestId));
            }
            return mapTextCompletion(await postJson(paths.completion, body, textCompletionSchema, request.signal, request.requestId));
        },
        doStream(request) {
            return stream(request);
        },
        async doEmbed(request) {
            const body = embeddingsRequestBody(modelName, request.input, request.dimensions);
            const wire = await postJson(paths.embeddings, body, embeddingsSchema, request.signal, request.requestId);
            return mapEmbeddings(wire, request.input.length);
        },
        close() {
            return lease.release();
        },
    };
}
//# sourceMappingURL=openai-compatible-model.js.map