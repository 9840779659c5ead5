import { describe, expect, it } from 'vitest';
import { createMetrics } from './prometheus-metrics.js';
import type { CallObservation } from './types.js';

const call = (overrides: Partial<CallObservation> = {}): CallObservation => ({
  endpoint: 'chat-a',
  servedEntity: 'gpt-main',
  operation: 'chat',
  provider: 'openai',
  model: 'gpt-4o-mini',
  statusCode: 200,
  errorCode: null,
  durationMs: 250,
  ttftMs: 40,
  overheadMs: 0.8,
  inputTokens: 12,
  outputTokens: 30,
  stream: true,
  ...overrides,
});

/** The value of one sample line, found by metric name and a label fragment. */
function sample(text: string, name: string, ...labels: string[]): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) && labels.every((label) => candidate.includes(label)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('metrics', () => {
  it('a recorded call appears under the OTel GenAI names and Cairn counters', async () => {
    const metrics = createMetrics();
    metrics.observeCall(call());
    const text = await metrics.render();
    const genAi = ['gen_ai_operation_name="chat"', 'gen_ai_system="openai"', 'gen_ai_request_model="gpt-4o-mini"', 'endpoint="chat-a"', 'served_entity="gpt-main"'];
    expect(sample(text, 'gen_ai_client_operation_duration_seconds_count', ...genAi, 'error_type=""')).toBe(1);
    expect(sample(text, 'gen_ai_client_operation_duration_seconds_sum', ...genAi)).toBeCloseTo(0.25);
    expect(sample(text, 'gen_ai_client_token_usage_sum', ...genAi, 'gen_ai_token_type="input"')).toBe(12);
    expect(sample(text, 'gen_ai_client_token_usage_sum', ...genAi, 'gen_ai_token_type="output"')).toBe(30);
    expect(sample(text, 'gen_ai_server_time_to_first_token_seconds_sum', ...genAi)).toBeCloseTo(0.04);
    expect(sample(text, 'cairn_requests_total', 'endpoint="chat-a"', 'status_code="200"')).toBe(1);
    expect(sample(text, 'cairn_input_tokens_total', 'endpoint="chat-a"')).toBe(12);
    expect(sample(text, 'cairn_output_tokens_total', 'endpoint="chat-a"')).toBe(30);
    // 0.8 ms falls in the 1 ms bucket but not the 0.5 ms one: the overhead buckets are fine-grained.
    expect(sample(text, 'cairn_overhead_seconds_bucket', 'endpoint="chat-a"', 'le="0.0005"')).toBe(0);
    expect(sample(text, 'cairn_overhead_seconds_bucket', 'endpoint="chat-a"', 'le="0.001"')).toBe(1);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('failures count by error code and carry error_type', async () => {
    const metrics = createMetrics();
    metrics.observeCall(call({ statusCode: 504, errorCode: 'UPSTREAM_TIMEOUT', ttftMs: null, inputTokens: null, outputTokens: null }));
    const text = await metrics.render();
    expect(sample(text, 'cairn_request_errors_total', 'error_code="UPSTREAM_TIMEOUT"')).toBe(1);
    expect(sample(text, 'gen_ai_client_operation_duration_seconds_count', 'error_type="UPSTREAM_TIMEOUT"')).toBe(1);
    expect(sample(text, 'cairn_requests_total', 'status_code="504"')).toBe(1);
    expect(text).not.toMatch(/^gen_ai_server_time_to_first_token_seconds_count\{/m);
  });

  it('tracks in-flight calls, HTTP routes and the capture queue', async () => {
    const metrics = createMetrics();
    metrics.inFlight('chat-a', 1);
    metrics.inFlight('chat-a', 1);
    metrics.inFlight('chat-a', -1);
    metrics.observeHttp('/api/2.0/serving-endpoints/:name', 'GET', 200, 3);
    metrics.captureQueueDepth(7);
    metrics.captureWritten(5);
    metrics.captureDropped(2);
    const text = await metrics.render();
    expect(sample(text, 'cairn_in_flight_requests', 'endpoint="chat-a"')).toBe(1);
    expect(sample(text, 'cairn_http_requests_total', 'route="/api/2.0/serving-endpoints/:name"', 'method="GET"', 'status_code="200"')).toBe(1);
    expect(text).toMatch(/^cairn_capture_queue_depth 7$/m);
    expect(text).toMatch(/^cairn_capture_written_total 5$/m);
    expect(text).toMatch(/^cairn_capture_dropped_total 2$/m);
  });

  it('renderEndpoint keeps only the series of that endpoint', async () => {
    const metrics = createMetrics();
    metrics.observeCall(call());
    metrics.observeCall(call({ endpoint: 'chat-b', servedEntity: 'other' }));
    metrics.inFlight('chat-b', 1);
    metrics.observeHttp('/v1/chat/completions', 'POST', 200, 3);
    const text = await metrics.renderEndpoint('chat-a');
    expect(text).toContain('# TYPE gen_ai_client_operation_duration_seconds histogram');
    expect(sample(text, 'cairn_requests_total', 'endpoint="chat-a"')).toBe(1);
    expect(text).not.toContain('chat-b');
    expect(text).not.toContain('process_cpu');
    expect(text).not.toContain('cairn_http_requests_total');
    expect(text).not.toContain('cairn_in_flight_requests');
    for (const line of text.split('\n').filter((entry) => entry.length > 0 && !entry.startsWith('#'))) {
      expect(line).toMatch(/^[a-z_]+\{[^}]*endpoint="chat-a"[^}]*\} [0-9.e+-]+$/);
    }
    expect(await metrics.renderEndpoint('nobody')).toBe('');
  });

  it('keeps one registry per instance, so many servers can run in one process', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.observeCall(call());
    expect(await second.render()).not.toContain('endpoint="chat-a"');
  });
});
