import { randomUUID } from 'node:crypto';
import type { CaptureRecord } from '../types.js';

/** A plausible captured chat call; override what the test is about. */
export function captureRecord(overrides: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    request_id: randomUUID(),
    client_request_id: null,
    trace_id: null,
    request_time: Date.UTC(2025, 0, 15, 23, 59, 0),
    endpoint_name: 'chat',
    config_version: 1,
    served_entity_id: 'demo-1',
    served_entity_name: 'demo-1',
    model_name: 'demo',
    model_version: '1',
    requester: 'alice',
    status_code: 200,
    error_code: null,
    execution_duration_ms: 12.5,
    ttft_ms: null,
    overhead_ms: 0.4,
    input_tokens: 5,
    output_tokens: 7,
    stream: false,
    request: { model: 'chat', messages: [{ role: 'user', content: 'Hello' }] },
    response: { object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Hi!' } }] },
    logging_error_codes: [],
    cost_usd: null,
    usage_estimated: null,
    guardrail_results: null,
    attempts: null,
    ...overrides,
  };
}
