import type { PriceConfig } from '../policy/ai-gateway-config.js';
import { BUILTIN_PRICES } from './builtin-prices.js';
import { type GlobMatcher, compileGlob } from './glob.js';
import type { CostUsage, Price, PriceTable } from './types.js';

export interface PriceTableOptions {
  /** Replaces the built-in list (tests; a deployment changes prices per endpoint with `pricing` instead). */
  builtins?: readonly PriceConfig[];
}

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
export function createPriceTable(options: PriceTableOptions = {}): PriceTable {
  const builtins = (options.builtins ?? BUILTIN_PRICES).map((config) => ({ matcher: compileGlob(config.model_pattern), price: toPrice(config) }));
  const builtinMemo = new Map<string, Price | null>();
  const overrideMemos = new WeakMap<readonly PriceConfig[], Map<string, Price | null>>();
  const overrideMatchers = new Map<string, GlobMatcher>();

  function builtinPrice(modelName: string): Price | null {
    const memoised = builtinMemo.get(modelName);
    if (memoised !== undefined) return memoised;
    const lower = modelName.toLowerCase();
    const slash = lower.lastIndexOf('/');
    const name = slash >= 0 && slash < lower.length - 1 ? lower.slice(slash + 1) : lower;
    let best: { matcher: GlobMatcher; price: Price } | undefined;
    for (const entry of builtins) {
      if ((best === undefined || entry.matcher.literalCount > best.matcher.literalCount) && entry.matcher.matches(name)) best = entry;
    }
    return remember(builtinMemo, modelName, best?.price ?? NO_PRICE);
  }

  function overridePrice(modelName: string, overrides: readonly PriceConfig[]): Price | null {
    let memo = overrideMemos.get(overrides);
    if (memo === undefined) {
      memo = new Map();
      overrideMemos.set(overrides, memo);
    }
    const memoised = memo.get(modelName);
    if (memoised !== undefined) return memoised;
    const lower = modelName.toLowerCase();
    const found = overrides.find((config) => overrideMatcher(config.model_pattern).matches(lower));
    return remember(memo, modelName, found === undefined ? NO_PRICE : toPrice(found));
  }

  function overrideMatcher(pattern: string): GlobMatcher {
    let matcher = overrideMatchers.get(pattern);
    if (matcher === undefined) {
      matcher = compileGlob(pattern);
      if (overrideMatchers.size >= MEMO_LIMIT) overrideMatchers.clear();
      overrideMatchers.set(pattern, matcher);
    }
    return matcher;
  }

  function priceFor(modelName: string, overrides?: readonly PriceConfig[]): Price | undefined {
    if (modelName.length > MAX_MODEL_NAME_LENGTH) return undefined;
    if (overrides !== undefined && overrides.length > 0) {
      const overridden = overridePrice(modelName, overrides);
      if (overridden !== NO_PRICE) return overridden;
    }
    return builtinPrice(modelName) ?? undefined;
  }

  return {
    priceFor,
    cost(modelName: string, usage: CostUsage, overrides?: readonly PriceConfig[]) {
      const price = priceFor(modelName, overrides);
      if (price === undefined) return { usd: 0, priced: false };
      return { usd: costOf(price, usage), priced: true };
    },
  };
}

/**
 * Dollars for one call. `cachedInputTokens` is the part of `inputTokens` served from the provider's prompt
 * cache, billed at the cached rate (the full input rate when the model has none); counts that are negative or
 * not finite count as 0 (and absurd ones are capped) rather than turning the cost negative, NaN or Infinity.
 */
export function costOf(price: Price, usage: CostUsage): number {
  const input = tokens(usage.inputTokens);
  const cached = Math.min(tokens(usage.cachedInputTokens), input);
  const output = tokens(usage.outputTokens);
  const cachedRate = price.cached_input_per_million ?? price.input_per_million;
  return ((input - cached) * price.input_per_million + cached * cachedRate + output * price.output_per_million) / 1_000_000;
}

/** Far above any real call; keeps a garbage count from turning the cost into Infinity. */
const MAX_TOKENS = 1e15;

function tokens(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.min(value, MAX_TOKENS) : 0;
}

function toPrice(config: PriceConfig): Price {
  return Object.freeze({
    input_per_million: config.input_per_million,
    ...(config.cached_input_per_million === undefined ? {} : { cached_input_per_million: config.cached_input_per_million }),
    output_per_million: config.output_per_million,
  });
}

function remember(memo: Map<string, Price | null>, key: string, value: Price | null): Price | null {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}
