import type { z } from 'zod';
import { CairnError } from '../../errors/index.js';
import { countTokens } from '../demo/tokenizer.js';
import type {
  ChatMessage,
  EmbedRequest,
  EmbedResult,
  GenerateInput,
  GenerateRequest,
  GenerateResult,
  GenerationParams,
  LanguageModel,
  ModelCapabilities,
  PredictRequest,
  PredictResult,
  StreamPart,
  Usage,
} from '../spec.js';
import { chatOutputSchema, embedOutputSchema, predictOutputSchema, streamEndSchema, type ChatPayload, type WorkerUsage } from './protocol.js';
import type { WorkerReplica } from './worker-replica.js';

/**
 * The LanguageModel face of one JS replica: maps the provider spec onto the module's functions (chat → chat,
 * completions and streaming; embed → embeddings; predict → predict) and their answers back, estimating usage with
 * the demo tokenizer when the module reports none.
 */

export type JsCapability = 'predict' | 'chat' | 'embed';

export function capabilitiesOf(names: ReadonlyArray<JsCapability>): ModelCapabilities {
  const chat = names.includes('chat');
  return { chat, completions: chat, streaming: chat, embeddings: names.includes('embed'), predict: names.includes('predict') };
}

const generationKeys = ['temperature', 'top_p', 'max_tokens', 'stop', 'seed', 'n', 'presence_penalty', 'frequency_penalty'] as const;

/** OpenAI names, flat, as the module's `params`: the known fields over whatever else the client sent. */
function paramsOf(params: GenerationParams): Record<string, unknown> {
  const flat: Record<string, unknown> = { ...params.extra };
  for (const key of generationKeys) if (params[key] !== undefined) flat[key] = params[key];
  return flat;
}

function messagesOf(input: GenerateInput): ChatPayload['messages'] {
  const messages: ChatMessage[] = input.kind === 'chat' ? input.messages : [{ role: 'user', content: input.prompt }];
  return messages.map((message) => ({ ...message }));
}

function textOf(message: ChatPayload['messages'][number]): string {
  if (typeof message.content === 'string') return message.content;
  if (!Array.isArray(message.content)) return '';
  return message.content.map((part: unknown) => (typeof (part as { text?: unknown })?.text === 'string' ? (part as { text: string }).text : '')).join(' ');
}

function inputTokensOf(messages: ChatPayload['messages']): number {
  return messages.reduce((sum, message) => sum + countTokens(textOf(message)), 0);
}

function usageFrom(reported: WorkerUsage | undefined, estimate: () => Usage): Usage {
  return reported ? { inputTokens: reported.inputTokens, outputTokens: reported.outputTokens } : estimate();
}

export function createJsLanguageModel(replica: Pick<WorkerReplica, 'call'>, modelName: string, capabilityNames: ReadonlyArray<JsCapability>): LanguageModel {
  const capabilities = capabilitiesOf(capabilityNames);

  const unsupported = (what: string, exportName: string) =>
    new CairnError('CAPABILITY_NOT_SUPPORTED', `${modelName} does not support ${what} (its package does not list ${exportName} in flavors.js.capabilities).`);

  function parse<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new CairnError('MODEL_ERROR', `${modelName}: the replica sent a malformed result.`);
    return parsed.data;
  }

  async function* stream(request: GenerateRequest): AsyncGenerator<StreamPart> {
    if (!capabilities.streaming) throw unsupported('chat', 'chat');
    const messages = messagesOf(request.input);
    const queue: string[] = [];
    let wake: (() => void) | undefined;
    let outcome: { value: unknown } | { error: unknown } | undefined;
    // Aborted when the consumer stops early, so the worker drops the call.
    const stopped = new AbortController();
    replica
      .call('chatStream', { messages, params: paramsOf(request.params) }, {
        signal: AbortSignal.any([request.signal, stopped.signal]),
        onDelta: (text) => {
          queue.push(text);
          wake?.();
        },
      })
      .then(
        (value) => {
          outcome = { value };
          wake?.();
        },
        (error: unknown) => {
          outcome = { error };
          wake?.();
        },
      );
    let output = '';
    try {
      yield { type: 'metadata', model: modelName };
      for (;;) {
        while (queue.length > 0) {
          const text = queue.shift() ?? '';
          output += text;
          yield { type: 'text-delta', index: 0, text };
        }
        if (outcome) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      if (!outcome) stopped.abort();
    }
    if ('error' in outcome) throw outcome.error;
    const end = parse(streamEndSchema, outcome.value);
    yield { type: 'finish', index: 0, finishReason: 'stop' };
    yield {
      type: 'usage',
      usage: usageFrom(end.usage, () => ({ inputTokens: inputTokensOf(messages), outputTokens: countTokens(output), estimated: true })),
    };
  }

  const model: LanguageModel = {
    provider: 'js',
    modelName,
    capabilities,

    async doGenerate(request: GenerateRequest): Promise<GenerateResult> {
      if (!capabilities.chat) throw unsupported(request.input.kind === 'chat' ? 'chat' : 'completions', 'chat');
      const messages = messagesOf(request.input);
      const raw = await replica.call('chat', { messages, params: paramsOf(request.params) }, { signal: request.signal });
      const output = parse(chatOutputSchema, raw);
      const result: GenerateResult = {
        model: modelName,
        choices: [{ index: 0, text: output.content, finishReason: 'stop' }],
        usage: usageFrom(output.usage, () => ({ inputTokens: inputTokensOf(messages), outputTokens: countTokens(output.content), estimated: true })),
      };
      if ((request.params.n ?? 1) > 1) result.warnings = ['n: a custom JS model returns one choice'];
      return result;
    },

    doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
      return stream(request);
    },

    async doEmbed(request: EmbedRequest): Promise<EmbedResult> {
      if (!capabilities.embeddings) throw unsupported('embeddings', 'embed');
      const params: Record<string, unknown> = request.dimensions === undefined ? {} : { dimensions: request.dimensions };
      const raw = await replica.call('embed', { texts: request.input, params }, { signal: request.signal });
      const output = parse(embedOutputSchema, raw);
      return {
        embeddings: output.embeddings,
        model: modelName,
        usage: usageFrom(output.usage, () => ({
          inputTokens: request.input.reduce((sum, text) => sum + countTokens(text), 0),
          outputTokens: 0,
          estimated: true,
        })),
      };
    },
  };

  if (capabilities.predict) {
    model.doPredict = async (request: PredictRequest): Promise<PredictResult> => {
      const raw = await replica.call('predict', { records: request.records, params: request.params }, { signal: request.signal });
      return { predictions: parse(predictOutputSchema, raw).predictions };
    };
  }
  return model;
}
