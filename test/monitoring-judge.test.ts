import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeOpenAiUpstream } from '../src/providers/test-support/fake-openai-upstream.js';
import { sendPrompts, waitForDescribed } from './support/drift-traffic.js';
import { expectStatus, fakeUpstreams, type GatewayHarness, startGatewayHarness } from './support/gateway-harness.js';

/**
 * The LLM judge through Cairn's real serving path: a quality monitor on demo-chat whose judge is another Cairn
 * endpoint (an external model on a fake upstream that answers with a JSON verdict). Scores land in
 * evaluation_scores under OpenTelemetry's gen_ai.evaluation.* names; the judge sees the rubric filled in.
 */
describe('LLM-as-judge through serving', () => {
  let harness: GatewayHarness;
  let judge: FakeOpenAiUpstream;

  beforeAll(async () => {
    harness = await startGatewayHarness({ config: { capture: { flush_interval_ms: 20 }, monitoring: { monitor_interval_ms: 3_600_000, descriptors: { worker: false } } } });
    [judge] = await fakeUpstreams({ reply: 'Verdict: {"score": 4, "label": "good", "explanation": "answers the question"}' });
    await harness.externalEndpoint('judge-llm', [{ name: 'judge', upstream: judge }]);
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await judge?.close();
  });

  it('judges sampled calls, stores gen_ai.evaluation results, and only for creators who may query the judge', async () => {
    const since = Date.now();
    await sendPrompts(harness.server, 'demo-chat', ['How do I reset my router?', 'What is drift monitoring?', 'Explain canary deployments.'], 1);
    await waitForDescribed(harness.server, 'demo-chat', 3, since);
    const monitor = {
      endpoint_name: 'demo-chat', name: 'helpful', kind: 'quality', current_window_seconds: 600, evaluators: ['relevance'],
      judge: { endpoint: 'judge-llm', rubric: 'Rate 1-5. Question: {{prompt}} Answer: {{response}}', sample_fraction: 1, max_cost_usd_per_day: 1, max_calls_per_minute: 60, score_min: 1, score_max: 5 },
    };
    const created = await expectStatus(await harness.server.request('/api/2.0/cairn/monitors', { method: 'POST', json: monitor }), 201);
    await expectStatus(await harness.server.request(`/api/2.0/cairn/monitors/${String(created.id)}/run`, { method: 'POST' }), 200);

    expect(judge.requests.length).toBe(3);
    const prompts = judge.requests.map((request) => JSON.stringify(request.body));
    expect(prompts.some((text) => text.includes('Question: How do I reset my router?'))).toBe(true);
    const listed = await expectStatus(await harness.server.request('/api/2.0/cairn/endpoints/demo-chat/evaluations?evaluator=judge:helpful'), 200);
    const evaluations = listed.evaluations as Array<Record<string, unknown>>;
    expect(evaluations).toHaveLength(3);
    for (const evaluation of evaluations) {
      expect(evaluation).toMatchObject({ evaluator: 'judge:helpful', score_value: 4, score_label: 'good', judge_endpoint: 'judge-llm' });
    }
    // Judge calls are not captured: the judge endpoint's inference table stays empty.
    expect(await harness.rows('judge-llm')).toHaveLength(0);

    // A manager of demo-chat who may not query the judge endpoint cannot point a monitor at it.
    const endpoint = await expectStatus(await harness.server.request('/api/2.0/serving-endpoints/demo-chat'), 200);
    const manager = await harness.user('monitor-manager', String(endpoint.id), 'CAN_MANAGE');
    const refused = await harness.server.request('/api/2.0/cairn/monitors', { method: 'POST', json: { ...monitor, name: 'sneaky' }, token: manager.token });
    expect([403, 404]).toContain(refused.status);
  }, 60_000);
});
