export { createPriceTable, costOf } from './price-table.js';
export { BUILTIN_PRICES } from './builtin-prices.js';
export { createTokenCounter } from './token-counter.js';
export { createStreamUsageCounter } from './stream-usage-counter.js';
export { estimateTokens } from './estimate-tokens.js';
export { countTextTokens, countInputTokens, preloadTokenizer } from './count-tokens.js';
//# sourceMappingURL=index.js.map