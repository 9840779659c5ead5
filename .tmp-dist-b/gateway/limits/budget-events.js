import { fromStoreUnits } from './admission-plan.js';
export function createBudgetEventHub(logger) {
    const listeners = new Set();
    return {
        on(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
        emit(kind, budget, endpointName, spent, time) {
            const event = {
                kind,
                budget: budget.name,
                endpointName,
                subject: budget.subject,
                period: budget.config.period,
                periodStart: budget.period.start,
                used: fromStoreUnits(budget.unit, spent),
                limit: budget.config.limit_usd ?? budget.config.limit_tokens ?? 0,
                unit: budget.unit,
                time,
            };
            logger.info({ budgetEvent: event }, kind === 'budget_exhausted' ? 'Budget exhausted' : 'Budget soft threshold crossed');
            for (const listener of listeners) {
                try {
                    listener(event);
                }
                catch (error) {
                    logger.error({ error: error.message }, 'Budget event listener failed');
                }
            }
        },
        clear: () => listeners.clear(),
    };
}
//# sourceMappingURL=budget-events.js.map