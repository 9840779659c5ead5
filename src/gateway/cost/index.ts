/** The cost area: prices (built-in and per endpoint) turning usage into dollars, and token counting. */
export type { CostUsage, Price, PriceTable, StreamUsageCounter, TokenCounter } from './types.js';
export { createPriceTable, costOf, type PriceTableOptions } from './price-table.js';
export { BUILTIN_PRICES } from './builtin-prices.js';
export { createTokenCounter } from './token-counter.js';
export { createStreamUsageCounter } from './stream-usage-counter.js';
export { estimateTokens } from './estimate-tokens.js';
export { countTextTokens, countInputTokens, preloadTokenizer } from './count-tokens.js';
