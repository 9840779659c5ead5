/**
 * Built-in list prices in US dollars per million tokens (standard tier, no batch or priority discounts),
 * as published on the vendors' pricing pages, checked December 2025:
 *   - OpenAI: https://platform.openai.com/docs/pricing ("Input", "Cached input", "Output").
 *   - Anthropic: https://docs.anthropic.com/en/docs/about-claude/pricing ("Base input", "Cache hits", "Output").
 *     Cache writes (1.25× input) and Sonnet's long-context (> 200k) rates are not modelled.
 *   - Mistral: https://mistral.ai/pricing (La Plateforme API).
 *   - Llama: Together AI serverless prices, https://www.together.ai/pricing. Other hosts charge differently,
 *     and a self-hosted Llama (vLLM, Ollama) costs what its hardware costs: set `pricing` on the endpoint.
 * Prices change; an endpoint's `pricing` overrides these, and a model matching nothing is unpriced (cost 0,
 * `priced: false`), never guessed.
 *
 * Matching (see price-table.ts): patterns are case-insensitive globs over the model name with any
 * `provider/` prefix removed (`openai/gpt-4o` → `gpt-4o`); when several match, the most specific one (most
 * literal characters) wins, ties going to the earlier entry, so `gpt-4o-mini*` beats `gpt-4o*` whatever the
 * order here. A leading `*` admits vendor prefixes such as Bedrock's `us.anthropic.` or `meta.`; `?` admits
 * either spelling of a version (`claude-3-5-sonnet`, `claude-3.5-sonnet`).
 */
export const BUILTIN_PRICES = [
    // Cairn's built-in demo model runs in-process.
    price('demo', 0, 0, 0),
    // OpenAI
    price('gpt-4o*', 2.5, 1.25, 10),
    price('gpt-4o-2024-05-13*', 5, undefined, 15),
    price('chatgpt-4o*', 5, undefined, 15),
    price('gpt-4o-mini*', 0.15, 0.075, 0.6),
    price('gpt-4.1*', 2, 0.5, 8),
    price('gpt-4.1-mini*', 0.4, 0.1, 1.6),
    price('gpt-4.1-nano*', 0.1, 0.025, 0.4),
    price('gpt-4', 30, undefined, 60),
    price('gpt-4-0*', 30, undefined, 60),
    price('gpt-4-*-preview', 10, undefined, 30),
    price('gpt-4-turbo*', 10, undefined, 30),
    price('gpt-3.5-turbo*', 0.5, undefined, 1.5),
    price('o1', 15, 7.5, 60),
    price('o1-2*', 15, 7.5, 60),
    price('o1-preview*', 15, 7.5, 60),
    price('o1-mini*', 1.1, 0.55, 4.4),
    price('o1-pro*', 150, undefined, 600),
    price('o3', 2, 0.5, 8),
    price('o3-2*', 2, 0.5, 8),
    price('o3-mini*', 1.1, 0.55, 4.4),
    price('o3-pro*', 20, undefined, 80),
    price('o3-deep-research*', 10, 2.5, 40),
    price('o4-mini*', 1.1, 0.275, 4.4),
    price('o4-mini-deep-research*', 2, 0.5, 8),
    price('gpt-5*', 1.25, 0.125, 10),
    price('gpt-5*-mini*', 0.25, 0.025, 2),
    price('gpt-5*-nano*', 0.05, 0.005, 0.4),
    price('gpt-5-pro*', 15, undefined, 120),
    price('gpt-5.2*', 1.75, 0.175, 14),
    price('text-embedding-3-small*', 0.02, undefined, 0),
    price('text-embedding-3-large*', 0.13, undefined, 0),
    price('text-embedding-ada-002*', 0.1, undefined, 0),
    // Anthropic (first-party names, Bedrock `anthropic.` / `us.anthropic.` ids, Vertex `@` versions).
    price('*claude-3-haiku*', 0.25, 0.03, 1.25),
    price('*claude-3?5-haiku*', 0.8, 0.08, 4),
    price('*claude-haiku-4*', 1, 0.1, 5),
    price('*claude-3-sonnet*', 3, 0.3, 15),
    price('*claude-3?5-sonnet*', 3, 0.3, 15),
    price('*claude-3?7-sonnet*', 3, 0.3, 15),
    price('*claude-sonnet-4*', 3, 0.3, 15),
    price('*claude-3-opus*', 15, 1.5, 75),
    price('*claude-opus-4*', 15, 1.5, 75),
    price('*claude-opus-4?5*', 5, 0.5, 25),
    // Llama, by size (Together AI; input and output priced alike except Llama 4).
    price('*llama*1b*', 0.06, undefined, 0.06),
    price('*llama*3b*', 0.06, undefined, 0.06),
    price('*llama*8b*', 0.18, undefined, 0.18),
    price('*llama*11b*', 0.18, undefined, 0.18),
    price('*llama*70b*', 0.88, undefined, 0.88),
    price('*llama*90b*', 1.2, undefined, 1.2),
    price('*llama*405b*', 3.5, undefined, 3.5),
    price('*llama*scout*', 0.18, undefined, 0.59),
    price('*llama*maverick*', 0.27, undefined, 0.85),
    // Mistral
    price('*mistral-large*', 2, undefined, 6),
    price('*mistral-medium*', 0.4, undefined, 2),
    price('*mistral-small*', 0.1, undefined, 0.3),
    price('*magistral-medium*', 2, undefined, 5),
    price('*magistral-small*', 0.5, undefined, 1.5),
    price('*codestral*', 0.3, undefined, 0.9),
    price('*devstral*', 0.1, undefined, 0.3),
    price('*devstral-medium*', 0.4, undefined, 2),
    price('*ministral-3b*', 0.04, undefined, 0.04),
    price('*ministral-8b*', 0.1, undefined, 0.1),
    price('*mistral-nemo*', 0.15, undefined, 0.15),
    price('*mistral-7b*', 0.25, undefined, 0.25),
    price('*mixtral-8x7b*', 0.7, undefined, 0.7),
    price('*mixtral-8x22b*', 2, undefined, 6),
    price('*pixtral-12b*', 0.15, undefined, 0.15),
    price('*pixtral-large*', 2, undefined, 6),
    price('*mistral-embed*', 0.1, undefined, 0),
];
function price(modelPattern, input, cachedInput, output) {
    return Object.freeze({
        model_pattern: modelPattern,
        input_per_million: input,
        ...(cachedInput === undefined ? {} : { cached_input_per_million: cachedInput }),
        output_per_million: output,
    });
}
//# sourceMappingURL=builtin-prices.js.map