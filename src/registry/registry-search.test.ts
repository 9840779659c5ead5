import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnError } from '../errors/index.js';
import { testDialects } from '../storage/test-support/test-databases.js';
import type { SearchRequest } from './index.js';
import { collectReadablePage } from './registry-search.js';
import { principal } from './test-support/fake-authorizer.js';
import { openTestRegistry, type TestRegistry } from './test-support/test-registry.js';

const admin = principal('admin-id', { isAdmin: true });

// Names chosen to break naive SQL building: quotes, LIKE and GLOB metacharacters, backslashes.
const trickyNames = ["O'Brien", "x' OR '1'='1", '100% pure', '100 pure', 'a_b', 'axb', 'star*glob', 'starXglob', 'back\\slash', 'Chat-Large', 'chat-small'];

describe.each(testDialects)('registry search on %s', (dialect) => {
  let t: TestRegistry;
  const modelNames = async (request: SearchRequest) =>
    (await t.registry.registeredModels.search(admin, request)).items.map((model) => model.name);
  const versionKeys = async (request: SearchRequest) =>
    (await t.registry.modelVersions.search(admin, request)).items.map((version) => `${version.name}/${version.version}`);

  beforeAll(async () => {
    t = await openTestRegistry(dialect);
    for (const name of trickyNames) {
      await t.registry.registeredModels.create(admin, { name, tags: name.startsWith('chat') || name.startsWith('Chat') ? [{ key: 'task', value: 'chat' }] : [] });
    }
    await t.registry.registeredModels.setTag(admin, { name: 'axb', key: 'team name', value: "it's nlp" });
    for (const [name, runId] of [
      ['chat-small', 'run-a'],
      ['chat-small', 'run-b'],
      ['chat-small', 'run-c'],
      ['Chat-Large', 'run-a'],
    ] as const) {
      await t.registry.modelVersions.create(admin, { name, source: `s3://models/${name}/${runId}`, run_id: runId });
    }
    await t.registry.modelVersions.setTag(admin, { name: 'chat-small', version: '2', key: 'quality', value: 'gold' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('binds every value: quotes and % in names match literally, never as SQL', async () => {
    expect(await modelNames({ filter: "name = 'x'' OR ''1''=''1'" })).toEqual(["x' OR '1'='1"]);
    expect(await modelNames({ filter: "name = 'O\\'Brien'" })).toEqual(["O'Brien"]);
    expect(await modelNames({ filter: "name = '100% pure'" })).toEqual(['100% pure']);
    expect(await modelNames({ filter: "name = 'back\\\\slash'" })).toEqual(['back\\slash']);
    expect(await modelNames({ filter: "name LIKE '%''%'" })).toEqual(["O'Brien", "x' OR '1'='1"]);
    expect(await modelNames({ filter: "tags.`team name` = 'it''s nlp'" })).toEqual(['axb']);
    // The table is intact after all of that.
    expect((await modelNames({})).length).toBe(trickyNames.length);
  });

  it('LIKE is case-sensitive and ILIKE is not, with MLflow wildcards only (% and _), on both dialects', async () => {
    expect(await modelNames({ filter: "name LIKE 'chat%'" })).toEqual(['chat-small']);
    expect(await modelNames({ filter: "name ILIKE 'chat%'" })).toEqual(['Chat-Large', 'chat-small']);
    expect(await modelNames({ filter: "name LIKE 'a_b'" })).toEqual(['a_b', 'axb']);
    // GLOB's own metacharacters and the backslash stay literal.
    expect(await modelNames({ filter: "name LIKE 'star*%'" })).toEqual(['star*glob']);
    expect(await modelNames({ filter: "name ILIKE 'back\\\\%'" })).toEqual(['back\\slash']);
    expect(await modelNames({ filter: "name != 'axb' AND name LIKE 'a%'" })).toEqual(['a_b']);
    expect(await modelNames({ filter: "tags.task = 'chat' AND name ILIKE '%large'" })).toEqual(['Chat-Large']);
  });

  it('filters versions by name, run_id IN, source, version_number and tags', async () => {
    expect(await versionKeys({ filter: "name = 'chat-small'", order_by: ['version_number ASC'] })).toEqual(['chat-small/1', 'chat-small/2', 'chat-small/3']);
    expect(await versionKeys({ filter: "run_id IN ('run-a', 'run-c')", order_by: ['name', 'version_number'] })).toEqual([
      'Chat-Large/1',
      'chat-small/1',
      'chat-small/3',
    ]);
    expect(await versionKeys({ filter: "name = 'chat-small' AND version_number > 1 AND run_id != 'run-c'" })).toEqual(['chat-small/2']);
    expect(await versionKeys({ filter: "source_path LIKE 's3://models/Chat-%'" })).toEqual(['Chat-Large/1']);
    expect(await versionKeys({ filter: "source = 's3://models/chat-small/run-b'" })).toEqual(['chat-small/2']);
    expect(await versionKeys({ filter: "tags.quality = 'gold'" })).toEqual(['chat-small/2']);
  });

  it('orders with order_by and pages with opaque tokens without overlap or gaps', async () => {
    const all = await modelNames({ order_by: ['name DESC'], max_results: 1000 });
    expect(all).toEqual([...trickyNames].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    const paged: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await t.registry.registeredModels.search(admin, { order_by: ['name DESC'], max_results: '4', page_token: pageToken });
      expect(page.items.length).toBeLessThanOrEqual(4);
      paged.push(...page.items.map((model) => model.name));
      pageToken = page.next_page_token;
    } while (pageToken);
    expect(paged).toEqual(all);

    // The default order of versions is newest change first (MLflow's), ties by name then version.
    const versions = await versionKeys({});
    expect(versions[0]).toBe('Chat-Large/1');
  });

  it.each<[string, SearchRequest, RegExp]>([
    ['a filter it cannot parse', { filter: "name = 'a' OR name = 'b'" }, /OR is not supported/],
    ['an unknown order_by attribute', { order_by: ['size DESC'] }, /Invalid order_by/],
    ['max_results 0', { max_results: '0' }, /max_results/],
    ['max_results that is not a number', { max_results: 'ten' }, /max_results/],
    ['a forged page token', { page_token: 'not-a-token' }, /page_token/],
  ])('rejects %s with 400 INVALID_PARAMETER_VALUE', async (_name, request, message) => {
    const error = await t.registry.registeredModels.search(admin, request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CairnError);
    expect(error).toMatchObject({ code: 'INVALID_PARAMETER_VALUE', status: 400 });
    expect((error as CairnError).message).toMatch(message);
  });

  it('refuses a page token from a different search, and clamps max_results to 1000', async () => {
    const first = await t.registry.registeredModels.search(admin, { filter: "name LIKE '%'", max_results: 1 });
    expect(first.next_page_token).toBeDefined();
    const error = await t.registry.registeredModels.search(admin, { page_token: first.next_page_token }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'INVALID_PARAMETER_VALUE' });
    expect((await t.registry.modelVersions.search(admin, { max_results: 200_000 })).items.length).toBe(4);
  });
});

describe('collectReadablePage', () => {
  it('pages through exactly the readable rows, in order, whatever the mix and page size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { maxLength: 700 }), fc.integer({ min: 1, max: 40 }), async (readable, maxResults) => {
        const rows = readable.map((isReadable, index) => ({ index, isReadable }));
        const fetch = async (offset: number, limit: number) => rows.slice(offset, offset + limit);
        const seen: number[] = [];
        let offset: number | undefined = 0;
        while (offset !== undefined) {
          const page: Awaited<ReturnType<typeof collectReadablePage<(typeof rows)[number]>>> = await collectReadablePage(
            fetch,
            (row) => row.isReadable,
            offset,
            maxResults,
          );
          expect(page.rows.length).toBeLessThanOrEqual(maxResults);
          // A page reached through a token is never empty.
          if (offset > 0) expect(page.rows.length).toBeGreaterThan(0);
          // A next page is announced only when one more readable row exists.
          if (page.nextOffset !== undefined) expect(page.rows.length).toBe(maxResults);
          seen.push(...page.rows.map((row) => row.index));
          offset = page.nextOffset;
        }
        expect(seen).toEqual(rows.filter((row) => row.isReadable).map((row) => row.index));
      }),
      { numRuns: 200 },
    );
  });
});
