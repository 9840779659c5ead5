/**
 * The contract between alert evaluation (rules, state machine, remediation) and notification delivery.
 * Evaluation only ever calls `enqueue`, which stores deliveries and returns: sending, retrying and dead-lettering
 * happen in the delivery loop, so a slow or down receiver never delays evaluation.
 */
export {};
//# sourceMappingURL=types.js.map