import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { principalWithToken } from '../../src/http/databricks/test-support/auth-fixtures.js';
import { startFakeOpenAiUpstream, type FakeOpenAiUpstream } from '../../src/providers/test-support/fake-openai-upstream.js';
import { startLoggedServer, type LoggedServer } from './logged-server.js';

/** Principals of the matrix. `admin` is the bootstrap admin; the others are plain users. */
export type PrincipalCaller = 'outsider' | 'viewer' | 'querier' | 'manager' | 'admin';
/** Every way a request can arrive: a principal's token, or one of the ways of having no valid token. */
export type Caller = PrincipalCaller | 'none' | 'bad' | 'revoked' | 'expired' | 'malformed' | 'oversized';

export const principalCallers: readonly PrincipalCaller[] = ['outsider', 'viewer', 'querier', 'manager', 'admin'];
/** No token, an unknown well-formed token: sent to every route. */
export const anonymousCallers: readonly Caller[] = ['none', 'bad'];
/** The other invalid-token variants, sent to a few routes (SEC API2). */
export const invalidTokenVariants: readonly Caller[] = ['revoked', 'expired', 'malformed', 'oversized'];

export const DEMO_SOURCE = 'builtin://demo';
const SCRATCH_ENDPOINT_CONFIG = { served_entities: [{ name: 'main', entity_name: 'demo', entity_version: '1' }] };

export interface SentResponse {
  status: number;
  text: string;
  json: unknown;
}

export interface User {
  id: string;
  name: string;
  token: string;
  tokenId: string;
}

/**
 * The shared fixture of the authorization matrix: endpoint `ep-a` (demo model), registered model `model-a`
 * (version 1, alias `champion`), an external-model endpoint `ep-ext` whose provider key was given in plaintext,
 * a stored secret, and principals with known grants:
 *
 * | principal | ep-a       | model-a    | ep-ext     |
 * |-----------|------------|------------|------------|
 * | viewer    | CAN_VIEW   | CAN_READ   | —          |
 * | querier   | CAN_QUERY  | —          | CAN_QUERY  |
 * | manager   | CAN_MANAGE | CAN_MANAGE | CAN_MANAGE |
 * | outsider  | —          | —          | —          |
 * | admin     | (admin)    | (admin)    | (admin)    |
 */
export interface AuthWorld {
  server: LoggedServer;
  upstream: FakeOpenAiUpstream;
  users: Record<Exclude<PrincipalCaller, 'admin'>, User>;
  endpointA: { name: 'ep-a'; id: string };
  endpointExt: { name: 'ep-ext'; id: string };
  modelA: { name: 'model-a'; id: string };
  robot: { id: string; name: string };
  team: { id: string; name: string };
  secretScope: string;
  /** A value stored through the secrets API; must never come back. */
  secretValue: string;
  /** The plaintext provider key given when creating `ep-ext`; must never come back. */
  providerKey: string;
  /** x-request-id of an ep-a call (its inference-log row exists). */
  requestIdA: string;
  requestIdExt: string;
  /** Every token value issued during the test (their hashes must never come back). */
  issuedTokens: Set<string>;
  /** Every response body and header block, for the leak scan (SEC API3). */
  transcript: string[];
  tokenOf(caller: Caller): string | null;
  send(caller: Caller, method: string, path: string, json?: unknown): Promise<SentResponse>;
  /** As admin, expecting `status`; returns the JSON body. */
  admin<T = Record<string, unknown>>(method: string, path: string, json?: unknown, status?: number): Promise<T>;
  /** Throwaway objects for destructive routes, with the same grants as their fixture counterparts. */
  scratchEndpoint(): Promise<string>;
  scratchModel(): Promise<string>;
  scratchModelVersion(): Promise<string>;
  /** A fresh token of `owner`, created by `owner` itself. */
  scratchToken(owner: PrincipalCaller): Promise<string>;
  scratchPrincipal(resource: 'Users' | 'ServicePrincipals' | 'Groups'): Promise<string>;
  scratchScope(): Promise<string>;
  scratchSecret(): Promise<string>;
  close(): Promise<void>;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

function collectTokenValues(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) collectTokenValues(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'token_value' && typeof item === 'string') into.add(item);
      else collectTokenValues(item, into);
    }
  }
}

export async function createAuthWorld(): Promise<AuthWorld> {
  const [server, upstream] = await Promise.all([startLoggedServer(), startFakeOpenAiUpstream()]);
  const issuedTokens = new Set<string>([server.adminToken]);
  const transcript: string[] = [];
  const badToken = `cairn_${randomBytes(32).toString('base64url')}`;
  const secretValue = `mx-secret-${randomBytes(12).toString('hex')}`;
  const providerKey = `sk-mxprovider${randomBytes(16).toString('hex')}`;
  let scratchCount = 0;
  const special: Partial<Record<Caller, string>> = { bad: badToken, oversized: `cairn_${'x'.repeat(2000)}` };
  const users = {} as AuthWorld['users'];

  const tokenOf = (caller: Caller): string | null => {
    if (caller === 'none' || caller === 'malformed') return null;
    if (caller === 'admin') return server.adminToken;
    if (caller in users) return users[caller as keyof typeof users].token;
    const token = special[caller];
    if (!token) throw new Error(`no token for ${caller}`);
    return token;
  };

  const send = async (caller: Caller, method: string, path: string, json?: unknown): Promise<SentResponse> => {
    const response = await server.request(path, {
      method,
      token: tokenOf(caller),
      json,
      headers: caller === 'malformed' ? { authorization: 'Basic bXg6bm90LWEtdG9rZW4=' } : {},
    });
    const text = await response.text();
    transcript.push(`${method} ${path} ${caller} -> ${response.status}\n${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n${text}`);
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    collectTokenValues(parsed, issuedTokens);
    return { status: response.status, text, json: parsed };
  };

  const admin = async <T = Record<string, unknown>>(method: string, path: string, json?: unknown, status = 200): Promise<T> => {
    const response = await send('admin', method, path, json);
    expect({ status: response.status, body: response.text }, `${method} ${path}`).toMatchObject({ status });
    return response.json as T;
  };

  // Expired first: it must outlive its one second while the rest is set up.
  const outsider = await principalWithToken(server, 'outsider');
  const expired = await admin<{ token_value: string; token_info: { expiry_time: number } }>(
    'POST', '/api/2.0/token-management/on-behalf-of/tokens', { application_id: 'outsider', comment: 'expires at once', lifetime_seconds: 1 },
  );
  special.expired = expired.token_value;
  const revoked = await admin<{ token_value: string; token_info: { token_id: string } }>(
    'POST', '/api/2.0/token-management/on-behalf-of/tokens', { application_id: 'outsider', comment: 'revoked' },
  );
  await admin('DELETE', `/api/2.0/token-management/tokens/${revoked.token_info.token_id}`);
  special.revoked = revoked.token_value;

  users.outsider = outsider;
  users.viewer = await principalWithToken(server, 'viewer');
  users.querier = await principalWithToken(server, 'querier');
  users.manager = await principalWithToken(server, 'manager');
  for (const user of Object.values(users)) issuedTokens.add(user.token);

  const modelA = await admin<{ registered_model: { id: string } }>('POST', '/api/2.0/mlflow/registered-models/create', { name: 'model-a' });
  await admin('POST', '/api/2.0/mlflow/model-versions/create', { name: 'model-a', source: DEMO_SOURCE });
  await admin('POST', '/api/2.0/mlflow/registered-models/alias', { name: 'model-a', alias: 'champion', version: '1' });
  const endpointA = await admin<{ id: string }>('POST', '/api/2.0/serving-endpoints', { name: 'ep-a', config: SCRATCH_ENDPOINT_CONFIG });
  const endpointExt = await admin<{ id: string }>('POST', '/api/2.0/serving-endpoints', {
    name: 'ep-ext',
    config: {
      served_entities: [
        {
          name: 'ext',
          external_model: {
            name: 'gpt-fake',
            provider: 'openai',
            task: 'llm/v1/chat',
            openai_config: { openai_api_base: upstream.url, openai_api_key_plaintext: providerKey },
          },
        },
      ],
    },
  });
  const grant = (objectType: string, id: string, entries: Array<[string, string]>) =>
    admin('PATCH', `/api/2.0/permissions/${objectType}/${id}`, aclBody(entries));
  await grant('serving-endpoints', endpointA.id, endpointAcl);
  await grant('registered-models', modelA.registered_model.id, modelAcl);
  await grant('serving-endpoints', endpointExt.id, [['querier', 'CAN_QUERY'], ['manager', 'CAN_MANAGE']]);

  const robot = await admin<{ id: string }>('POST', '/api/2.0/preview/scim/v2/ServicePrincipals', { applicationId: 'mx-robot' }, 201);
  const team = await admin<{ id: string }>('POST', '/api/2.0/preview/scim/v2/Groups', { displayName: 'mx-team' }, 201);
  await admin('POST', '/api/2.0/secrets/scopes/create', { scope: 'mx-scope' });
  await admin('POST', '/api/2.0/secrets/put', { scope: 'mx-scope', key: 'provider', string_value: secretValue });

  const chat = async (endpoint: string): Promise<string> => {
    const response = await server.request(`/serving-endpoints/${endpoint}/invocations`, {
      method: 'POST',
      json: { messages: [{ role: 'user', content: 'hello there' }], max_tokens: 4 },
    });
    expect(response.status, await response.clone().text()).toBe(200);
    await response.arrayBuffer();
    return response.headers.get('x-request-id') ?? '';
  };
  const requestIdA = await chat('ep-a');
  const requestIdExt = await chat('ep-ext');
  await server.app.services.capture.flush();
  // The provider key really was stored and used: the fake upstream received it.
  expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${providerKey}`);

  const waitMs = expired.token_info.expiry_time - Date.now() + 20;
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));

  const world: AuthWorld = {
    server,
    upstream,
    users,
    endpointA: { name: 'ep-a', id: endpointA.id },
    endpointExt: { name: 'ep-ext', id: endpointExt.id },
    modelA: { name: 'model-a', id: modelA.registered_model.id },
    robot: { id: robot.id, name: 'mx-robot' },
    team: { id: team.id, name: 'mx-team' },
    secretScope: 'mx-scope',
    secretValue,
    providerKey,
    requestIdA,
    requestIdExt,
    issuedTokens,
    transcript,
    tokenOf,
    send,
    admin,
    async scratchEndpoint() {
      const name = `scratch-ep-${++scratchCount}`;
      const created = await admin<{ id: string }>('POST', '/api/2.0/serving-endpoints', { name, config: SCRATCH_ENDPOINT_CONFIG });
      await grant('serving-endpoints', created.id, endpointAcl);
      return name;
    },
    async scratchModel() {
      const name = `scratch-model-${++scratchCount}`;
      const created = await admin<{ registered_model: { id: string } }>('POST', '/api/2.0/mlflow/registered-models/create', { name });
      await grant('registered-models', created.registered_model.id, modelAcl);
      return name;
    },
    async scratchModelVersion() {
      const created = await admin<{ model_version: { version: string } }>('POST', '/api/2.0/mlflow/model-versions/create', {
        name: 'model-a',
        source: DEMO_SOURCE,
      });
      return created.model_version.version;
    },
    async scratchToken(owner) {
      const response = await send(owner, 'POST', '/api/2.0/token/create', { comment: 'scratch', lifetime_seconds: 600 });
      expect(response.status).toBe(200);
      return (response.json as { token_info: { token_id: string } }).token_info.token_id;
    },
    async scratchPrincipal(resource) {
      const name = `scratch-principal-${++scratchCount}`;
      const body = resource === 'Users' ? { userName: name } : resource === 'Groups' ? { displayName: name } : { applicationId: name };
      return (await admin<{ id: string }>('POST', `/api/2.0/preview/scim/v2/${resource}`, body, 201)).id;
    },
    async scratchScope() {
      const scope = `scratch-scope-${++scratchCount}`;
      await admin('POST', '/api/2.0/secrets/scopes/create', { scope });
      return scope;
    },
    async scratchSecret() {
      const key = `scratch-secret-${++scratchCount}`;
      await admin('POST', '/api/2.0/secrets/put', { scope: 'mx-scope', key, string_value: secretValue });
      return key;
    },
    async close() {
      await Promise.all([server.close(), upstream.close()]);
    },
  };
  return world;
}

/** The fixture grants on ep-a and model-a, in the shape PUT/PATCH permissions take. */
export const endpointAcl: Array<[string, string]> = [
  ['viewer', 'CAN_VIEW'],
  ['querier', 'CAN_QUERY'],
  ['manager', 'CAN_MANAGE'],
];
export const modelAcl: Array<[string, string]> = [
  ['viewer', 'CAN_READ'],
  ['manager', 'CAN_MANAGE'],
];

export function aclBody(entries: Array<[string, string]>): { access_control_list: Array<{ user_name: string; permission_level: string }> } {
  return { access_control_list: entries.map(([user_name, permission_level]) => ({ user_name, permission_level })) };
}
