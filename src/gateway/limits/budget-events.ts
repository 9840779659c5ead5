import type { Logger } from 'pino';
import { fromStoreUnits, type BudgetOp } from './admission-plan.js';
import type { BudgetEvent } from './types.js';

/** Fans budget events out to listeners; a listener that throws is logged, never allowed to break admission. */
export interface BudgetEventHub {
  on(listener: (event: BudgetEvent) => void): () => void;
  emit(kind: BudgetEvent['kind'], budget: BudgetOp, endpointName: string, spent: number, time: number): void;
  clear(): void;
}

export function createBudgetEventHub(logger: Logger): BudgetEventHub {
  const listeners = new Set<(event: BudgetEvent) => void>();
  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(kind, budget, endpointName, spent, time) {
      const event: BudgetEvent = {
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
        } catch (error) {
          logger.error({ error: (error as Error).message }, 'Budget event listener failed');
        }
      }
    },
    clear: () => listeners.clear(),
  };
}
