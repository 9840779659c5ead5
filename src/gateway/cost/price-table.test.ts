import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PriceConfig } from '../policy/ai-gateway-config.js';
import { BUILTIN_PRICES } from './builtin-prices.js';
import { compileGlob } from './glob.js';
import { costOf, createPriceTable } from './price-table.js';

const table = createPriceTable();

describe('built-in prices', () => {
  it.each([
    ['gpt-4o', 2.5, 10],
    ['gpt-4o-2024-08-06', 2.5, 10],
    ['gpt-4o-2024-05-13', 5, 15],
    ['gpt-4o-mini-2024-07-18', 0.15, 0.6],
    ['openai/gpt-4o-mini', 0.15, 0.6],
    ['gpt-4.1', 2, 8],
    ['gpt-4.1-mini-2025-04-14', 0.4, 1.6],
    ['gpt-4.1-nano', 0.1, 0.4],
    ['o3', 2, 8],
    ['o3-2025-04-16', 2, 8],
    ['o3-mini', 1.1, 4.4],
    ['o4-mini-2025-04-16', 1.1, 4.4],
    ['gpt-5', 1.25, 10],
    ['gpt-5-mini-2025-08-07', 0.25, 2],
    ['gpt-5-nano', 0.05, 0.4],
    ['gpt-5.1-codex-mini', 0.25, 2],
    ['gpt-5-pro', 15, 120],
    ['text-embedding-3-small', 0.02, 0],
    ['text-embedding-3-large', 0.13, 0],
    ['claude-3-5-sonnet-20241022', 3, 15],
    ['anthropic/claude-3.5-sonnet', 3, 15],
    ['claude-3-7-sonnet-latest', 3, 15],
    ['claude-sonnet-4-5-20250929', 3, 15],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 3, 15],
    ['claude-opus-4-1-20250805', 15, 75],
    ['claude-opus-4-5-20251101', 5, 25],
    ['claude-opus-4@20250514', 15, 75],
    ['claude-3-5-haiku-20241022', 0.8, 4],
    ['claude-haiku-4-5', 1, 5],
    ['claude-3-haiku-20240307', 0.25, 1.25],
    ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 0.88, 0.88],
    ['meta-llama/Meta-Llama-3.1-8B-Instruct', 0.18, 0.18],
    ['meta.llama3-1-405b-instruct-v1:0', 3.5, 3.5],
    ['meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8', 0.27, 0.85],
    ['mistral-large-latest', 2, 6],
    ['mistralai/Mistral-7B-Instruct-v0.3', 0.25, 0.25],
    ['open-mixtral-8x22b', 2, 6],
    ['DEMO', 0, 0],
  ])('%s costs %f in / %f out per million', (model, input, output) => {
    const price = table.priceFor(model);
    expect(price).toMatchObject({ input_per_million: input, output_per_million: output });
  });

  it('leaves an unknown model unpriced (cost 0, priced: false) rather than guessing', () => {
    expect(table.priceFor('my-finetune')).toBeUndefined();
    expect(table.cost('my-finetune', { inputTokens: 1000, outputTokens: 1000 })).toEqual({ usd: 0, priced: false });
  });

  it('prices the built-in demo model at zero but as priced', () => {
    expect(table.cost('demo', { inputTokens: 1000, outputTokens: 1000 })).toEqual({ usd: 0, priced: true });
  });

  it('has no two built-in patterns that are the same', () => {
    const patterns = BUILTIN_PRICES.map((price) => price.model_pattern.toLowerCase());
    expect(new Set(patterns).size).toBe(patterns.length);
  });

  it('gives the most specific built-in pattern whatever the table order', () => {
    const reordered = createPriceTable({ builtins: [...BUILTIN_PRICES].reverse() });
    for (const model of ['gpt-4o-mini', 'gpt-4.1-nano', 'claude-opus-4-5', 'o3-mini', 'gpt-5-nano']) {
      expect(reordered.priceFor(model)).toEqual(table.priceFor(model));
    }
  });
});

describe('endpoint price overrides', () => {
  const overrides: PriceConfig[] = [
    { model_pattern: 'gpt-4o-mini*', input_per_million: 0.1, output_per_million: 0.2 },
    { model_pattern: 'gpt-4o*', input_per_million: 1, cached_input_per_million: 0.5, output_per_million: 2 },
    { model_pattern: 'gpt-4o-mini-special', input_per_million: 9, output_per_million: 9 },
  ];

  it('wins over the built-in price, first matching override in config order', () => {
    expect(table.priceFor('gpt-4o-mini-special', overrides)).toMatchObject({ input_per_million: 0.1, output_per_million: 0.2 });
    expect(table.priceFor('GPT-4o-2024-08-06', overrides)).toMatchObject({ input_per_million: 1, output_per_million: 2 });
  });

  it('falls back to the built-ins when no override matches', () => {
    expect(table.priceFor('claude-3-haiku', overrides)).toMatchObject({ input_per_million: 0.25 });
  });

  it('matches overrides on the whole name, provider prefix included', () => {
    const prefixed: PriceConfig[] = [{ model_pattern: 'acme/*', input_per_million: 7, output_per_million: 7 }];
    expect(table.priceFor('acme/gpt-4o', prefixed)).toMatchObject({ input_per_million: 7 });
    expect(table.priceFor('gpt-4o', prefixed)).toMatchObject({ input_per_million: 2.5 });
  });

  it('sees a changed overrides array (memo is per array, not per endpoint name)', () => {
    expect(table.priceFor('gpt-4o', overrides)).toMatchObject({ input_per_million: 1 });
    const changed: PriceConfig[] = [{ model_pattern: 'gpt-4o', input_per_million: 3, output_per_million: 3 }];
    expect(table.priceFor('gpt-4o', changed)).toMatchObject({ input_per_million: 3 });
  });
});

describe('cost', () => {
  it('bills input, output, and cached input at the cached rate', () => {
    // gpt-4o: 2.5 in, 1.25 cached, 10 out per million.
    const { usd } = table.cost('gpt-4o', { inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000 });
    expect(usd).toBeCloseTo(0.6 * 2.5 + 0.4 * 1.25 + 0.1 * 10, 10);
  });

  it('bills cached tokens at the input rate when the model has no cached rate', () => {
    const { usd } = table.cost('gpt-4o-2024-05-13', { inputTokens: 1_000_000, cachedInputTokens: 1_000_000, outputTokens: 0 });
    expect(usd).toBeCloseTo(5, 10);
  });

  it('is never negative or NaN, whatever the usage numbers (property)', () => {
    const price = { input_per_million: 3, cached_input_per_million: 0.3, output_per_million: 15 };
    const count = fc.oneof(fc.integer({ min: -1e9, max: 1e12 }), fc.double(), fc.constant(undefined));
    fc.assert(
      fc.property(count, count, count, (inputTokens, cachedInputTokens, outputTokens) => {
        const usd = costOf(price, { inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0, cachedInputTokens });
        expect(Number.isFinite(usd)).toBe(true);
        expect(usd).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('never bills cached tokens for more than the input: cached ≤ input is clamped (property)', () => {
    const price = { input_per_million: 3, cached_input_per_million: 0.3, output_per_million: 15 };
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(1e9), (inputTokens, cachedInputTokens) => {
        const usd = costOf(price, { inputTokens, cachedInputTokens, outputTokens: 0 });
        expect(usd).toBeLessThanOrEqual((inputTokens * 3) / 1e6 + 1e-9);
        expect(usd).toBeGreaterThanOrEqual((inputTokens * 0.3) / 1e6 - 1e-9);
      }),
    );
  });

  it('refuses to scan absurdly long model names (unpriced)', () => {
    expect(table.cost(`gpt-4o${'x'.repeat(10_000)}`, { inputTokens: 1, outputTokens: 1 }).priced).toBe(false);
  });
});

describe('glob (SEC-DOS-7: linear, no RegExp backtracking)', () => {
  const alphabet = fc.constantFrom('a', 'b', '-', '.', '4');
  const patternAlphabet = fc.constantFrom('a', 'b', '-', '.', '4', '*', '?');

  it('agrees with an anchored regular expression on any pattern and name (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: patternAlphabet, maxLength: 12 }), fc.string({ unit: alphabet, maxLength: 16 }), (pattern, name) => {
        const source = pattern.replace(/[.+^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
        const expected = new RegExp(`^${source}$`, 's').test(name);
        expect(compileGlob(pattern).matches(name)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('is case-insensitive through lower-cased names', () => {
    expect(compileGlob('GPT-4O*').matches('gpt-4o-mini')).toBe(true);
  });

  it('answers a many-star near miss on a long name without blowing up', () => {
    const matcher = compileGlob(`${'*a'.repeat(100)}*b`);
    expect(matcher.matches('a'.repeat(512))).toBe(false);
  });
});
