import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../lib/seeded-random.js';
import { openDatabase, type StorageHandle } from '../../storage/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../../storage/test-support/test-databases.js';
import { sampleWindow } from './descriptor-rows.js';
import { Reservoir } from './sampling.js';

const T0 = 1_700_000_000_000;

interface Spec {
  id: string;
  endpoint: string;
  endpointId: string | null;
  time: number;
}

// 1,700 rows over several pages, many sharing a request_time (a page boundary falls inside a run of equal times),
// inserted out of order, with rows of another endpoint and of a deleted endpoint of the same name mixed in.
const specs: Spec[] = Array.from({ length: 1_700 }, (_, index) => ({
  id: `r${String((index * 7919) % 1_700).padStart(5, '0')}`,
  endpoint: index % 11 === 0 ? 'other' : 'ep',
  endpointId: index % 13 === 0 ? 'old-id' : index % 17 === 0 ? null : 'ep-id',
  time: T0 + Math.floor(((index * 7919) % 1_700) / 9),
}));

describe.each(testDialects)('sampleWindow on %s', (dialect) => {
  let database: TestDatabase;
  let storage: StorageHandle;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    storage = await openDatabase(database.url, database.dataDir);
    const rows = specs.map((spec) => ({
      request_id: spec.id, endpoint_name: spec.endpoint, endpoint_id: spec.endpointId, served_entity_name: 'main', model_version: '1',
      request_time: spec.time, status_code: 200, descriptors: JSON.stringify({ n: spec.id }),
      prompt_embedding: JSON.stringify([spec.time - T0, 1]), response_embedding: null,
    }));
    for (let start = 0; start < rows.length; start += 200) await storage.db.insertInto('call_descriptors').values(rows.slice(start, start + 200)).execute();
  });

  afterAll(async () => {
    await storage?.close();
    await database?.cleanup();
  });

  const from = T0 + 3;
  const to = T0 + 180;
  const expected = specs
    .filter((spec) => spec.endpoint === 'ep' && spec.endpointId !== 'old-id' && spec.time >= from && spec.time < to)
    .sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  it('reads every row of the window once, in (request_time, request_id) order, across pages', async () => {
    expect(expected.length).toBeGreaterThan(1_000);
    const sample = await sampleWindow(storage.db, { endpointName: 'ep', endpointId: 'ep-id' }, from, to, { seed: 1, maxRows: 10_000 });
    expect(sample.total).toBe(expected.length);
    expect(sample.rows.map((row) => row.request_id)).toEqual(expected.map((spec) => spec.id));
    expect(sample.rows.map((row) => row.request_time)).toEqual(expected.map((spec) => spec.time));
    expect(sample.rows[0]!.descriptors).toEqual({ n: expected[0]!.id });
    expect(sample.rows[0]!.prompt_embedding).toBeUndefined();
  });

  it('samples as a seeded reservoir over that order, and parses embeddings when asked', async () => {
    const sample = await sampleWindow(storage.db, { endpointName: 'ep', endpointId: 'ep-id' }, from, to, { seed: 7, maxRows: 300, embeddings: true });
    const reservoir = new Reservoir<Spec>(300, seededRandom(7));
    for (const spec of expected) reservoir.add(spec);
    expect(sample.total).toBe(expected.length);
    expect(sample.rows.map((row) => row.request_id)).toEqual(reservoir.rows.map((spec) => spec.id));
    expect(sample.rows.map((row) => row.prompt_embedding)).toEqual(reservoir.rows.map((spec) => [spec.time - T0, 1]));
    expect(sample.rows.every((row) => row.response_embedding === null)).toBe(true);
  });
});
