export const stages = ['None', 'Staging', 'Production', 'Archived'];
/** The built-in demo model's `source`: serving maps this scheme to the demo provider. */
export const DEMO_MODEL_SOURCE = 'builtin://demo';
//# sourceMappingURL=types.js.map