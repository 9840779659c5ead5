import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, principalWithToken } from '../src/http/databricks/test-support/auth-fixtures.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../src/storage/test-support/test-databases.js';
import { startTestServer, type TestServer } from '../src/test-support/test-server.js';

/** The bound issue 2 promises: a revoked token stops working on every instance within a second. */
const PROPAGATION_BOUND_MS = 1000;
const ME = '/api/2.0/preview/scim/v2/Me';

/** Polls `probe` every 10 ms until it returns true or `limitMs` passes; returns the milliseconds it took. */
async function msUntil(probe: () => Promise<boolean>, limitMs: number): Promise<number> {
  const started = performance.now();
  while (!(await probe())) {
    if (performance.now() - started > limitMs) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now() - started;
}

const statusOf = async (server: TestServer, token: string) => {
  const response = await server.request(ME, { token });
  await response.arrayBuffer();
  return response.status;
};

/** Two Cairn instances on one database, as behind a load balancer (SEC API2). */
describe.each(testDialects)('revocation across instances on %s', (dialect) => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    a = await startTestServer({ database });
    b = await startTestServer({ database });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.cleanup();
  });

  /** A fresh user whose token both instances already accept. */
  async function userKnownToBoth(name: string) {
    const user = await principalWithToken(a, name);
    expect(await msUntil(async () => (await statusOf(b, user.token)) === 200, 5000)).toBeLessThan(5000);
    return user;
  }

  /** Runs `revoke` on A and asserts A rejects at once and B within the bound, with the ordinary 401 body. */
  async function expectRejectedEverywhere(token: string, revoke: () => Promise<unknown>): Promise<void> {
    await revoke();
    const started = performance.now();
    expect(await statusOf(a, token)).toBe(401);
    await msUntil(async () => (await statusOf(b, token)) === 401, PROPAGATION_BOUND_MS * 2);
    expect(performance.now() - started).toBeLessThan(PROPAGATION_BOUND_MS);
    const body = await (await b.request(ME, { token })).text();
    expect(body).toBe(await (await b.request(ME, { token: 'cairn_never-issued' })).text());
  }

  it('SEC API2: a token revoked by an admin through instance A is rejected by instance B within 1 s', async () => {
    const user = await userKnownToBoth('revoked-by-admin');
    await expectRejectedEverywhere(user.token, () =>
      expectJson(a.request(`/api/2.0/token-management/tokens/${user.tokenId}`, { method: 'DELETE' })),
    );
  });

  it('SEC API2: a token its owner revokes through A (token/delete) is rejected by B within 1 s', async () => {
    const user = await userKnownToBoth('revokes-own');
    await expectRejectedEverywhere(user.token, () =>
      expectJson(a.request('/api/2.0/token/delete', { method: 'POST', token: user.token, json: { token_id: user.tokenId } })),
    );
  });

  it('SEC API2: deactivating or deleting a principal through A stops its tokens on B within 1 s', async () => {
    const deactivated = await userKnownToBoth('deactivated');
    await expectRejectedEverywhere(deactivated.token, () =>
      expectJson(a.request(`/api/2.0/preview/scim/v2/Users/${deactivated.id}`, { method: 'PATCH', json: { Operations: [{ op: 'replace', path: 'active', value: false }] } })),
    );
    const deleted = await userKnownToBoth('deleted');
    await expectRejectedEverywhere(deleted.token, () => expectJson(a.request(`/api/2.0/preview/scim/v2/Users/${deleted.id}`, { method: 'DELETE' })));
  });
});
