import { expect } from 'vitest';
import type { TestServer } from '../../../test-support/test-server.js';

/** JSON body of a response, asserting its status first (the body is in the failure message). */
export async function expectJson<T = Record<string, unknown>>(response: Response | Promise<Response>, status = 200): Promise<T> {
  const resolved = await response;
  const text = await resolved.text();
  expect({ status: resolved.status, body: text }).toMatchObject({ status });
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Creates a user (or service principal) through SCIM and a token for it through on-behalf-of. */
export async function principalWithToken(
  server: TestServer,
  name: string,
  kind: 'user' | 'service_principal' = 'user',
): Promise<{ id: string; name: string; token: string; tokenId: string }> {
  const created =
    kind === 'user'
      ? await expectJson<{ id: string }>(server.request('/api/2.0/preview/scim/v2/Users', { method: 'POST', json: { userName: name } }), 201)
      : await expectJson<{ id: string }>(
          server.request('/api/2.0/preview/scim/v2/ServicePrincipals', { method: 'POST', json: { applicationId: name, displayName: name } }),
          201,
        );
  const token = await expectJson<{ token_value: string; token_info: { token_id: string } }>(
    server.request('/api/2.0/token-management/on-behalf-of/tokens', { method: 'POST', json: { application_id: name } }),
  );
  return { id: created.id, name, token: token.token_value, tokenId: token.token_info.token_id };
}

/** SEC API3: no response may carry something that looks like a stored token hash. */
export function expectNoTokenHash(body: unknown): void {
  expect(JSON.stringify(body)).not.toMatch(/\b[0-9a-f]{64}\b/);
}
