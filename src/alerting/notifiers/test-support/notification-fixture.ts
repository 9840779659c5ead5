import type { AlertNotification } from '../types.js';

/** A firing error-rate alert on endpoint `chat`, served entity `entity-a`. */
export function sampleNotification(overrides: Partial<AlertNotification> = {}): AlertNotification {
  return {
    eventId: 42,
    kind: 'firing',
    rule: { id: 'rule-1', name: 'error rate high', endpointName: 'chat', severity: 'error', series: 'error_rate', comparator: '>', threshold: 0.05, windowSeconds: 300 },
    seriesKey: 'entity-a',
    value: 0.125,
    time: Date.UTC(2025, 0, 2, 3, 4, 5),
    details: { drifted_columns: ['prompt_chars', 'prompt_language'] },
    ...overrides,
  };
}
