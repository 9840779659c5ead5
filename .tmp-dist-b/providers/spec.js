/**
 * The provider spec: the one contract between serving and every model adapter (demo, OpenAI-compatible,
 * later Anthropic and custom JS models). Adapters turn their wire format into these canonical shapes; the
 * serving pipeline turns them back into OpenAI JSON / SSE for clients and into capture rows.
 * A spec never imports an adapter.
 */
export {};
//# sourceMappingURL=spec.js.map