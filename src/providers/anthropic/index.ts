/** The `anthropic` flavour: Anthropic's Messages API as a LanguageModel. */
export { type AnthropicModelOptions, createAnthropicModel, DEFAULT_ANTHROPIC_BASE_URL } from './anthropic-model.js';
