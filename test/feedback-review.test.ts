import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/test-support/run-cli.js';
import { principalWithToken } from '../src/http/databricks/test-support/auth-fixtures.js';
import type { FakeOpenAiUpstream } from '../src/providers/test-support/fake-openai-upstream.js';
import { expectStatus, fakeUpstreams, type GatewayHarness, startGatewayHarness } from './support/gateway-harness.js';

/**
 * Feedback and the review queue over the real server: feedback rules (who may, 404 without an oracle, bad input),
 * guardrail intake, the claim race, decision history, the JSONL exports and the CLI.
 */

const CODENAME = 'Zanzibarium';
const REPLY = `Sure. The internal codename is ${CODENAME}, and that is all.`;

type User = { id: string; name: string; token: string };

describe('feedback and review over HTTP', () => {
  let harness: GatewayHarness;
  let upstream: FakeOpenAiUpstream;
  let directory: string;
  let fbId: string;
  const users = {} as Record<'querier' | 'viewer' | 'requester' | 'managerA' | 'managerB' | 'outsider', User>;

  const request = (path: string, init: { method?: string; json?: unknown; token?: string } = {}) => harness.server.request(path, init);
  /** A chat call on `endpoint`; returns its request id. */
  const chat = async (endpoint: string, token?: string, content = 'What is the codename?') => {
    const response = await harness.chat({ model: endpoint, messages: [{ role: 'user', content }] }, token);
    await expectStatus(response, 200);
    return response.headers.get('x-request-id')!;
  };
  const sendFeedback = (body: Record<string, unknown>, token?: string) => request('/api/2.0/cairn/feedback', { method: 'POST', json: body, token });
  const settle = async () => {
    await harness.server.app.services.capture.flush();
    await harness.server.app.services.feedback.flush();
  };

  beforeAll(async () => {
    [upstream] = await fakeUpstreams({ reply: REPLY });
    // Capture flushes only when asked: rows stay queued, as they are for a moment after every real call.
    harness = await startGatewayHarness({ config: { capture: { flush_interval_ms: 600_000 } } });
    fbId = await harness.externalEndpoint('fb', [{ name: 'ext', upstream }]);
    await harness.externalEndpoint('fb-other', [{ name: 'ext', upstream }]);
    await harness.putGateway('fb', { guardrails: { output: { custom: [{ type: 'regex', name: 'codename', pattern: CODENAME, behavior: 'FLAG' }] } } });
    users.querier = await harness.user('fb-querier', fbId, 'CAN_QUERY');
    users.viewer = await harness.user('fb-viewer', fbId, 'CAN_VIEW');
    users.requester = await harness.user('fb-requester', fbId, 'CAN_QUERY');
    users.managerA = await harness.user('fb-manager-a', fbId, 'CAN_MANAGE');
    users.managerB = await harness.user('fb-manager-b', fbId, 'CAN_MANAGE');
    users.outsider = await harness.user('fb-outsider', (await harness.demoEndpoint('fb-unrelated')), 'CAN_QUERY');
    directory = mkdtempSync(path.join(tmpdir(), 'cairn-review-'));
  });
  afterAll(async () => {
    await harness?.close();
    await upstream?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('feedback right after the call succeeds although its row is still in the capture queue', async () => {
    const id = await chat('fb', users.querier.token);
    expect(harness.server.app.services.capture.stats().queued).toBeGreaterThan(0);
    const body = await expectStatus(await sendFeedback({ request_id: id, thumbs: 'up', rating: 5, labels: ['fast'] }, users.querier.token), 200);
    expect(body.feedback).toMatchObject({ request_id: id, endpoint_name: 'fb', thumbs: 'up', rating: 5, labels: ['fast'] });
  });

  it('400 for empty or invalid feedback, naming the fields; 404 for an unknown id', async () => {
    const id = await chat('fb');
    const empty = await expectStatus(await sendFeedback({ request_id: id }), 400);
    expect(empty).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
    expect(String(empty.message)).toContain('thumbs, rating, correction, comment');
    for (const rating of [0, 6, 2.5, '3']) {
      expect(await expectStatus(await sendFeedback({ request_id: id, rating }), 400)).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE', param: 'rating' });
    }
    await expectStatus(await sendFeedback({ request_id: id, thumbs: 'sideways' }), 400);
    await expectStatus(await sendFeedback({ request_id: id, comment: 'x'.repeat(4097) }), 400);
    const unknown = await expectStatus(await sendFeedback({ request_id: 'no-such-request', thumbs: 'down' }), 404);
    expect(unknown).toEqual({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Request no-such-request does not exist.' });
  });

  it("BOLA: a call on an endpoint the caller may not query reads as unknown, even to another endpoint's manager", async () => {
    const other = await chat('fb-other');
    for (const user of [users.querier, users.managerA, users.outsider]) {
      const body = await expectStatus(await sendFeedback({ request_id: other, thumbs: 'down' }, user.token), 404);
      expect(body).toEqual({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Request ${other} does not exist.` });
    }
    expect((await harness.server.app.services.feedback.listFeedback({ request_id: other })).feedback).toEqual([]);
  });

  it('the requester may give feedback even after dropping to CAN_VIEW; CAN_QUERY may; CAN_VIEW-only gets 404', async () => {
    const id = await chat('fb', users.requester.token);
    await expectStatus(
      await request(`/api/2.0/permissions/serving-endpoints/${fbId}`, { method: 'PATCH', json: { access_control_list: [{ user_name: users.requester.name, permission_level: 'CAN_VIEW' }] } }),
      200,
    );
    const shown = await expectStatus(await request('/api/2.0/serving-endpoints/fb', { token: users.requester.token }), 200);
    expect(shown.permission_level).toBe('CAN_VIEW');
    await expectStatus(await sendFeedback({ request_id: id, rating: 2 }, users.requester.token), 200);
    await expectStatus(await sendFeedback({ request_id: id, rating: 4 }, users.querier.token), 200);
    await expectStatus(await sendFeedback({ request_id: id, rating: 4 }, users.viewer.token), 404);
    // Reading feedback follows the inference log: managers; viewers and queriers may view the endpoint, so 403.
    const listed = await expectStatus(await request(`/api/2.0/cairn/feedback?request_id=${id}`, { token: users.managerA.token }), 200);
    expect((listed.feedback as Array<{ rating: number }>).map((entry) => entry.rating).sort()).toEqual([2, 4]);
    await expectStatus(await request('/api/2.0/cairn/feedback?endpoint_name=fb', { token: users.querier.token }), 403);
    await expectStatus(await request('/api/2.0/cairn/feedback?endpoint_name=fb', { token: users.outsider.token }), 404);
    // By request id, a caller who may not read it sees an empty list: no oracle either way.
    expect(await expectStatus(await request(`/api/2.0/cairn/feedback?request_id=${id}`, { token: users.querier.token }), 200)).toEqual({ feedback: [] });
  });

  it('a guardrail-flagged call lands in the review queue, naming the guardrail, with its masked summary', async () => {
    const response = await harness.chat({ model: 'fb', messages: [{ role: 'user', content: 'Codename please, mail me at jane.doe@example.org' }] });
    await expectStatus(response, 200);
    expect(response.headers.get('x-cairn-guardrail')).toBe('codename=flagged');
    const id = response.headers.get('x-request-id')!;
    await settle();
    const body = await expectStatus(await request('/api/2.0/cairn/review/items?endpoint_name=fb&source=guardrail&status=open', { token: users.managerA.token }), 200);
    const item = (body.items as Array<Record<string, unknown>>).find((entry) => entry.request_id === id);
    expect(item).toMatchObject({ endpoint_name: 'fb', status: 'open', reasons: [{ source: 'guardrail', detail: { guardrails: ['codename'] } }] });
    const call = item!.call as { prompt: string; response: string };
    expect(call.response).toContain(CODENAME);
    expect(call.prompt).not.toContain('jane.doe@example.org');
    expect(call.prompt).toContain('[EMAIL');
    await expectStatus(await request('/api/2.0/cairn/review/items?endpoint_name=fb', { token: users.querier.token }), 403);
    await expectStatus(await request(`/api/2.0/cairn/review/items/${String(item!.id)}`, { token: users.querier.token }), 404);
    await expectStatus(await request(`/api/2.0/cairn/review/items/${String(item!.id)}/claim`, { method: 'POST', token: users.outsider.token }), 404);
  });

  it('claim race: two reviewers claim at once, exactly one wins; decisions are kept in order with who and when', async () => {
    const id = await chat('fb', undefined, 'Tell me the capital of France.');
    await settle();
    const row = await harness.server.app.services.storage.db.selectFrom('review_items').select('id').where('request_id', '=', id).executeTakeFirstOrThrow();
    const claimPath = `/api/2.0/cairn/review/items/${row.id}/claim`;
    const responses = await Promise.all([users.managerA, users.managerB].map((user) => request(claimPath, { method: 'POST', token: user.token })));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const winnerIndex = responses.findIndex((response) => response.status === 200);
    const [winner, loser] = winnerIndex === 0 ? [users.managerA, users.managerB] : [users.managerB, users.managerA];
    expect(await responses[1 - winnerIndex]!.json()).toMatchObject({ error_code: 'RESOURCE_CONFLICT' });
    expect(await responses[winnerIndex]!.json()).toMatchObject({ item: { status: 'claimed', claimed_by: winner.name, claimed_by_id: winner.id } });

    const decide = (user: User, json: unknown) => request(`/api/2.0/cairn/review/items/${row.id}/decide`, { method: 'POST', json, token: user.token });
    await expectStatus(await decide(loser, { decision: 'approve' }), 409);
    await expectStatus(await decide(winner, { decision: 'correct' }), 400);
    await expectStatus(await decide(winner, { decision: 'correct', correction: 'Paris.', labels: ['factual'] }), 200);
    await expectStatus(await decide(winner, { decision: 'label', labels: ['factual', 'short'], comment: 'second pass' }), 200);
    await sendFeedback({ request_id: id, thumbs: 'down', correction: 'Paris, France.' });

    const detail = await expectStatus(await request(`/api/2.0/cairn/review/items/${row.id}`, { token: loser.token }), 200);
    expect(detail.item).toMatchObject({ status: 'decided', claimed_by: winner.name, claimed_by_id: winner.id });
    const decisions = detail.decisions as Array<Record<string, unknown>>;
    expect(decisions.map((decision) => [decision.decision, decision.decided_by, decision.decided_by_id, decision.labels])).toEqual([
      ['correct', winner.name, winner.id, ['factual']],
      ['label', winner.name, winner.id, ['factual', 'short']],
    ]);
    expect(Number(decisions[1]!.decided_at)).toBeGreaterThanOrEqual(Number(decisions[0]!.decided_at));
    expect((detail.feedback as Array<Record<string, unknown>>).map((entry) => entry.correction)).toEqual(['Paris, France.']);
    expect(detail.call).toMatchObject({ request_id: id, endpoint_name: 'fb' });
    // The negative feedback added its reason to the same item.
    expect((detail.item as { reasons: Array<{ source: string }> }).reasons.map((reason) => reason.source)).toEqual(['guardrail', 'feedback']);
  });

  it('a service principal with the same name as the user holding a claim cannot decide or release it (409)', async () => {
    // The user first: with both present, on-behalf-of tokens go to the service principal.
    const user = await harness.user('fb-twin', fbId, 'CAN_MANAGE');
    const robot = await principalWithToken(harness.server, 'fb-twin', 'service_principal');
    expect(robot.id).not.toBe(user.id);
    await expectStatus(
      await request(`/api/2.0/permissions/serving-endpoints/${fbId}`, { method: 'PATCH', json: { access_control_list: [{ service_principal_name: 'fb-twin', permission_level: 'CAN_MANAGE' }] } }),
      200,
    );
    const id = await chat('fb', undefined, 'Twins?');
    await settle();
    const row = await harness.server.app.services.storage.db.selectFrom('review_items').select('id').where('request_id', '=', id).executeTakeFirstOrThrow();
    const act = (who: { token: string }, verb: string, json?: unknown) =>
      request(`/api/2.0/cairn/review/items/${row.id}/${verb}`, { method: 'POST', token: who.token, ...(json !== undefined ? { json } : {}) });
    const claimed = await expectStatus(await act(user, 'claim'), 200);
    expect(claimed.item).toMatchObject({ status: 'claimed', claimed_by: 'fb-twin', claimed_by_id: user.id });
    expect(await expectStatus(await act(robot, 'decide', { decision: 'approve' }), 409)).toMatchObject({ error_code: 'RESOURCE_CONFLICT' });
    expect(await expectStatus(await act(robot, 'release'), 409)).toMatchObject({ error_code: 'RESOURCE_CONFLICT' });
    await expectStatus(await act(robot, 'claim'), 409);
    const decided = await expectStatus(await act(user, 'decide', { decision: 'approve' }), 200);
    expect(decided.decision).toMatchObject({ decided_by: 'fb-twin', decided_by_id: user.id });
  });

  it('exports both formats as JSON Lines, each line valid; the CLI writes a file', async () => {
    // An approved and a rejected answer to the same prompt make a preference pair too.
    const approved = await chat('fb', undefined, 'Say hello.');
    const rejected = await chat('fb', undefined, 'Say hello.');
    await settle();
    for (const [requestId, decision] of [[approved, 'approve'], [rejected, 'reject']] as const) {
      const row = await harness.server.app.services.storage.db.selectFrom('review_items').select('id').where('request_id', '=', requestId).executeTakeFirstOrThrow();
      await expectStatus(await request(`/api/2.0/cairn/review/items/${row.id}/decide`, { method: 'POST', json: { decision } }), 200);
    }

    const fineTuning = await request('/api/2.0/cairn/review/export?endpoint_name=fb&kind=fine_tuning', { token: users.managerA.token });
    expect(fineTuning.status).toBe(200);
    expect(fineTuning.headers.get('content-type')).toContain('application/x-ndjson');
    const tuningLines = (await fineTuning.text()).split('\n').filter((line) => line !== '');
    expect(tuningLines.length).toBeGreaterThan(0);
    for (const line of tuningLines) {
      const example = JSON.parse(line) as { messages: Array<{ role: string; content: string }> };
      expect(example.messages.length).toBeGreaterThanOrEqual(2);
      expect(example.messages.at(-1)?.role).toBe('assistant');
    }
    expect(tuningLines.map((line) => (JSON.parse(line) as { messages: Array<{ content: string }> }).messages.at(-1)!.content)).toContain('Paris.');

    const preferences = await request('/api/2.0/cairn/review/export?endpoint_name=fb&kind=preferences');
    const preferenceLines = (await preferences.text()).split('\n').filter((line) => line !== '');
    const parsed = preferenceLines.map((line) => JSON.parse(line) as { input: { messages: unknown[] }; preferred_output: Array<{ role: string; content: string }>; non_preferred_output: Array<{ role: string; content: string }> });
    for (const example of parsed) {
      expect(example.input.messages.length).toBeGreaterThan(0);
      expect(example.preferred_output).toHaveLength(1);
      expect(example.non_preferred_output).toHaveLength(1);
      expect(example.preferred_output[0]!.role).toBe('assistant');
    }
    expect(parsed.map((example) => [example.preferred_output[0]!.content, example.non_preferred_output[0]!.content])).toContainEqual(['Paris.', REPLY]);
    // Approved and rejected answers are both the fake upstream's one reply: identical answers make no pair.
    expect(parsed).toHaveLength(1);

    const summary = await expectStatus(await request('/api/2.0/cairn/review/export?endpoint_name=fb&kind=preferences&summary=true'), 200);
    expect(summary).toMatchObject({ examples: 1 });
    await expectStatus(await request('/api/2.0/cairn/review/export?endpoint_name=fb&kind=fine_tuning', { token: users.querier.token }), 403);
    await expectStatus(await request('/api/2.0/cairn/review/export?endpoint_name=fb&kind=fine_tuning', { token: users.outsider.token }), 404);
    await expectStatus(await request('/api/2.0/cairn/review/export?endpoint_name=fb&kind=sft'), 400);

    const file = path.join(directory, 'tuning.jsonl');
    const env = { CAIRN_HOST: harness.server.url, CAIRN_TOKEN: harness.server.adminToken };
    const exported = await runCli(['review', 'export', '--endpoint', 'fb', '--kind', 'fine_tuning', '-o', file], env);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`Wrote ${tuningLines.length} fine_tuning example`);
    const written = readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
    expect(written).toEqual(tuningLines);

    const listed = await runCli(['review', 'list', '--endpoint', 'fb', '--status', 'decided', '--json'], env);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { items: Array<{ status: string }> }).items.every((item) => item.status === 'decided')).toBe(true);
    const given = await runCli(['feedback', approved, '--thumbs', 'down', '--comment', 'from the CLI', '--json'], env);
    expect(given.code).toBe(0);
    expect(JSON.parse(given.stdout)).toMatchObject({ feedback: { thumbs: 'down', comment: 'from the CLI' } });
    const misuse = await runCli(['review', 'decide', 'some-id', '--decision', 'correct'], env);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain('--correction');
  }, 60_000);
});
