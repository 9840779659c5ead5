import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { StoredInferenceRow } from '../../capture/index.js';
import { configFrom } from '../../config/index.js';
import { testDialects } from '../../storage/test-support/test-databases.js';
import { useSuiteDatabase } from '../test-support.js';
import { describeOne } from './describe-batch.js';
import { createDescriptorService, type DescriptorServiceOptions } from './descriptor-service.js';
import { DESCRIPTOR_COLUMNS } from './describe-call.js';
import type { DescribedCall } from './types.js';

const logger = pino({ level: 'silent' });
let counter = 0;

function row(endpoint: string, overrides: Partial<StoredInferenceRow> = {}): StoredInferenceRow {
  counter++;
  return {
    request_id: `req-${counter}-${Math.random().toString(36).slice(2)}`,
    request_time: 1_700_000_000_000 + counter,
    request_date: '2023-11-14',
    endpoint_name: endpoint,
    endpoint_id: 'ep-id',
    served_entity_name: 'demo-1',
    model_version: '1',
    status_code: 200,
    execution_duration_ms: 5,
    stream: 0,
    logging_error_codes: '[]',
    request: JSON.stringify({ model: endpoint, messages: [{ role: 'user', content: `What is photosynthesis? (${counter})` }] }),
    response: JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'Photosynthesis turns light into chemical energy in plants.' } }] }),
    ...overrides,
  };
}

describe.each(testDialects)('descriptor service on %s', (dialect) => {
  const suite = useSuiteDatabase(dialect);
  let endpointCounter = 0;

  function setup(descriptors: Record<string, unknown> = {}, extra: Partial<DescriptorServiceOptions> = {}) {
    const endpoint = `endpoint-${++endpointCounter}`;
    const config = configFrom({ data_dir: suite.database.dataDir, monitoring: { descriptors: { worker: false, ...descriptors } } });
    const service = createDescriptorService({ db: suite.storage.db, config, logger, ...extra });
    const stored = () => suite.storage.db.selectFrom('call_descriptors').selectAll().where('endpoint_name', '=', endpoint).execute();
    return { endpoint, service, stored };
  }

  for (const worker of [false, true]) {
    it(`describes rows into call_descriptors (${worker ? 'worker thread' : 'main-thread slices'})`, async () => {
      const { endpoint, service, stored } = setup({ worker });
      const described: DescribedCall[] = [];
      service.onDescribed((calls) => described.push(...calls));
      const rows = Array.from({ length: 70 }, () => row(endpoint));
      service.listener(rows.slice(0, 30));
      service.listener(rows.slice(30));
      await service.flush();
      const written = await stored();
      expect(written).toHaveLength(70);
      const first = written.find((entry) => entry.request_id === rows[0]!.request_id)!;
      expect(first).toMatchObject({ endpoint_id: 'ep-id', served_entity_name: 'demo-1', model_version: '1', status_code: 200 });
      expect(Number(first.request_time)).toBe(rows[0]!.request_time);
      const values = JSON.parse(first.descriptors) as Record<string, unknown>;
      // Every descriptor column, plus the text keys quality monitors count distinct answers with.
      expect(Object.keys(values).sort()).toEqual([...DESCRIPTOR_COLUMNS.map((column) => column.name), 'prompt_key', 'response_key'].sort());
      expect(values.prompt_key).toMatch(/^[0-9a-z]+:\d+$/);
      expect(values).toMatchObject({ operation: 'chat', prompt_language: 'en', response_refusal: false, response_empty: false });
      expect(values.relevance).toEqual(expect.any(Number));
      expect(JSON.parse(first.prompt_embedding!)).toHaveLength(256);
      expect(described).toHaveLength(70);
      expect(described[0]).toMatchObject({ endpoint_name: endpoint, endpoint_id: 'ep-id', served_entity_name: 'demo-1', model_version: '1' });
      expect(service.stats()).toMatchObject({ queued: 0, written: 70, failed: 0, dropped: 0, described: 70, describedOnWorker: worker ? 70 : 0 });
      // Written twice (a retried capture batch): nothing doubles.
      service.listener(rows.slice(0, 5));
      await service.flush();
      expect(await stored()).toHaveLength(70);
      await service.close();
    });
  }

  it('bounds its queue: beyond queue_size rows are dropped and counted', async () => {
    const counted: Record<string, number> = {};
    const { endpoint, service, stored } = setup({ queue_size: 5 }, { metrics: { descriptorRows: (outcome, amount) => (counted[outcome] = (counted[outcome] ?? 0) + amount) } });
    service.listener(Array.from({ length: 8 }, () => row(endpoint)));
    expect(service.stats()).toMatchObject({ queued: 5, dropped: 3 });
    await service.flush();
    expect(await stored()).toHaveLength(5);
    expect(counted).toMatchObject({ dropped: 3, written: 5 });
    await service.close();
  });

  it('skips failed calls, unattributed rows and sampled-out rows', async () => {
    const draws = [0.1, 0.9];
    const { endpoint, service, stored } = setup({ sample_fraction: 0.5 }, { random: () => draws.shift() ?? 0 });
    service.listener([row(endpoint, { status_code: 500 }), row(endpoint, { endpoint_id: '(none)' }), row(endpoint), row(endpoint)]);
    await service.flush();
    expect(await stored()).toHaveLength(1);
    expect(service.stats()).toMatchObject({ skipped: 3, written: 1 });
    await service.close();
  });

  it('a row that throws while being described does not stop the others', async () => {
    const poison = row('x').request_id;
    const { endpoint, service, stored } = setup({}, {
      describe: (payload) => {
        if (payload.request === 'POISON') throw new Error('boom');
        return describeOne(payload, true);
      },
    });
    service.listener([row(endpoint), row(endpoint, { request: 'POISON', request_id: poison }), row(endpoint)]);
    await service.flush();
    const written = await stored();
    expect(written).toHaveLength(2);
    expect(written.map((entry) => entry.request_id)).not.toContain(poison);
    expect(service.stats()).toMatchObject({ failed: 1, written: 2 });
    await service.close();
  });

  it('odd payloads on the worker thread are described, not fatal', async () => {
    const { endpoint, service, stored } = setup({ worker: true });
    service.listener([row(endpoint, { request: '{"messages":[{"role":"user","content":"cut', response: '{"truncated":true' }), row(endpoint, { request: null, response: null }), row(endpoint)]);
    await service.flush();
    expect(await stored()).toHaveLength(3);
    expect(service.stats().describedOnWorker).toBe(3);
    await service.close();
  });

  it('uses an asynchronous embedder when given one, and survives its failure', async () => {
    const calls: string[][] = [];
    const embedder = {
      embed: (texts: string[]) => {
        calls.push(texts);
        if (calls.length > 1) return Promise.reject(new Error('endpoint down'));
        return Promise.resolve(texts.map((text, index) => [text.length, index + 1, 0.123456]));
      },
    };
    const { endpoint, service, stored } = setup({}, { embedder });
    service.listener([row(endpoint)]);
    await service.flush();
    service.listener([row(endpoint)]);
    await service.flush();
    const written = await stored();
    expect(calls[0]).toHaveLength(2);
    const embedded = written.filter((entry) => entry.prompt_embedding !== null);
    expect(embedded).toHaveLength(1);
    expect(JSON.parse(embedded[0]!.response_embedding!)).toEqual([58, 2, 0.1235]);
    expect(written.filter((entry) => entry.prompt_embedding === null)).toHaveLength(1);
    await service.close();
  });

  it('query reads rows back newest first, embeddings only on request', async () => {
    const { endpoint, service } = setup();
    const rows = [row(endpoint, { endpoint_id: 'other-id' }), row(endpoint), row(endpoint, { endpoint_id: null })];
    service.listener(rows);
    await service.flush();
    const all = await service.query({ endpoint_name: endpoint });
    expect(all.map((entry) => entry.request_id)).toEqual(rows.map((entry) => entry.request_id).reverse());
    expect(all[0]).not.toHaveProperty('prompt_embedding');
    const mine = await service.query({ endpoint_name: endpoint, endpoint_id: 'ep-id', include_embeddings: true, max_results: 5 });
    expect(mine.map((entry) => entry.request_id)).toEqual([rows[2]!.request_id, rows[1]!.request_id]);
    expect(mine[0]!.prompt_embedding).toHaveLength(256);
    const windowed = await service.query({ endpoint_name: endpoint, from: rows[1]!.request_time, to: rows[1]!.request_time });
    expect(windowed.map((entry) => entry.request_id)).toEqual([rows[1]!.request_id]);
    await service.close();
  });
});
