/**
 * The guardrail contract. Each guardrail is one file exporting a factory that returns a `Guardrail`; it looks at
 * the texts of one call (segments) and returns one verdict. The engine (`guardrail-engine.ts`) runs a stage's
 * guardrails, combines their verdicts and applies masks; the pipeline only sees the combined outcome.
 */
export {};
//# sourceMappingURL=types.js.map