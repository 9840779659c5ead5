import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LanguageModel, PredictRequest, PredictResult } from '../src/providers/index.js';
import type { CompiledSignature } from '../src/serving/signature/index.js';
import { compileSignature } from '../src/serving/signature/index.js';
import { expectStatus, startGatewayHarness, type GatewayHarness } from './support/gateway-harness.js';

/**
 * The structured `predict` path and signature enforcement, end to end through a real server: the route, the
 * invocation pipeline, capture and metrics are the real ones; only the model factory is swapped for served entities
 * named in `fakes` (a fake LanguageModel with doPredict and a compiled signature, as a JS package would give).
 */
const fakes = vi.hoisted(() => new Map<string, { model: LanguageModel; signature?: CompiledSignature }>());

vi.mock('../src/serving/model-factory.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/serving/model-factory.js')>();
  return {
    ...actual,
    createServedEntity: async (...args: Parameters<typeof actual.createServedEntity>) => {
      const [entity] = args;
      const fake = fakes.get(entity.name);
      if (!fake) return actual.createServedEntity(...args);
      return { entity, model: fake.model, signature: fake.signature, modelName: 'scorer', modelVersion: '1' };
    },
  };
});

interface FakePredictModel extends LanguageModel {
  calls: PredictRequest[];
}

function predictModel(answer: (request: PredictRequest) => PredictResult | Promise<PredictResult>): FakePredictModel {
  const calls: PredictRequest[] = [];
  const unsupported = () => {
    throw new Error('the predict path must not call doGenerate/doStream/doEmbed');
  };
  return {
    provider: 'js',
    modelName: 'scorer/1',
    capabilities: { chat: false, completions: false, embeddings: false, streaming: false, predict: true },
    calls,
    doGenerate: unsupported,
    doStream: unsupported,
    doEmbed: unsupported,
    async doPredict(request) {
      calls.push({ ...request, records: structuredClone(request.records), params: structuredClone(request.params) });
      return answer(request);
    },
  };
}

const scoreEach = (request: PredictRequest): PredictResult => ({
  predictions: request.records.map((record, index) => ({ score: index, echo: record })),
  usage: { inputTokens: 3, outputTokens: 2 },
});

const signature = compileSignature({
  inputs: { type: 'object', properties: { text: { type: 'string' }, lang: { type: 'string' } }, required: ['text'] },
  outputs: { type: 'object', properties: { score: { type: 'number' } }, required: ['score'] },
  params: { type: 'object', properties: { top_k: { type: 'integer', minimum: 1 } } },
})!;

let harness: GatewayHarness;

async function predictEndpoint(name: string, model: FakePredictModel, compiled?: CompiledSignature): Promise<void> {
  const entity = `${name}-entity`;
  fakes.set(entity, { model, signature: compiled });
  await expectStatus(
    await harness.server.request('/api/2.0/serving-endpoints', {
      method: 'POST',
      json: { name, config: { served_entities: [{ name: entity, entity_name: 'demo', entity_version: '1' }] } },
    }),
    200,
  );
}

async function metricValue(name: string, labels: string): Promise<number> {
  const text = await (await harness.server.request('/metrics')).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) && candidate.includes(labels));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

beforeAll(async () => {
  harness = await startGatewayHarness();
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

describe('predict path: body shapes reach doPredict as records', () => {
  let model: FakePredictModel;
  beforeAll(async () => {
    model = predictModel(scoreEach);
    await predictEndpoint('shapes', model);
  });
  beforeEach(() => {
    model.calls.length = 0;
  });

  const cases: Array<[string, Record<string, unknown>, unknown[]]> = [
    ['dataframe_records', { dataframe_records: [{ text: 'a' }, { text: 'b', n: 2 }] }, [{ text: 'a' }, { text: 'b', n: 2 }]],
    ['dataframe_split', { dataframe_split: { columns: ['text', 'n'], data: [['a', 1], ['b', 2]] } }, [{ text: 'a', n: 1 }, { text: 'b', n: 2 }]],
    ['dataframe_split without columns', { dataframe_split: { data: [['a', 1]] } }, [{ '0': 'a', '1': 1 }]],
    ['instances', { instances: [{ text: 'a' }, 'plain'] }, [{ text: 'a' }, 'plain']],
    ['inputs as a list', { inputs: [{ text: 'a' }, [1, 2]] }, [{ text: 'a' }, [1, 2]]],
    ['inputs as columns', { inputs: { text: ['a', 'b'], n: [1, 2] } }, [{ text: 'a', n: 1 }, { text: 'b', n: 2 }]],
    ['inputs as one object', { inputs: { text: 'a', n: 1 } }, [{ text: 'a', n: 1 }]],
    ['inputs as a scalar', { inputs: 'just text' }, ['just text']],
  ];

  for (const [shape, body, records] of cases) {
    it(`${shape} → one doPredict call with the records and the body's params`, async () => {
      const response = await harness.invoke('shapes', { ...body, params: { top_k: 3 } });
      const json = await expectStatus(response, 200);
      expect(model.calls).toHaveLength(1);
      expect(model.calls[0]).toMatchObject({ records, params: { top_k: 3 } });
      expect(model.calls[0]!.requestId).toEqual(expect.any(String));
      expect(json).toEqual({ predictions: records.map((record, index) => ({ score: index, echo: record })) });
      expect(response.headers.get('served-model-name')).toBe('shapes-entity');
    });
  }

  it('params default to {} and the model usage is captured with the call', async () => {
    await expectStatus(await harness.invoke('shapes', { dataframe_records: [{ text: 'a' }] }), 200);
    expect(model.calls[0]!.params).toEqual({});
    const row = (await harness.rows('shapes')).at(-1)!;
    expect(row).toMatchObject({ status_code: 200, served_entity_name: 'shapes-entity', input_tokens: 3, output_tokens: 2, logging_error_codes: [] });
    expect(row.response).toEqual({ predictions: [{ score: 0, echo: { text: 'a' } }] });
  });

  it('wraps a single returned value as one prediction', async () => {
    const single = predictModel(() => ({ predictions: 'one answer' as unknown as unknown[] }));
    await predictEndpoint('single', single);
    expect(await expectStatus(await harness.invoke('single', { inputs: { text: 'a' } }), 200)).toEqual({ predictions: ['one answer'] });
  });

  it('refuses a non-object params and chat bodies for a predict-only model', async () => {
    expect(await expectStatus(await harness.invoke('shapes', { dataframe_records: [{ text: 'a' }], params: 'x' }), 400)).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
    expect(await expectStatus(await harness.invoke('shapes', { messages: [{ role: 'user', content: 'hi' }] }), 400)).toMatchObject({ error_code: 'CAPABILITY_NOT_SUPPORTED' });
    expect(model.calls).toHaveLength(0);
  });
});

describe('signature enforcement', () => {
  let model: FakePredictModel;
  beforeAll(async () => {
    model = predictModel(scoreEach);
    await predictEndpoint('signed', model, signature);
  });
  beforeEach(() => {
    model.calls.length = 0;
  });

  it('a matching request passes and its predictions are checked silently', async () => {
    await expectStatus(await harness.invoke('signed', { dataframe_records: [{ text: 'a', lang: 'en' }], params: { top_k: 2 } }), 200);
    expect(model.calls).toHaveLength(1);
    expect((await harness.rows('signed')).at(-1)!.logging_error_codes).toEqual([]);
  });

  it('records that do not match → 400 SIGNATURE_MISMATCH naming the fields; the model is not called; the call is captured', async () => {
    const body = await expectStatus(await harness.invoke('signed', { dataframe_records: [{ text: 'ok' }, { lang: 'en' }, { text: 7 }] }), 400);
    expect(body).toMatchObject({ error_code: 'SIGNATURE_MISMATCH' });
    expect(body.message).toContain("records[1]: must have required property 'text'");
    expect(body.message).toContain('records[2].text: must be string');
    expect(body.fields).toEqual([
      { field: 'records[1]', message: "must have required property 'text'" },
      { field: 'records[2].text', message: 'must be string' },
    ]);
    expect(model.calls).toHaveLength(0);
    const row = (await harness.rows('signed')).at(-1)!;
    expect(row).toMatchObject({ status_code: 400, error_code: 'SIGNATURE_MISMATCH', served_entity_name: 'signed-entity' });
    expect(row.response).toMatchObject({ error_code: 'SIGNATURE_MISMATCH', fields: body.fields });
  });

  it('params that do not match → 400 naming params.*', async () => {
    const body = await expectStatus(await harness.invoke('signed', { dataframe_split: { columns: ['text'], data: [['a']] }, params: { top_k: 0 } }), 400);
    expect(body).toMatchObject({ error_code: 'SIGNATURE_MISMATCH', fields: [{ field: 'params.top_k', message: 'must be >= 1' }] });
    expect(model.calls).toHaveLength(0);
  });

  it('outputs that do not match do not fail the call: logging_error_codes gets OUTPUT_SIGNATURE_MISMATCH and the counter counts it', async () => {
    const labels = 'endpoint="bad-output",served_entity="bad-output-entity"';
    const bad = predictModel((request) => ({ predictions: request.records.map(() => ({ score: 'high' })) }));
    await predictEndpoint('bad-output', bad, signature);
    const before = await metricValue('cairn_signature_output_mismatches_total', labels);
    const body = await expectStatus(await harness.invoke('bad-output', { instances: [{ text: 'a' }, { text: 'b' }] }), 200);
    expect(body).toEqual({ predictions: [{ score: 'high' }, { score: 'high' }] });
    const row = (await harness.rows('bad-output')).at(-1)!;
    expect(row).toMatchObject({ status_code: 200, error_code: null, logging_error_codes: ['OUTPUT_SIGNATURE_MISMATCH'] });
    expect(await metricValue('cairn_signature_output_mismatches_total', labels)).toBe(before + 1);
  });

  it('a model without a signature takes anything', async () => {
    const open = predictModel(scoreEach);
    await predictEndpoint('unsigned', open);
    await expectStatus(await harness.invoke('unsigned', { dataframe_records: [{ whatever: [1, { deep: true }] }, 5], params: { anything: 'goes' } }), 200);
    expect(open.calls[0]).toMatchObject({ records: [{ whatever: [1, { deep: true }] }, 5], params: { anything: 'goes' } });
  });
});

describe('predict path: guardrails see the strings inside records and predictions', () => {
  it('input PII MASK rewrites the records the model gets; output PII MASK rewrites the predictions', async () => {
    const echo = predictModel((request) => ({ predictions: request.records.map((record) => ({ score: 1, note: 'reply to carol@example.org', echo: record })) }));
    await predictEndpoint('guarded', echo, signature);
    await harness.putGateway('guarded', { guardrails: { input: { pii: { behavior: 'MASK' } }, output: { pii: { behavior: 'MASK' } } } });
    const body = await expectStatus(await harness.invoke('guarded', { dataframe_records: [{ text: 'mail alice@example.com', lang: 'en' }], params: { top_k: 1 } }), 200);
    expect(echo.calls[0]!.records).toEqual([{ text: 'mail [EMAIL_1]', lang: 'en' }]);
    expect(JSON.stringify(body)).not.toMatch(/example\.(com|org)/);
    expect(body).toMatchObject({ predictions: [{ score: 1, note: expect.stringMatching(/^reply to \[EMAIL_\d\]$/) }] });
  });
});

describe('demo model: the prompt-per-record predict path is unchanged', () => {
  beforeAll(async () => {
    await harness.demoEndpoint('demo-predict');
  });

  async function completionText(prompt: string): Promise<string> {
    const body = (await expectStatus(await harness.invoke('demo-predict', { prompt, temperature: 0, max_tokens: 8 }), 200)) as { choices: Array<{ text: string }> };
    return body.choices[0]!.text;
  }

  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['dataframe_records', { dataframe_records: [{ prompt: 'Explain rollbacks' }, { id: 1, text: 'How do budgets work?' }] }, ['Explain rollbacks', 'How do budgets work?']],
    ['dataframe_split', { dataframe_split: { columns: ['id', 'question'], data: [[1, 'What should I monitor?']] } }, ['What should I monitor?']],
    ['instances', { instances: ['Tell me about drift'] }, ['Tell me about drift']],
    // The first column that is a list, each value its own prompt (numbers as JSON), as before signatures existed.
    ['inputs as columns', { inputs: { id: [1, 2], text: ['a', 'b'] } }, ['1', '2']],
    ['inputs as a scalar', { inputs: 'Explain latency' }, ['Explain latency']],
  ];

  for (const [shape, body, prompts] of cases) {
    it(`${shape}: one completion per record, byte for byte`, async () => {
      const response = await harness.invoke('demo-predict', { ...body, temperature: 0, max_tokens: 8 });
      const text = await response.text();
      expect(response.status).toBe(200);
      const expected = [];
      for (const prompt of prompts) expected.push(await completionText(prompt));
      expect(text).toBe(JSON.stringify({ predictions: expected }));
    });
  }
});
