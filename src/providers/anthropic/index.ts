/** The `anthropic` flavour: Anthropic's Messages API as a LanguageModel. */
import type { LanguageModel } from '../spec.js';

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
}

/** CONTRACT STUB (anthropic helper implements). */
export function createAnthropicModel(_options: AnthropicModelOptions): LanguageModel {
  throw new Error('createAnthropicModel: not implemented yet');
}
