/**
 * Retries, fallbacks and circuit breakers around one call. The pipeline gives an ordered list of served entities
 * (the routed one first, then, with `fallback_config.enabled`, the others in config order) and a function that
 * tries one; this decides whether to retry, wait, move on, or give up.
 */
export {};
//# sourceMappingURL=types.js.map