import type { Usage } from '../../providers/index.js';
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
}
