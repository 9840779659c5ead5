import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { configFrom, type CairnConfigInput } from '../config/index.js';
import { createMetrics } from '../monitoring/index.js';
import { openDatabase, type StorageHandle } from '../storage/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../storage/test-support/test-databases.js';
import { createCapture, type CaptureService } from './index.js';
import { captureRecord } from './test-support/capture-records.js';

/** A pino logger whose lines the test can read. */
function recordingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const CANARY_EMAIL = 'canary.person@example.org';
const CANARY_CARD = '4111 1111 1111 1111';
const CANARY_KEY = 'sk-proj-Canary123Secret456Key789abcXYZ';

describe.each(testDialects)('capture writer on %s', (dialect) => {
  let database: TestDatabase;
  let storage: StorageHandle;
  const services: CaptureService[] = [];
  let endpointCounter = 0;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    storage = await openDatabase(database.url, database.dataDir);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const service of services.splice(0)) await service.close();
  });
  afterAll(async () => {
    await storage?.close();
    await database?.cleanup();
  });

  /** A capture service on the shared database; each test writes to its own endpoint name. */
  function setup(capture: CairnConfigInput['capture'] = {}, retryDelaysMs: number[] = [0, 0]) {
    const endpoint = `endpoint-${++endpointCounter}`;
    const config = configFrom({ data_dir: database.dataDir, capture: { flush_interval_ms: 60_000, ...capture } });
    const metrics = createMetrics();
    const { logger, lines } = recordingLogger();
    const service = createCapture({ db: storage.db, config, metrics, logger, retryDelaysMs });
    services.push(service);
    const rows = () => storage.db.selectFrom('inference_log').selectAll().where('endpoint_name', '=', endpoint).execute();
    return { service, metrics, lines, endpoint, rows };
  }

  it('writes N queued rows in ⌈N / batch_size⌉ transactions, off the enqueue call', async () => {
    const { service, endpoint, rows } = setup({ batch_size: 10 });
    const transaction = vi.spyOn(storage.db, 'transaction');
    for (let index = 0; index < 25; index += 1) service.enqueue(captureRecord({ endpoint_name: endpoint }));
    // enqueue only queued them: nothing is written yet.
    expect(service.stats().queued).toBe(25);
    expect(await rows()).toHaveLength(0);
    await Promise.all([service.flush(), service.flush()]);
    expect(await rows()).toHaveLength(25);
    expect(transaction).toHaveBeenCalledTimes(3);
    expect(service.stats()).toMatchObject({ queued: 0, written: 25, dropped: 0, batchesWritten: 3 });
  });

  it('flushes on its timer without being asked', async () => {
    const { service, endpoint, rows } = setup({ flush_interval_ms: 20 });
    service.enqueue(captureRecord({ endpoint_name: endpoint }));
    await vi.waitFor(async () => expect(await rows()).toHaveLength(1), { timeout: 5000, interval: 20 });
    expect(service.stats().written).toBe(1);
  });

  it('a full queue drops and counts rows without throwing, with one warning', async () => {
    const { service, metrics, lines, endpoint, rows } = setup({ queue_size: 5, batch_size: 100 });
    for (let index = 0; index < 8; index += 1) expect(() => service.enqueue(captureRecord({ endpoint_name: endpoint }))).not.toThrow();
    expect(service.stats()).toMatchObject({ queued: 5, dropped: 3 });
    const text = await metrics.render();
    expect(text).toMatch(/^cairn_capture_dropped_total 3$/m);
    expect(text).toMatch(/^cairn_capture_queue_depth 5$/m);
    const warnings = lines.filter((line) => line.includes('capture queue full'));
    expect(warnings).toHaveLength(1);
    await service.flush();
    expect(await rows()).toHaveLength(5);
    expect(await metrics.render()).toMatch(/^cairn_capture_written_total 5$/m);
  });

  it('close() drains the queue; later rows are dropped and counted', async () => {
    const { service, endpoint, rows } = setup({ batch_size: 100 });
    for (let index = 0; index < 7; index += 1) service.enqueue(captureRecord({ endpoint_name: endpoint }));
    await service.close();
    expect(await rows()).toHaveLength(7);
    service.enqueue(captureRecord({ endpoint_name: endpoint }));
    expect(service.stats()).toMatchObject({ written: 7, dropped: 1 });
  });

  it('retries a failed batch, then drops and counts it with an error log that holds no payload', async () => {
    const { service, lines, endpoint, rows } = setup();
    const failure = () => {
      throw new Error('storage unavailable');
    };
    const transaction = vi.spyOn(storage.db, 'transaction').mockImplementationOnce(failure);
    service.enqueue(captureRecord({ endpoint_name: endpoint }));
    await service.flush();
    expect(await rows()).toHaveLength(1);
    expect(service.stats()).toMatchObject({ written: 1, failedBatches: 0 });

    transaction.mockImplementation(failure);
    service.enqueue(captureRecord({ endpoint_name: endpoint, request: { messages: [{ role: 'user', content: `mail ${CANARY_EMAIL}` }] } }));
    service.enqueue(captureRecord({ endpoint_name: endpoint }));
    await service.flush();
    expect(service.stats()).toMatchObject({ written: 1, dropped: 2, failedBatches: 1 });
    const errorLine = lines.find((line) => line.includes('capture batch failed'));
    expect(errorLine).toContain('storage unavailable');
    expect(errorLine).toContain('"attempts":3');
    expect(lines.join('')).not.toContain('canary.person');
  });

  it('SEC-PII-1: masks PII in request, response and client request id before storing', async () => {
    const { service, endpoint, rows } = setup();
    service.enqueue(
      captureRecord({
        endpoint_name: endpoint,
        client_request_id: `ticket for ${CANARY_EMAIL}`,
        request: { messages: [{ role: 'user', content: `I am ${CANARY_EMAIL}, card ${CANARY_CARD}, key ${CANARY_KEY}` }] },
        response: { choices: [{ message: { role: 'assistant', content: `Noted ${CANARY_EMAIL} and ${CANARY_CARD}.` } }] },
      }),
    );
    await service.flush();
    const [row] = await rows();
    const stored = JSON.stringify(row);
    for (const canary of [CANARY_EMAIL, CANARY_CARD, CANARY_CARD.replace(/ /g, ''), 'Canary123Secret']) expect(stored).not.toContain(canary);
    expect(JSON.parse(row?.request ?? '')).toEqual({ messages: [{ role: 'user', content: 'I am [EMAIL_1], card [CREDIT_CARD_1], key [OPENAI_API_KEY_1]' }] });
    expect(JSON.parse(row?.response ?? '')).toEqual({ choices: [{ message: { role: 'assistant', content: 'Noted [EMAIL_1] and [CREDIT_CARD_1].' } }] });
    expect(row?.client_request_id).toBe('ticket for [EMAIL_1]');
  });

  it('SEC-PII-4: with mask_pii off, secrets are still masked', async () => {
    const { service, endpoint, rows } = setup({ mask_pii: false });
    service.enqueue(captureRecord({ endpoint_name: endpoint, request: { messages: [{ role: 'user', content: `${CANARY_EMAIL} ${CANARY_KEY}` }], api_key: 'plain' } }));
    await service.flush();
    const [row] = await rows();
    expect(JSON.parse(row?.request ?? '')).toEqual({ messages: [{ role: 'user', content: `${CANARY_EMAIL} [OPENAI_API_KEY_1]` }], api_key: '[SECRET_VALUE_1]' });
  });

  it('stores an oversize payload truncated, as valid JSON, and flags it', async () => {
    const { service, endpoint, rows } = setup({ max_payload_bytes: 1000 });
    service.enqueue(
      captureRecord({
        endpoint_name: endpoint,
        request: { messages: [{ role: 'user', content: `"quoted" ${'é'.repeat(3000)} ${CANARY_EMAIL}` }] },
        logging_error_codes: ['USAGE_ESTIMATED'],
      }),
    );
    await service.flush();
    const [row] = await rows();
    const request = row?.request ?? '';
    expect(Buffer.byteLength(request, 'utf8')).toBeLessThanOrEqual(1000);
    const document = JSON.parse(request) as { truncated: boolean; original_bytes: number; prefix: string };
    expect(document.truncated).toBe(true);
    expect(document.original_bytes).toBeGreaterThan(6000);
    expect(document.prefix.startsWith('{"messages":[{"role":"user","content":"\\"quoted\\" éé')).toBe(true);
    expect(JSON.parse(row?.logging_error_codes ?? '')).toEqual(['USAGE_ESTIMATED', 'REQUEST_PAYLOAD_TOO_LARGE']);
    expect(JSON.parse(row?.response ?? '')).toMatchObject({ object: 'chat.completion' });
  });

  it('derives request_date in UTC and keeps every field', async () => {
    const { service, endpoint } = setup();
    const record = captureRecord({
      endpoint_name: endpoint,
      endpoint_id: 'endpoint-id-1',
      request_time: Date.UTC(2025, 0, 15, 23, 59, 30),
      stream: true,
      ttft_ms: 12.25,
      status_code: 502,
      error_code: 'UPSTREAM_ERROR',
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      cost_usd: 0.00125,
      usage_estimated: true,
      guardrail_results: [{ guardrail: 'pii', stage: 'input', action: 'mask', findings: [{ type: 'EMAIL', segment: 0, start: 3, end: 20 }] }],
      attempts: [{ entity: 'a', attempt: 1, error_code: 'UPSTREAM_ERROR', status: 502, duration_ms: 3 }, { entity: 'b', attempt: 1, duration_ms: 5 }],
    });
    service.enqueue(record);
    await service.flush();
    const entry = await service.get(record.request_id);
    expect(entry).toEqual({
      ...record,
      request_date: '2025-01-15',
      endpoint_id: 'endpoint-id-1',
      logging_error_codes: [],
    });
  });

  it('sanitises odd values instead of failing the batch', async () => {
    const { service, endpoint, rows } = setup();
    // JSON.stringify throws on a BigInt; the row is stored with a marker instead of failing the batch.
    service.enqueue(captureRecord({ endpoint_name: endpoint, execution_duration_ms: Number.NaN, input_tokens: 3.7, requester: 'a\u0000b', response: { n: 10n } }));
    await service.flush();
    const [row] = await rows();
    expect(row).toMatchObject({ execution_duration_ms: 0, input_tokens: 4, requester: 'ab' });
    expect(JSON.parse(row?.logging_error_codes ?? '')).toEqual(['RESPONSE_PAYLOAD_UNSERIALIZABLE']);
  });
});
