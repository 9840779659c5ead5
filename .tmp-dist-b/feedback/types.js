export const reviewSources = ['guardrail', 'quality', 'feedback', 'sample'];
export const reviewStatuses = ['open', 'claimed', 'decided'];
export const reviewDecisionKinds = ['approve', 'reject', 'label', 'correct'];
//# sourceMappingURL=types.js.map