import type { ChatMessage, GenerateInput, StreamPart, Usage } from '../../providers/index.js';
import type { PriceConfig } from '../policy/ai-gateway-config.js';

/** Prices per million tokens, US dollars. */
export interface Price {
  input_per_million: number;
  cached_input_per_million?: number;
  output_per_million: number;
}

/** A call's usage in the form cost needs; `cachedInputTokens` is part of `inputTokens`. */
export interface CostUsage extends Usage {
  cachedInputTokens?: number;
}

/**
 * Turns usage into dollars. Built-in prices for well-known models (matched by name pattern), overridable per
 * endpoint (`pricing` in the ai-gateway config); a model with no price costs 0 and says so (`priced: false`).
 */
export interface PriceTable {
  /** The price that applies to a model name: endpoint overrides first, then the built-ins. */
  priceFor(modelName: string, overrides?: readonly PriceConfig[]): Price | undefined;
  cost(modelName: string, usage: CostUsage, overrides?: readonly PriceConfig[]): { usd: number; priced: boolean };
}

/** Token counting for estimates (reservations, max_input_tokens) and for streams whose provider sends no usage. */
export interface TokenCounter {
  /** Exact count with the tokenizer (o200k). */
  count(text: string): number;
  /** Cheap upper-ish estimate with no tokenizer (for reservations on the request path). */
  estimate(text: string): number;
  /**
   * Cheap estimate of a chat prompt's input tokens: `estimate` of every text plus OpenAI's per-message framing
   * (3 tokens a message, 1 a name, 3 to prime the reply); `tools` (the request's tool definitions) count as their JSON.
   */
  estimateChatInputTokens(messages: readonly ChatMessage[], tools?: unknown): number;
  /** The same with the tokenizer: what OpenAI bills for the text; other vendors' framing differs slightly. */
  countInputTokens(input: GenerateInput, tools?: unknown): number;
  /** A counter for one call's output, fed the stream's parts as they pass (see StreamUsageCounter). */
  createStreamUsageCounter(input: GenerateInput, options?: { tools?: unknown }): StreamUsageCounter;
}

/**
 * Usage of one streamed (or buffered) call. Cheap while the stream runs (a running estimate per delta, for
 * mid-stream budget checks); exact at the end (the assembled output is tokenized once, not per delta).
 */
export interface StreamUsageCounter {
  /** Feed every part: text and tool-call deltas are counted, a `usage` part is remembered as the provider's. */
  observe(part: StreamPart): void;
  /** For buffered answers: the text of one choice (and its tool calls' names and arguments). */
  addOutput(text: string, index?: number): void;
  /** Running estimate of output tokens so far; O(1) to read, O(delta) per observed delta. */
  readonly estimatedOutputTokens: number;
  /** The tokenizer's count of the output so far (memoised until more output arrives). */
  countOutputTokens(): number;
  /**
   * The provider's usage when it sent one (the argument, else a remembered `usage` part); otherwise, or for a
   * field the provider left at 0 while there was input/output, the tokenizer's count of the prompt and of the
   * output, with `estimated: true`. Never silently zero.
   */
  usage(providerUsage?: Usage): Usage;
}
