import type { ChatMessage, LanguageModel } from '../spec.js';

/**
 * Answers the package's `input_example` before a replica takes traffic, so a model that loads but cannot answer
 * fails its start rather than its first caller (and its first call's JIT cost lands here). `{messages}` warms chat,
 * `{input}` warms embed, anything else is one record for predict; an example no capability takes is skipped.
 */
export async function warmUp(model: LanguageModel, example: unknown, signal: AbortSignal): Promise<'chat' | 'embed' | 'predict' | null> {
  const fields = typeof example === 'object' && example !== null && !Array.isArray(example) ? (example as Record<string, unknown>) : {};
  const requestId = 'warm-up';
  if (Array.isArray(fields.messages) && model.capabilities.chat) {
    const messages = fields.messages as ChatMessage[];
    await model.doGenerate({ input: { kind: 'chat', messages }, params: { extra: {} }, signal, requestId });
    return 'chat';
  }
  if (fields.input !== undefined && model.capabilities.embeddings) {
    const input = Array.isArray(fields.input) ? fields.input.map(String) : [String(fields.input)];
    await model.doEmbed({ input, signal, requestId });
    return 'embed';
  }
  if (model.doPredict) {
    await model.doPredict({ records: [example], params: {}, signal, requestId });
    return 'predict';
  }
  return null;
}
