import { BUILTIN_PRICES } from './builtin-prices.js';
import { compileGlob } from './glob.js';
/** Memo caps: model names can come from upstream answers, so no memo may grow without bound. */
const MEMO_LIMIT = 1024;
/** Longer names are unpriced rather than scanned: no real model name comes near this. */
const MAX_MODEL_NAME_LENGTH = 512;
const NO_PRICE = null;
/**
 * Prices usage. Lookup order: the endpoint's `pricing` overrides, first match wins (in config order, as
 * documented on the schema), matched on the whole model name; then the built-in table, most specific match wins
 * (see builtin-prices.ts), matched on the name without its `provider/` prefix. Pure: lookups are memoised per
 * model name (per overrides array for overrides), so the per-call cost is one or two Map hits.
 */
export function createPriceTable(options = {}) {
    const builtins = (options.builtins ?? BUILTIN_PRICES).map((config) => ({ matcher: compileGlob(config.model_pattern), price: toPrice(config) }));
    const builtinMemo = new Map();
    const overrideMemos = new WeakMap();
    const overrideMatchers = new Map();
    function builtinPrice(modelName) {
        const memoised = builtinMemo.get(modelName);
        if (memoised !== undefined)
            return memoised;
        const lower = modelName.toLowerCase();
        const slash = lower.lastIndexOf('/');
        const name = slash >= 0 && slash < lower.length - 1 ? lower.slice(slash + 1) : lower;
        let best;
        for (const entry of builtins) {
            if ((best === undefined || entry.matcher.literalCount > best.matcher.literalCount) && entry.matcher.matches(name))
                best = entry;
        }
        return remember(builtinMemo, modelName, best?.price ?? NO_PRICE);
    }
    function overridePrice(modelName, overrides) {
        let memo = overrideMemos.get(overrides);
        if (memo === undefined) {
            memo = new Map();
            overrideMemos.set(overrides, memo);
        }
        const memoised = memo.get(modelName);
        if (memoised !== undefined)
            return memoised;
        const lower = modelName.toLowerCase();
        const found = overrides.find((config) => overrideMatcher(config.model_pattern).matches(lower));
        return remember(memo, modelName, found === undefined ? NO_PRICE : toPrice(found));
    }
    function overrideMatcher(pattern) {
        let matcher = overrideMatchers.get(pattern);
        if (matcher === undefined) {
            matcher = compileGlob(pattern);
            if (overrideMatchers.size >= MEMO_LIMIT)
                overrideMatchers.clear();
            overrideMatchers.set(pattern, matcher);
        }
        return matcher;
    }
    function priceFor(modelName, overrides) {
        if (modelName.length > MAX_MODEL_NAME_LENGTH)
            return undefined;
        if (overrides !== undefined && overrides.length > 0) {
            const overridden = overridePrice(modelName, overrides);
            if (overridden !== NO_PRICE)
                return overridden;
        }
        return builtinPrice(modelName) ?? undefined;
    }
    return {
        priceFor,
        cost(modelName, usage, overrides) {
            const price = priceFor(modelName, overrides);
            if (price === undefined)
                return { usd: 0, priced: false };
            return { usd: costOf(price, usage), priced: true };
        },
    };
}
/**
 * Dollars for one call. `cachedInputTokens` is the part of `inputTokens` served from the provider's prompt
 * cache, billed at the cached rate (the full input rate when the model has none); counts that are negative or
 * not finite count as 0 (and absurd ones are capped) rather than turning the cost negative, NaN or Infinity.
 */
export function costOf(price, usage) {
    const input = tokens(usage.inputTokens);
    const cached = Math.min(tokens(usage.cachedInputTokens), input);
    const output = tokens(usage.outputTokens);
    const cachedRate = price.cached_input_per_million ?? price.input_per_million;
    return ((input - cached) * price.input_per_million + cached * cachedRate + output * price.output_per_million) / 1_000_000;
}
/** Far above any real call; keeps a garbage count from turning the cost into Infinity. */
const MAX_TOKENS = 1e15;
function tokens(value) {
    return value !== undefined && Number.isFinite(value) && value > 0 ? Math.min(value, MAX_TOKENS) : 0;
}
function toPrice(config) {
    return Object.freeze({
        input_per_million: config.input_per_million,
        ...(config.cached_input_per_million === undefined ? {} : { cached_input_per_million: config.cached_input_per_million }),
        output_per_million: config.output_per_million,
    });
}
function remember(memo, key, value) {
    if (memo.size >= MEMO_LIMIT)
        memo.clear();
    memo.set(key, value);
    return value;
}
//# sourceMappingURL=price-table.js.map