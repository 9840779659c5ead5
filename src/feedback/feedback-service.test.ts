import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/index.js';
import { type CaptureService, createCapture } from '../capture/index.js';
import { captureRecord } from '../capture/test-support/capture-records.js';
import { configFrom } from '../config/index.js';
import { createMetrics } from '../monitoring/index.js';
import { openDatabase, type StorageHandle } from '../storage/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../storage/test-support/test-databases.js';
import { addReasons } from './review-store.js';
import { createFeedback, type FeedbackRollups, type FeedbackService } from './index.js';

const T0 = Date.UTC(2025, 6, 1);
const TTL = 60_000;

function principal(name: string, isAdmin = false, kind: Principal['kind'] = 'user', id = `id-${name}`): Principal {
  return { id, kind, name, displayName: name, isAdmin, groupIds: [] };
}

const alice = principal('alice');
const querier = principal('querier');
const viewer = principal('viewer');
const reviewerA = principal('reviewer-a');
const reviewerB = principal('reviewer-b');
const admin = principal('admin', true);
/** A user and a service principal may share a name (principals are unique per kind and name). */
const twinUser = principal('twin', false, 'user', 'id-twin-user');
const twinService = principal('twin', false, 'service_principal', 'id-twin-sp');
/** Never stored in `principals` (as if deleted): shown by id. */
const ghost = principal('ghost', true);

/** Grants on endpoint `chat` (id `id-chat`); `other` (id `id-other`) grants nothing to anyone. */
const levels: Record<string, 'CAN_VIEW' | 'CAN_QUERY' | 'CAN_MANAGE'> = {
  'querier/id-chat': 'CAN_QUERY',
  'viewer/id-chat': 'CAN_VIEW',
  'reviewer-a/id-chat': 'CAN_MANAGE',
  'reviewer-b/id-chat': 'CAN_MANAGE',
  'twin/id-chat': 'CAN_MANAGE',
};

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message?: string };
  }
  throw new Error('expected a rejection');
}

describe.each(testDialects)('feedback and review on %s', (dialect) => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let capture: CaptureService;
  let feedback: FeedbackService;
  let clock = T0;
  const draws: number[] = [];
  const rollupCalls: Parameters<FeedbackRollups['recordFeedback']>[0][] = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    storage = await openDatabase(database.url, database.dataDir);
    await storage.db
      .insertInto('principals')
      .values(
        [alice, querier, viewer, reviewerA, reviewerB, admin, twinUser, twinService].map((who) => ({
          id: who.id,
          kind: who.kind,
          name: who.name,
          display_name: who.displayName,
          is_admin: who.isAdmin ? 1 : 0,
          active: 1,
          created_at: T0,
        })),
      )
      .execute();
    // A flush interval longer than any test: rows stay queued until something flushes them.
    const config = configFrom({ data_dir: database.dataDir, capture: { flush_interval_ms: 600_000 }, monitoring: { review: { sample_fraction: 0.5, claim_ttl_ms: TTL } } });
    capture = createCapture({ db: storage.db, config, metrics: createMetrics(), logger: pino({ level: 'silent' }) });
    const endpoints = new Map([['chat', 'id-chat'], ['other', 'id-other'], ['exp', 'id-exp']]);
    feedback = createFeedback({
      db: storage.db,
      config,
      logger: pino({ level: 'silent' }),
      capture,
      serving: { resolveEndpointId: (name) => endpoints.get(name) },
      auth: { levelOn: (who, _type, id) => (who.isAdmin ? 'CAN_MANAGE' : (levels[`${who.name}/${id}`] ?? null)) },
      rollups: { recordFeedback: (record) => rollupCalls.push(record) },
      now: () => clock,
      random: () => draws.shift() ?? 1,
    });
    capture.onRowsWritten(feedback.reviewIntake);
  });
  afterAll(async () => {
    await capture?.close();
    await feedback?.close();
    await storage?.close();
    await database?.cleanup();
  });

  const call = (overrides: Parameters<typeof captureRecord>[0] = {}) => {
    const record = captureRecord({ endpoint_name: 'chat', endpoint_id: 'id-chat', requester: 'alice', request_time: clock, ...overrides });
    capture.enqueue(record);
    return record.request_id;
  };

  it('takes feedback on a call still in the capture queue (it flushes once and looks again)', async () => {
    const id = call();
    expect(capture.stats().queued).toBe(1);
    const given = await feedback.submitFeedback(alice, { request_id: id, thumbs: 'up', comment: 'nice', labels: ['helpful', 'helpful', 'short'] });
    expect(given).toMatchObject({ request_id: id, endpoint_name: 'chat', thumbs: 'up', comment: 'nice', labels: ['helpful', 'short'], principal_id: 'id-alice' });
    expect(rollupCalls.at(-1)).toEqual({ endpoint_name: 'chat', served_entity_name: 'demo-1', model_version: '1', time: clock, thumbs: 'up', rating: null });
    expect(await feedback.feedbackOf(id)).toEqual([given]);
    // Comment and labels are plain columns: the comment text is stored as given.
    expect(await storage.db.selectFrom('feedback').select(['comment', 'labels']).where('id', '=', given.id).executeTakeFirstOrThrow()).toEqual({
      comment: 'nice',
      labels: '["helpful","short"]',
    });
    // Positive feedback does not queue the call for review.
    await feedback.flush();
    expect((await feedback.listItems({ endpoint_name: 'chat', source: 'feedback' })).items.map((item) => item.request_id)).not.toContain(id);
  });

  it('404 for unknown ids, for callers with only CAN_VIEW or nothing, and for calls of an older endpoint of the same name', async () => {
    const id = call({ requester: 'someone-else' });
    const old = call({ endpoint_id: 'id-old-chat', requester: 'alice' });
    const unattributed = call({ endpoint_id: '(none)', requester: 'alice' });
    for (const [who, requestId] of [
      [alice, 'no-such-request'],
      [viewer, id],
      [alice, id],
      [alice, old],
      [alice, unattributed],
    ] as const) {
      const error = await rejection(feedback.submitFeedback(who, { request_id: requestId, rating: 4 }));
      expect(error.code, `${who.name} ${requestId}`).toBe('RESOURCE_DOES_NOT_EXIST');
      expect(error.message).toBe(`Request ${requestId} does not exist.`);
    }
    // CAN_QUERY (an app speaking for its users) and admins may.
    await expect(feedback.submitFeedback(querier, { request_id: id, rating: 4 })).resolves.toMatchObject({ rating: 4 });
    await expect(feedback.submitFeedback(admin, { request_id: id, rating: 5 })).resolves.toMatchObject({ rating: 5 });
  });

  it('negative feedback lands in the review queue with its reason; a second reason joins the same item', async () => {
    const id = call();
    const given = await feedback.submitFeedback(alice, { request_id: id, thumbs: 'down', correction: 'The right answer.' });
    let items = (await feedback.listItems({ endpoint_name: 'chat', source: 'feedback' })).items.filter((item) => item.request_id === id);
    expect(items).toHaveLength(1);
    expect(items[0]!.reasons).toEqual([{ source: 'feedback', detail: { feedback_id: given.id, thumbs: 'down', correction: true }, at: clock }]);
    expect(items[0]!.call).toMatchObject({ prompt: 'Hello', response: 'Hi!', status_code: 200, truncated: false });
    await feedback.flagForReview({ request_id: id, endpoint_name: 'chat', endpoint_id: 'id-chat', source: 'quality', detail: { monitor: 'relevance', score: 0.1 } });
    items = (await feedback.listItems({ endpoint_name: 'chat', source: 'quality' })).items.filter((item) => item.request_id === id);
    expect(items.map((item) => item.reasons.map((reason) => reason.source))).toEqual([['feedback', 'quality']]);
  });

  it('concurrent reasons for one call from two writers end up in one item holding both', async () => {
    const flag = (source: 'quality' | 'sample') => ({ request_id: 'race-1', endpoint_name: 'chat', endpoint_id: 'id-chat', source, detail: { from: source } });
    await Promise.all([addReasons(storage.db, [flag('quality')], clock), addReasons(storage.db, [flag('sample')], clock), addReasons(storage.db, [flag('quality')], clock)]);
    const rows = await storage.db.selectFrom('review_items').selectAll().where('request_id', '=', 'race-1').execute();
    expect(rows).toHaveLength(1);
    expect((JSON.parse(rows[0]!.reasons) as Array<{ source: string }>).map((reason) => reason.source).sort()).toEqual(['quality', 'sample']);
  });

  it('intake: guardrail-flagged rows and sampled successes join the queue once capture writes them', async () => {
    const flagged = call({ guardrail_results: [{ guardrail: 'kw', stage: 'output', action: 'flag', findings: [] }] });
    const blocked = call({ status_code: 400, guardrail_results: [{ guardrail: 'pii', stage: 'input', action: 'block', findings: [] }] });
    const masked = call({ guardrail_results: [{ guardrail: 'pii', stage: 'input', action: 'mask', findings: [] }] });
    draws.push(0.9, 0.9, 0.2);
    const sampled = call();
    await capture.flush();
    await feedback.flush();
    const items = new Map((await feedback.listItems({ endpoint_name: 'chat', max_results: 1000 })).items.map((item) => [item.request_id, item]));
    expect(items.get(flagged)?.reasons).toEqual([{ source: 'guardrail', detail: { guardrails: ['kw'] }, at: clock }]);
    expect(items.get(blocked)?.reasons.map((reason) => reason.source)).toEqual(['guardrail']);
    expect(items.has(masked)).toBe(false);
    expect(items.get(sampled)?.reasons).toEqual([{ source: 'sample', detail: { fraction: 0.5 }, at: clock }]);
  });

  it('lists by effective status, by scope, and pages without repeats', async () => {
    clock += 1000;
    for (let index = 0; index < 7; index += 1) {
      await feedback.flagForReview({ request_id: `page-${index}`, endpoint_name: index < 5 ? 'chat' : 'other', endpoint_id: index === 4 ? 'id-old-chat' : null, source: 'quality', detail: {} });
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await feedback.listItems({ endpoints: [{ name: 'chat', id: 'id-chat' }], max_results: 2, ...(token ? { page_token: token } : {}) });
      seen.push(...page.items.map((item) => item.request_id));
      token = page.next_page_token;
    } while (token);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => id.startsWith('page-')).sort()).toEqual(['page-0', 'page-1', 'page-2', 'page-3']);
    expect((await feedback.listItems({ endpoints: [] })).items).toEqual([]);
    await expect(feedback.listItems({ page_token: 'garbage' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE' });
  });

  it('claim race: of two reviewers claiming at once exactly one wins; claims expire; decisions are appended, never overwritten', async () => {
    await feedback.flagForReview({ request_id: 'claim-1', endpoint_name: 'chat', endpoint_id: 'id-chat', source: 'quality', detail: {} });
    const [item] = (await feedback.listItems({ endpoint_name: 'chat', source: 'quality', max_results: 1000 })).items.filter((entry) => entry.request_id === 'claim-1');
    const id = item!.id;
    const outcomes = await Promise.allSettled([feedback.claim(reviewerA, id), feedback.claim(reviewerB, id)]);
    const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const losers = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers.map((outcome) => (outcome.reason as { code: string }).code)).toEqual(['RESOURCE_CONFLICT']);
    const holder = (winners[0] as PromiseFulfilledResult<{ claimed_by: string }>).value.claimed_by;
    const [owner, other] = holder === 'reviewer-a' ? [reviewerA, reviewerB] : [reviewerB, reviewerA];

    // The loser can neither decide nor release it; the holder can renew it.
    expect((await rejection(feedback.decide(other, id, { decision: 'approve' }))).code).toBe('RESOURCE_CONFLICT');
    expect((await rejection(feedback.release(other, id))).code).toBe('RESOURCE_CONFLICT');
    await expect(feedback.claim(owner, id)).resolves.toMatchObject({ status: 'claimed', claimed_by: owner.name });
    expect((await feedback.listItems({ endpoint_name: 'chat', status: 'claimed' })).items.map((entry) => entry.id)).toContain(id);

    // Past the TTL the claim lapses: the item reads as open and the other reviewer can take it.
    clock += TTL + 1;
    expect((await feedback.getItem(id))?.status).toBe('open');
    expect((await feedback.listItems({ endpoint_name: 'chat', status: 'open', max_results: 1000 })).items.map((entry) => entry.id)).toContain(id);
    await expect(feedback.claim(other, id)).resolves.toMatchObject({ claimed_by: other.name });
    expect((await rejection(feedback.decide(owner, id, { decision: 'reject' }))).code).toBe('RESOURCE_CONFLICT');

    const first = await feedback.decide(other, id, { decision: 'correct', correction: 'Better answer.', labels: ['tone'] });
    expect(first.item).toMatchObject({ status: 'decided', claimed_by: other.name });
    clock += 5;
    // The reviewer who decided may decide again; the first decision stays.
    await feedback.decide(other, id, { decision: 'label', labels: ['tone', 'length'], comment: 'second look' });
    // An admin may decide without holding it; nobody may claim a decided item.
    await feedback.decide(admin, id, { decision: 'approve' });
    expect((await rejection(feedback.claim(owner, id))).code).toBe('RESOURCE_CONFLICT');
    const history = await feedback.decisionsOf(id);
    expect(history.map((decision) => [decision.decision, decision.decided_by, decision.labels])).toEqual([
      ['correct', other.name, ['tone']],
      ['label', other.name, ['tone', 'length']],
      ['approve', 'admin', []],
    ]);
    expect(history[0]).toMatchObject({ correction: 'Better answer.', decided_at: clock - 5 });
  });

  it('claims belong to a principal id: a service principal named like the holding user can neither decide nor release it', async () => {
    await feedback.flagForReview({ request_id: 'twin-1', endpoint_name: 'chat', endpoint_id: 'id-chat', source: 'sample', detail: {} });
    const row = await storage.db.selectFrom('review_items').select('id').where('request_id', '=', 'twin-1').executeTakeFirstOrThrow();
    await expect(feedback.claim(twinUser, row.id)).resolves.toMatchObject({ status: 'claimed', claimed_by: 'twin', claimed_by_id: 'id-twin-user' });
    const stored = await storage.db.selectFrom('review_items').select('claimed_by').where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(stored.claimed_by).toBe('id-twin-user');
    for (const attempt of [
      () => feedback.decide(twinService, row.id, { decision: 'approve' }),
      () => feedback.release(twinService, row.id),
      () => feedback.claim(twinService, row.id),
    ]) {
      const error = await rejection(attempt());
      expect(error.code).toBe('RESOURCE_CONFLICT');
      expect(error.message).toBe(`Review item ${row.id} is claimed by twin.`);
    }
    expect(await feedback.decisionsOf(row.id)).toEqual([]);
    const { item, decision } = await feedback.decide(twinUser, row.id, { decision: 'approve' });
    expect(item).toMatchObject({ status: 'decided', claimed_by: 'twin', claimed_by_id: 'id-twin-user' });
    expect(decision).toMatchObject({ decided_by: 'twin', decided_by_id: 'id-twin-user' });
    // Having decided, the user may decide again; the same-named service principal still may not.
    expect((await rejection(feedback.decide(twinService, row.id, { decision: 'reject' }))).code).toBe('RESOURCE_CONFLICT');
    // A reviewer whose principal is gone shows by id.
    const last = await feedback.decide(ghost, row.id, { decision: 'reject' });
    expect(last.decision).toMatchObject({ decided_by: 'id-ghost', decided_by_id: 'id-ghost' });
    expect(await feedback.getItem(row.id)).toMatchObject({ claimed_by: 'id-ghost', claimed_by_id: 'id-ghost' });
    expect((await feedback.decisionsOf(row.id)).map((entry) => [entry.decided_by, entry.decided_by_id])).toEqual([
      ['twin', 'id-twin-user'],
      ['id-ghost', 'id-ghost'],
    ]);
  });

  it('release gives the item back to the queue', async () => {
    await feedback.flagForReview({ request_id: 'release-1', endpoint_name: 'chat', endpoint_id: 'id-chat', source: 'sample', detail: {} });
    const row = await storage.db.selectFrom('review_items').select('id').where('request_id', '=', 'release-1').executeTakeFirstOrThrow();
    await feedback.claim(reviewerA, row.id);
    await expect(feedback.release(reviewerA, row.id)).resolves.toMatchObject({ status: 'open', claimed_by: null, claimed_by_id: null });
    await expect(feedback.claim(reviewerB, row.id)).resolves.toMatchObject({ claimed_by: 'reviewer-b', claimed_by_id: 'id-reviewer-b' });
    await expect(feedback.release(admin, row.id)).resolves.toMatchObject({ status: 'open' });
  });

  it('lists feedback by request and by scope', async () => {
    const id = call({ requester: 'querier' });
    await feedback.submitFeedback(querier, { request_id: id, rating: 1 });
    clock += 1;
    await feedback.submitFeedback(querier, { request_id: id, rating: 2 });
    const byRequest = await feedback.listFeedback({ request_id: id, max_results: 1 });
    expect(byRequest.feedback.map((entry) => entry.rating)).toEqual([2]);
    const next = await feedback.listFeedback({ request_id: id, max_results: 1, page_token: byRequest.next_page_token! });
    expect(next.feedback.map((entry) => entry.rating)).toEqual([1]);
    expect((await feedback.listFeedback({ request_id: id, endpoints: [{ name: 'other', id: 'id-other' }] })).feedback).toEqual([]);
  });

  describe('export', () => {
    const lines = async (kind: 'fine_tuning' | 'preferences', from?: number) => {
      const run = feedback.exportExamples({ endpoint_name: 'exp', endpoint_id: 'id-exp', kind, ...(from !== undefined ? { from } : {}) });
      const out: string[] = [];
      for await (const line of run.lines) out.push(line);
      expect(out.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
      return { rows: out.map((line) => JSON.parse(line) as Record<string, unknown>), counts: run.counts() };
    };
    const expCall = (prompt: string, answer: string, overrides: Parameters<typeof captureRecord>[0] = {}) =>
      call({
        endpoint_name: 'exp',
        endpoint_id: 'id-exp',
        request: { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: prompt }] },
        response: { choices: [{ index: 0, message: { role: 'assistant', content: answer } }] },
        ...overrides,
      });
    const decideAs = async (requestId: string, decision: 'approve' | 'reject' | 'correct', correction?: string) => {
      await feedback.flagForReview({ request_id: requestId, endpoint_name: 'exp', endpoint_id: 'id-exp', source: 'sample', detail: {} });
      const row = await storage.db.selectFrom('review_items').select('id').where('request_id', '=', requestId).executeTakeFirstOrThrow();
      return feedback.decide(admin, row.id, { decision, ...(correction ? { correction } : {}) });
    };
    let since = 0;

    beforeAll(async () => {
      clock += 10_000;
      since = clock;
      const corrected = expCall('Capital of France?', 'Lyon.');
      const fedBack = expCall('2 + 2?', '5');
      const both = expCall('Largest planet?', 'Saturn.');
      const truncated = expCall('Long one', 'whatever', { logging_error_codes: ['REQUEST_PAYLOAD_TOO_LARGE'] });
      const failed = expCall('Blocked?', 'x', { status_code: 400, response: { error: { message: 'blocked' } } });
      const good = expCall('Say hi', 'Hi there!');
      const bad = expCall('Say hi', 'Go away.');
      await capture.flush();
      await decideAs(corrected, 'correct', 'Paris is wrong? No: Paris.');
      clock += 1;
      await decideAs(corrected, 'correct', 'Paris.');
      await feedback.submitFeedback(admin, { request_id: fedBack, correction: '4' });
      await feedback.submitFeedback(admin, { request_id: both, correction: 'Jupiter (feedback).' });
      await decideAs(both, 'correct', 'Jupiter.');
      await decideAs(truncated, 'correct', 'short');
      // Feedback pages by (created_at, id): a later time fixes the order of the two feedback corrections.
      clock += 1;
      await feedback.submitFeedback(admin, { request_id: failed, correction: 'Not blocked.' });
      await decideAs(good, 'approve');
      await decideAs(bad, 'reject');
      // An earlier endpoint named "exp" (another id): never exported.
      const ghost = expCall('Ghost?', 'Boo', { endpoint_id: 'id-old-exp' });
      await capture.flush();
      await feedback.flagForReview({ request_id: ghost, endpoint_name: 'exp', endpoint_id: 'id-old-exp', source: 'sample', detail: {} });
      const ghostItem = await storage.db.selectFrom('review_items').select('id').where('request_id', '=', ghost).executeTakeFirstOrThrow();
      await feedback.decide(admin, ghostItem.id, { decision: 'correct', correction: 'Ghost correction.' });
    });

    it('fine_tuning: OpenAI chat format from the latest reviewer correction, else the latest feedback correction', async () => {
      const { rows, counts } = await lines('fine_tuning', since);
      const answers = rows.map((row) => (row.messages as Array<{ role: string; content: string }>).at(-1));
      expect(answers).toEqual([
        { role: 'assistant', content: 'Paris.' },
        { role: 'assistant', content: 'Jupiter.' },
        { role: 'assistant', content: '4' },
        { role: 'assistant', content: 'Not blocked.' },
      ]);
      expect(rows[0]).toEqual({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Capital of France?' },
          { role: 'assistant', content: 'Paris.' },
        ],
      });
      expect(counts).toEqual({ examples: 4, skipped_truncated: 1, skipped_no_prompt: 0, skipped_no_response: 0 });
    });

    it('preferences: OpenAI DPO format, corrections against the original answer and approved against rejected', async () => {
      const { rows, counts } = await lines('preferences', since);
      const pairs = rows.map((row) => [
        ((row.input as { messages: Array<{ content: string }> }).messages.at(-1)!).content,
        (row.preferred_output as Array<{ content: string }>)[0]!.content,
        (row.non_preferred_output as Array<{ content: string }>)[0]!.content,
      ]);
      expect(pairs).toEqual([
        ['Capital of France?', 'Paris.', 'Lyon.'],
        ['Largest planet?', 'Jupiter.', 'Saturn.'],
        ['2 + 2?', '4', '5'],
        ['Say hi', 'Hi there!', 'Go away.'],
      ]);
      expect(rows[0]).toMatchObject({ preferred_output: [{ role: 'assistant' }], non_preferred_output: [{ role: 'assistant' }] });
      // The failed call has no answer to reject; the truncated one is skipped and counted.
      expect(counts).toEqual({ examples: 4, skipped_truncated: 1, skipped_no_prompt: 0, skipped_no_response: 1 });
    });

    it('respects the time range', async () => {
      expect((await lines('fine_tuning', clock + 1)).rows).toEqual([]);
    });
  });
});
