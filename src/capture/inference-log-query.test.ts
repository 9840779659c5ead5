import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../config/index.js';
import { CairnError } from '../errors/index.js';
import { createMetrics } from '../monitoring/index.js';
import { openDatabase, type StorageHandle } from '../storage/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../storage/test-support/test-databases.js';
import { createCapture, type CaptureRecord, type CaptureService, type InferenceLogQuery } from './index.js';
import { decodePageToken, encodePageToken } from './inference-log-query.js';
import { captureRecord } from './test-support/capture-records.js';

const BASE = Date.UTC(2025, 5, 1);

describe.each(testDialects)('inference log query on %s', (dialect) => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let capture: CaptureService;
  const records: CaptureRecord[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    storage = await openDatabase(database.url, database.dataDir);
    const config = configFrom({ data_dir: database.dataDir, capture: { flush_interval_ms: 60_000 } });
    capture = createCapture({ db: storage.db, config, metrics: createMetrics(), logger: pino({ level: 'silent' }) });
    // 30 rows over two endpoints; times repeat in threes so pagination must break ties by request_id.
    for (let index = 0; index < 30; index += 1) {
      records.push(
        captureRecord({
          request_id: `req-${String(index).padStart(2, '0')}`,
          request_time: BASE + Math.floor(index / 3) * 1000,
          endpoint_name: index % 2 === 0 ? 'alpha' : 'beta',
          endpoint_id: index % 2 === 0 ? 'id-alpha' : 'id-beta',
          served_entity_name: index % 4 < 2 ? 'main' : 'canary',
          status_code: [200, 200, 429, 500, 502][index % 5] ?? 200,
          requester: index % 3 === 0 ? 'bob' : 'alice',
        }),
      );
    }
    // A row of an earlier, deleted endpoint that also was called "alpha".
    records.push(captureRecord({ request_id: 'old-alpha', request_time: BASE - 60_000, endpoint_name: 'alpha', endpoint_id: 'id-old-alpha' }));
    // A row written without an endpoint id (by an older pipeline).
    records.push(captureRecord({ request_id: 'anonymous-alpha', request_time: BASE - 120_000, endpoint_name: 'alpha', endpoint_id: null }));
    for (const record of records) capture.enqueue(record);
    await capture.flush();
  });
  afterAll(async () => {
    await capture?.close();
    await storage?.close();
    await database?.cleanup();
  });

  /** Every row matching the filters, through all pages of the given size. */
  async function allPages(filters: InferenceLogQuery, pageSize: number): Promise<string[]> {
    const ids: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const result = await capture.query({ ...filters, max_results: pageSize, ...(token ? { page_token: token } : {}) });
      expect(result.rows.length).toBeLessThanOrEqual(pageSize);
      ids.push(...result.rows.map((row) => row.request_id));
      token = result.next_page_token;
      if (!token) return ids;
    }
    throw new Error('pagination did not end');
  }

  /** The expected ids: filtered records, newest first, ties by request_id descending. */
  function expected(predicate: (record: CaptureRecord) => boolean): string[] {
    return records
      .filter(predicate)
      .sort((a, b) => b.request_time - a.request_time || (a.request_id < b.request_id ? 1 : -1))
      .map((record) => record.request_id);
  }

  it('pages newest first, stable across pages of every size, with no row twice or missing', async () => {
    const everything = expected(() => true);
    for (const size of [1, 4, 7, 32, 1000]) expect(await allPages({}, size)).toEqual(everything);
  });

  it('returns rows with JSON fields parsed and stream as a boolean', async () => {
    const { rows } = await capture.query({ max_results: 1 });
    expect(rows[0]).toMatchObject({
      request_id: 'req-29',
      stream: false,
      request: { model: 'chat', messages: [{ role: 'user', content: 'Hello' }] },
      logging_error_codes: [],
      request_date: '2025-06-01',
    });
  });

  it('filters by endpoint, served entity, requester, status and time range', async () => {
    expect(await allPages({ endpoint_name: 'beta' }, 5)).toEqual(expected((record) => record.endpoint_name === 'beta'));
    expect(await allPages({ served_entity_name: 'canary', requester: 'bob' }, 5)).toEqual(
      expected((record) => record.served_entity_name === 'canary' && record.requester === 'bob'),
    );
    expect(await allPages({ status_code: 429 }, 5)).toEqual(expected((record) => record.status_code === 429));
    expect(await allPages({ status_class: '5xx' }, 5)).toEqual(expected((record) => record.status_code >= 500));
    expect(await allPages({ status_class: 'error' }, 5)).toEqual(expected((record) => record.status_code >= 400));
    expect(await allPages({ status_class: '2xx', endpoint_name: 'alpha' }, 5)).toEqual(
      expected((record) => record.status_code === 200 && record.endpoint_name === 'alpha'),
    );
    const range = { start_time_ms: BASE + 2000, end_time_ms: BASE + 4000 };
    expect(await allPages(range, 2)).toEqual(expected((record) => record.request_time >= range.start_time_ms && record.request_time <= range.end_time_ms));
  });

  it('SEC API1: an endpoint restriction shows only those endpoints, and not an earlier one with the same name', async () => {
    const onlyAlpha = await allPages({ endpoints: [{ name: 'alpha', id: 'id-alpha' }] }, 10);
    expect(onlyAlpha).toEqual(expected((record) => record.endpoint_name === 'alpha' && record.endpoint_id !== 'id-old-alpha'));
    expect(onlyAlpha).toContain('anonymous-alpha');
    expect(onlyAlpha).not.toContain('old-alpha');
    expect(await capture.query({ endpoints: [] })).toEqual({ rows: [] });
    // The restriction and a filter on another endpoint leave nothing.
    expect((await capture.query({ endpoints: [{ name: 'alpha', id: 'id-alpha' }], endpoint_name: 'beta' })).rows).toEqual([]);
  });

  it('caps page size at 1000 and defaults to 100', async () => {
    expect((await capture.query({})).rows).toHaveLength(32);
    expect((await capture.query({ max_results: 5000 })).rows).toHaveLength(32);
    expect((await capture.query({ max_results: 0 })).rows).toHaveLength(1);
  });

  it('rejects a page token it did not issue', async () => {
    for (const token of ['not-a-token', encodePageToken({ t: 1, id: 'x' }).slice(2), Buffer.from('{"t":"x"}').toString('base64url')]) {
      await expect(capture.query({ page_token: token })).rejects.toSatisfy((error) => error instanceof CairnError && error.code === 'INVALID_PARAMETER_VALUE');
    }
    expect(decodePageToken(encodePageToken({ t: 5, id: 'a' }))).toEqual({ t: 5, id: 'a' });
  });

  it('gets one row by request id', async () => {
    expect(await capture.get('req-07')).toMatchObject({ request_id: 'req-07', endpoint_name: 'beta', endpoint_id: 'id-beta' });
    expect(await capture.get('missing')).toBeUndefined();
  });
});
