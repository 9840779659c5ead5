import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { aclBody, type AuthWorld, type Caller, DEMO_SOURCE, endpointAcl, modelAcl, type PrincipalCaller } from './auth-world.js';

/** Expected status per principal; callers without a valid token always get 401 unless the route is public. */
export type Outcome = Readonly<Record<PrincipalCaller, number>>;

export interface MatrixRequest {
  path: string;
  json?: unknown;
}

export interface RouteCase {
  /** `public` routes answer 200 to everyone, with or without a token. */
  expect: Outcome | 'public';
  /**
   * A request that is valid for an allowed caller. `allowed` tells destructive routes to act on a throwaway
   * object; callers expected to fail target the real fixture, so a wrongly granted call would show.
   */
  request(world: AuthWorld, call: { caller: Caller; allowed: boolean }): MatrixRequest | Promise<MatrixRequest>;
  /** Extra assertions on a successful response (e.g. a list filtered to what the caller may see). */
  check?(body: unknown, caller: PrincipalCaller, world: AuthWorld): void;
}

// Outcomes, explicit per caller. Databricks' rule: 404 for an object the caller may not even view,
// 403 for a viewable object on which it lacks the level.
const ANY_USER: Outcome = { outsider: 200, viewer: 200, querier: 200, manager: 200, admin: 200 };
const ADMIN_ONLY: Outcome = { outsider: 403, viewer: 403, querier: 403, manager: 403, admin: 200 };
const ADMIN_CREATES: Outcome = { outsider: 403, viewer: 403, querier: 403, manager: 403, admin: 201 };
/** ep-a: viewer CAN_VIEW, querier CAN_QUERY, manager CAN_MANAGE, outsider nothing. */
const EP_VIEW: Outcome = { outsider: 404, viewer: 200, querier: 200, manager: 200, admin: 200 };
const EP_QUERY: Outcome = { outsider: 404, viewer: 403, querier: 200, manager: 200, admin: 200 };
const EP_MANAGE: Outcome = { outsider: 404, viewer: 403, querier: 403, manager: 200, admin: 200 };
/** model-a: viewer CAN_READ, manager CAN_MANAGE, querier and outsider nothing. */
const MODEL_READ: Outcome = { outsider: 404, viewer: 200, querier: 404, manager: 200, admin: 200 };
const MODEL_EDIT: Outcome = { outsider: 404, viewer: 403, querier: 404, manager: 200, admin: 200 };
const MODEL_MANAGE: Outcome = { outsider: 404, viewer: 403, querier: 404, manager: 200, admin: 200 };

const CHAT = { messages: [{ role: 'user', content: 'hello' }], max_tokens: 4 };
const MLFLOW = '/api/2.0/mlflow';
const SCIM = '/api/2.0/preview/scim/v2';
const NO_SUCH_TOKEN = '0'.repeat(32);

const seesEndpointA = (caller: PrincipalCaller) => caller !== 'outsider';
const queriesEndpointA = (caller: PrincipalCaller) => caller === 'querier' || caller === 'manager' || caller === 'admin';
const readsModelA = (caller: PrincipalCaller) => caller === 'viewer' || caller === 'manager' || caller === 'admin';

function names(list: unknown, field: string): string[] {
  return (list as Array<Record<string, unknown>>).map((item) => String(item[field]));
}

function openAiCases(prefix: string): Record<string, RouteCase> {
  return {
    [`POST ${prefix}/chat/completions`]: { expect: EP_QUERY, request: () => ({ path: `${prefix}/chat/completions`, json: { model: 'ep-a', ...CHAT } }) },
    [`POST ${prefix}/completions`]: { expect: EP_QUERY, request: () => ({ path: `${prefix}/completions`, json: { model: 'ep-a', prompt: 'hello', max_tokens: 4 } }) },
    [`POST ${prefix}/embeddings`]: { expect: EP_QUERY, request: () => ({ path: `${prefix}/embeddings`, json: { model: 'ep-a', input: 'hello' } }) },
    [`GET ${prefix}/models`]: {
      expect: ANY_USER,
      request: () => ({ path: `${prefix}/models` }),
      check: (body, caller) => expect(names((body as { data: unknown }).data, 'id').includes('ep-a')).toBe(queriesEndpointA(caller)),
    },
    // OpenAI's surface lists the models the caller may query; one it may only view does not exist for it.
    [`GET ${prefix}/models/:model`]: {
      expect: { outsider: 404, viewer: 404, querier: 200, manager: 200, admin: 200 },
      request: () => ({ path: `${prefix}/models/ep-a` }),
    },
  };
}

function scimCases(resource: 'Users' | 'ServicePrincipals' | 'Groups'): Record<string, RouteCase> {
  const base = `${SCIM}/${resource}`;
  const target = (world: AuthWorld) => (resource === 'Users' ? world.users.outsider.id : resource === 'Groups' ? world.team.id : world.robot.id);
  return {
    [`POST ${base}`]: {
      expect: ADMIN_CREATES,
      request: (_world, { caller }) => ({
        path: base,
        json: resource === 'Users' ? { userName: `mx-user-${caller}` } : resource === 'Groups' ? { displayName: `mx-group-${caller}` } : { applicationId: `mx-sp-${caller}` },
      }),
    },
    [`GET ${base}`]: { expect: ADMIN_ONLY, request: () => ({ path: `${base}?count=10` }) },
    [`GET ${base}/:id`]: { expect: ADMIN_ONLY, request: (world) => ({ path: `${base}/${target(world)}` }) },
    [`PATCH ${base}/:id`]: {
      expect: ADMIN_ONLY,
      request: (world, { caller }) => ({
        path: `${base}/${target(world)}`,
        json: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations:
            resource === 'Groups'
              ? [{ op: 'add', path: 'members', value: [{ value: world.users.outsider.id }] }]
              : [{ op: 'replace', path: 'displayName', value: `patched by ${caller}` }],
        },
      }),
    },
    [`DELETE ${base}/:id`]: { expect: ADMIN_ONLY, request: async (world) => ({ path: `${base}/${await world.scratchPrincipal(resource)}` }) },
  };
}

function permissionCases(objectType: 'serving-endpoints' | 'registered-models'): Record<string, RouteCase> {
  const base = `/api/2.0/permissions/${objectType}/:id`;
  const path = (world: AuthWorld) => `/api/2.0/permissions/${objectType}/${objectType === 'serving-endpoints' ? world.endpointA.id : world.modelA.id}`;
  // PUT and PATCH send the fixture's own grants, so a successful call leaves them as they were.
  const acl = aclBody(objectType === 'serving-endpoints' ? endpointAcl : modelAcl);
  const manage = objectType === 'serving-endpoints' ? EP_MANAGE : MODEL_MANAGE;
  return {
    [`GET ${base}`]: { expect: manage, request: (world) => ({ path: path(world) }) },
    [`PUT ${base}`]: { expect: manage, request: (world) => ({ path: path(world), json: acl }) },
    [`PATCH ${base}`]: { expect: manage, request: (world) => ({ path: path(world), json: acl }) },
    [`GET ${base}/permissionLevels`]: {
      expect: objectType === 'serving-endpoints' ? EP_VIEW : MODEL_READ,
      request: (world) => ({ path: `${path(world)}/permissionLevels` }),
    },
  };
}

/**
 * The authorization matrix: one entry per `METHOD path` Fastify registers. A route added without an entry
 * fails the inventory check in test/auth-matrix.test.ts. Entries run in this order.
 */
/** An alert rule on ep-a (seeded straight into storage) with a dead-lettered delivery; `fresh` gives a new one. */
const MATRIX_RULE_ID = 'mx-rule-ep-a';
const fixtureDeliveries = new WeakMap<AuthWorld, string>();
async function deadDeliveryOnEndpointA(world: AuthWorld, fresh: boolean): Promise<string> {
  const existing = fixtureDeliveries.get(world);
  if (existing && !fresh) return existing;
  const { db } = world.server.app.services.storage;
  const now = Date.now();
  await db
    .insertInto('alert_rules')
    .values({ id: MATRIX_RULE_ID, name: MATRIX_RULE_ID, endpoint_name: 'ep-a', config: '{}', enabled: 0, created_by: null, created_at: now, updated_at: now })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
  const id = `mx-delivery-${randomUUID()}`;
  await db
    .insertInto('alert_deliveries')
    .values({
      id, event_id: 1, rule_id: MATRIX_RULE_ID, kind: 'webhook', payload: '{}', status: 'dead', attempts: 6, next_attempt_at: now,
      channel: JSON.stringify({ kind: 'webhook', name: 'mx', settings: { url: 'http://127.0.0.1:9/' } }), last_error: 'HTTP 500', created_at: now, delivered_at: null,
    })
    .execute();
  if (!fresh) fixtureDeliveries.set(world, id);
  return id;
}

/** An alert rule on ep-a created through the API as admin; `fresh` gives a new one (for DELETE). */
const fixtureAlertRules = new WeakMap<AuthWorld, string>();
let matrixAlertRules = 0;
async function alertRuleOnEndpointA(world: AuthWorld, fresh: boolean): Promise<string> {
  const existing = fixtureAlertRules.get(world);
  if (existing && !fresh) return existing;
  const created = await world.admin<{ id: string }>('POST', '/api/2.0/cairn/alerts/rules', {
    name: fresh ? `mx-alert-rule-${++matrixAlertRules}` : 'mx-alert-rule',
    endpoint_name: 'ep-a',
    series: 'error_rate',
    window_seconds: 300,
    comparator: '>',
    threshold: 0.5,
  });
  if (!fresh) fixtureAlertRules.set(world, created.id);
  return created.id;
}

/**
 * A review item on ep-a, flagged through the service as a quality monitor would; `fresh` gives a new one (claims
 * and decisions change an item, so each allowed caller acts on its own).
 */
let matrixReviewItems = 0;
async function reviewItemOnEndpointA(world: AuthWorld, fresh: boolean): Promise<string> {
  const requestId = fresh ? `mx-review-${++matrixReviewItems}` : world.requestIdA;
  const { feedback, storage } = world.server.app.services;
  await feedback.flagForReview({ request_id: requestId, endpoint_name: 'ep-a', endpoint_id: world.endpointA.id, source: 'quality', detail: { monitor: 'route-matrix' } });
  const item = await storage.db.selectFrom('review_items').select('id').where('request_id', '=', requestId).executeTakeFirstOrThrow();
  return item.id;
}

/** A drift monitor on ep-a with an uploadable dataset reference (created through the service); `fresh` gives a new one. */
const fixtureMonitors = new WeakMap<AuthWorld, string>();
let matrixMonitors = 0;
async function monitorOnEndpointA(world: AuthWorld, fresh: boolean): Promise<string> {
  const existing = fixtureMonitors.get(world);
  if (existing && !fresh) return existing;
  const created = await world.server.app.services.monitors.create(
    { endpoint_name: 'ep-a', name: fresh ? `mx-monitor-${++matrixMonitors}` : 'mx-monitor', kind: 'drift', reference: { type: 'dataset' }, columns: ['prompt_chars'], current_window_seconds: 60 },
    { createdBy: null, endpointId: world.endpointA.id },
  );
  if (!fresh) fixtureMonitors.set(world, created.id);
  return created.id;
}

/** A DISABLED registry webhook (so the matrix's registry changes send nothing) created as admin; `fresh` gives a new one. */
const fixtureWebhooks = new WeakMap<AuthWorld, string>();
async function registryWebhook(world: AuthWorld, fresh: boolean): Promise<string> {
  const existing = fixtureWebhooks.get(world);
  if (existing && !fresh) return existing;
  const created = await world.admin<{ webhook: { webhook_id: string } }>('POST', `${MLFLOW}/webhooks`, {
    name: fresh ? 'mx-webhook-scratch' : 'mx-webhook',
    url: 'http://127.0.0.1:9/hook',
    events: [{ entity: 'MODEL_VERSION', action: 'CREATED' }],
    secret: 'mx-webhook-secret',
    status: 'DISABLED',
  });
  if (!fresh) fixtureWebhooks.set(world, created.webhook.webhook_id);
  return created.webhook.webhook_id;
}

export const routeMatrix: Record<string, RouteCase> = {
  'GET /health': { expect: 'public', request: () => ({ path: '/health' }) },
  'GET /health/ready': { expect: 'public', request: () => ({ path: '/health/ready' }) },
  'GET /openapi.json': { expect: ANY_USER, request: () => ({ path: '/openapi.json' }) },

  // Serving endpoints. Creating one that serves model-a needs CAN_READ on model-a, which querier lacks.
  'POST /api/2.0/serving-endpoints': {
    expect: { outsider: 404, viewer: 200, querier: 404, manager: 200, admin: 200 },
    request: (_world, { caller }) => ({
      path: '/api/2.0/serving-endpoints',
      json: { name: `mx-new-${caller}`, config: { served_entities: [{ name: 'main', entity_name: 'model-a', entity_version: '1' }] } },
    }),
  },
  'GET /api/2.0/serving-endpoints': {
    expect: ANY_USER,
    request: () => ({ path: '/api/2.0/serving-endpoints' }),
    check: (body, caller) => expect(names((body as { endpoints: unknown }).endpoints, 'name').includes('ep-a')).toBe(seesEndpointA(caller)),
  },
  'GET /api/2.0/serving-endpoints/:name': {
    expect: EP_VIEW,
    request: () => ({ path: '/api/2.0/serving-endpoints/ep-a' }),
    check: (body, caller) =>
      expect((body as { permission_level: string }).permission_level).toBe({ viewer: 'CAN_VIEW', querier: 'CAN_QUERY' }[caller as string] ?? 'CAN_MANAGE'),
  },
  'PUT /api/2.0/serving-endpoints/:name/config': {
    expect: EP_MANAGE,
    request: () => ({ path: '/api/2.0/serving-endpoints/ep-a/config', json: { served_entities: [{ name: 'main', entity_name: 'model-a', entity_version: '1' }] } }),
  },
  'PATCH /api/2.0/serving-endpoints/:name/tags': {
    expect: EP_MANAGE,
    request: (_world, { caller }) => ({ path: '/api/2.0/serving-endpoints/ep-a/tags', json: { add_tags: [{ key: 'touched-by', value: caller }] } }),
  },
  'PUT /api/2.0/serving-endpoints/:name/ai-gateway': {
    expect: EP_MANAGE,
    request: () => ({ path: '/api/2.0/serving-endpoints/ep-a/ai-gateway', json: { rate_limits: [{ key: 'user', calls: 1000, renewal_period: 'minute' }] } }),
  },
  'GET /api/2.0/cairn/serving-endpoints/:name/budgets': { expect: EP_QUERY, request: () => ({ path: '/api/2.0/cairn/serving-endpoints/ep-a/budgets' }) },
  'GET /api/2.0/cairn/serving-endpoints/:name/ai-gateway': { expect: EP_VIEW, request: () => ({ path: '/api/2.0/cairn/serving-endpoints/ep-a/ai-gateway' }) },
  'GET /api/2.0/serving-endpoints/:name/metrics': { expect: EP_VIEW, request: () => ({ path: '/api/2.0/serving-endpoints/ep-a/metrics' }) },
  'GET /api/2.0/serving-endpoints/:name/served-models/:served_model_name/logs': {
    expect: EP_MANAGE,
    request: () => ({ path: '/api/2.0/serving-endpoints/ep-a/served-models/main/logs' }),
  },
  'GET /api/2.0/cairn/serving-endpoints/:name/config-versions': { expect: EP_VIEW, request: () => ({ path: '/api/2.0/cairn/serving-endpoints/ep-a/config-versions' }) },
  'POST /api/2.0/cairn/serving-endpoints/:name/rollback': {
    expect: EP_MANAGE,
    request: () => ({ path: '/api/2.0/cairn/serving-endpoints/ep-a/rollback', json: { config_version: 1 } }),
  },
  'DELETE /api/2.0/serving-endpoints/:name': {
    expect: EP_MANAGE,
    request: async (world, { allowed }) => ({ path: `/api/2.0/serving-endpoints/${allowed ? await world.scratchEndpoint() : 'ep-a'}` }),
  },

  // Data plane.
  'POST /serving-endpoints/:name/invocations': { expect: EP_QUERY, request: () => ({ path: '/serving-endpoints/ep-a/invocations', json: CHAT }) },
  ...openAiCases('/v1'),
  ...openAiCases('/serving-endpoints'),
  // Anthropic's Messages API (the SDK sends its key as x-api-key; the matrix sends the Bearer header, both work).
  'POST /v1/messages': { expect: EP_QUERY, request: () => ({ path: '/v1/messages', json: { model: 'ep-a', ...CHAT } }) },
  'POST /serving-endpoints/anthropic/v1/messages': {
    expect: EP_QUERY,
    request: () => ({ path: '/serving-endpoints/anthropic/v1/messages', json: { model: 'ep-a', ...CHAT } }),
  },

  // Registry: registered models.
  [`POST ${MLFLOW}/registered-models/create`]: {
    expect: ANY_USER,
    request: (_world, { caller }) => ({ path: `${MLFLOW}/registered-models/create`, json: { name: `mx-model-${caller}` } }),
  },
  [`GET ${MLFLOW}/registered-models/get`]: { expect: MODEL_READ, request: () => ({ path: `${MLFLOW}/registered-models/get?name=model-a` }) },
  [`GET ${MLFLOW}/registered-models/search`]: {
    expect: ANY_USER,
    request: () => ({ path: `${MLFLOW}/registered-models/search?max_results=1000` }),
    check: (body, caller) => expect(names((body as { registered_models: unknown }).registered_models, 'name').includes('model-a')).toBe(readsModelA(caller)),
  },
  [`POST ${MLFLOW}/registered-models/search`]: {
    expect: ANY_USER,
    request: () => ({ path: `${MLFLOW}/registered-models/search`, json: { max_results: 1000 } }),
    check: (body, caller) => expect(names((body as { registered_models: unknown }).registered_models, 'name').includes('model-a')).toBe(readsModelA(caller)),
  },
  [`PATCH ${MLFLOW}/registered-models/update`]: {
    expect: MODEL_EDIT,
    request: (_world, { caller }) => ({ path: `${MLFLOW}/registered-models/update`, json: { name: 'model-a', description: `by ${caller}` } }),
  },
  [`POST ${MLFLOW}/registered-models/rename`]: {
    expect: MODEL_MANAGE,
    request: async (world, { caller, allowed }) => {
      const name = allowed ? await world.scratchModel() : 'model-a';
      return { path: `${MLFLOW}/registered-models/rename`, json: { name, new_name: `${name}-renamed-by-${caller}` } };
    },
  },
  [`POST ${MLFLOW}/registered-models/set-tag`]: {
    expect: MODEL_EDIT,
    request: (_world, { caller }) => ({ path: `${MLFLOW}/registered-models/set-tag`, json: { name: 'model-a', key: 'k', value: caller } }),
  },
  [`DELETE ${MLFLOW}/registered-models/delete-tag`]: {
    expect: MODEL_EDIT,
    request: () => ({ path: `${MLFLOW}/registered-models/delete-tag`, json: { name: 'model-a', key: 'k' } }),
  },
  [`POST ${MLFLOW}/registered-models/alias`]: {
    expect: MODEL_EDIT,
    request: (_world, { caller }) => ({ path: `${MLFLOW}/registered-models/alias`, json: { name: 'model-a', alias: `mx-${caller}`, version: '1' } }),
  },
  [`DELETE ${MLFLOW}/registered-models/alias`]: {
    expect: MODEL_EDIT,
    request: (_world, { caller }) => ({ path: `${MLFLOW}/registered-models/alias`, json: { name: 'model-a', alias: `mx-${caller}` } }),
  },
  [`GET ${MLFLOW}/registered-models/alias`]: { expect: MODEL_READ, request: () => ({ path: `${MLFLOW}/registered-models/alias?name=model-a&alias=champion` }) },
  [`POST ${MLFLOW}/registered-models/get-latest-versions`]: {
    expect: MODEL_READ,
    request: () => ({ path: `${MLFLOW}/registered-models/get-latest-versions`, json: { name: 'model-a' } }),
  },
  [`GET ${MLFLOW}/registered-models/get-latest-versions`]: { expect: MODEL_READ, request: () => ({ path: `${MLFLOW}/registered-models/get-latest-versions?name=model-a` }) },

  // Registry: model versions.
  [`POST ${MLFLOW}/model-versions/create`]: {
    expect: MODEL_EDIT,
    request: () => ({ path: `${MLFLOW}/model-versions/create`, json: { name: 'model-a', source: DEMO_SOURCE } }),
  },
  [`GET ${MLFLOW}/model-versions/get`]: { expect: MODEL_READ, request: () => ({ path: `${MLFLOW}/model-versions/get?name=model-a&version=1` }) },
  [`GET ${MLFLOW}/model-versions/get-download-uri`]: { expect: MODEL_READ, request: () => ({ path: `${MLFLOW}/model-versions/get-download-uri?name=model-a&version=1` }) },

  // Model packages (SEC-SC-2: uploading and reading packages is admin only). The matrix sends JSON, not a .tgz, so
  // the admin's upload is refused as PACKAGE_INVALID (400) after the admin check; a digest nobody stored is 404.
  'POST /api/2.0/cairn/model-packages': {
    expect: { outsider: 403, viewer: 403, querier: 403, manager: 403, admin: 400 },
    request: () => ({ path: '/api/2.0/cairn/model-packages', json: { not: 'an archive' } }),
  },
  'GET /api/2.0/cairn/model-packages/:digest': {
    expect: { outsider: 403, viewer: 403, querier: 403, manager: 403, admin: 404 },
    request: () => ({ path: `/api/2.0/cairn/model-packages/${'0'.repeat(64)}` }),
  },
  // model-a version 1 is the demo model, not a package: readers get past the CAN_READ check and then a 400.
  'GET /api/2.0/cairn/model-versions/download': {
    expect: { outsider: 404, viewer: 400, querier: 404, manager: 400, admin: 400 },
    request: () => ({ path: '/api/2.0/cairn/model-versions/download?name=model-a&version=1' }),
  },
  [`GET ${MLFLOW}/model-versions/search`]: {
    expect: ANY_USER,
    request: () => ({ path: `${MLFLOW}/model-versions/search?filter=${encodeURIComponent("name='model-a'")}` }),
    check: (body, caller) => expect((body as { model_versions: unknown[] }).model_versions.length > 0).toBe(readsModelA(caller)),
  },
  [`POST ${MLFLOW}/model-versions/search`]: {
    expect: ANY_USER,
    request: () => ({ path: `${MLFLOW}/model-versions/search`, json: { filter: "name='model-a'" } }),
    check: (body, caller) => expect((body as { model_versions: unknown[] }).model_versions.length > 0).toBe(readsModelA(caller)),
  },
  [`PATCH ${MLFLOW}/model-versions/update`]: {
    expect: MODEL_EDIT,
    request: (_world, { caller }) => ({ path: `${MLFLOW}/model-versions/update`, json: { name: 'model-a', version: '1', description: `by ${caller}` } }),
  },
  [`POST ${MLFLOW}/model-versions/transition-stage`]: {
    expect: MODEL_EDIT,
    request: () => ({ path: `${MLFLOW}/model-versions/transition-stage`, json: { name: 'model-a', version: '1', stage: 'Staging' } }),
  },
  [`POST ${MLFLOW}/model-versions/set-tag`]: {
    expect: MODEL_EDIT,
    request: (_world, { caller }) => ({ path: `${MLFLOW}/model-versions/set-tag`, json: { name: 'model-a', version: '1', key: 'k', value: caller } }),
  },
  [`DELETE ${MLFLOW}/model-versions/delete-tag`]: {
    expect: MODEL_EDIT,
    request: () => ({ path: `${MLFLOW}/model-versions/delete-tag`, json: { name: 'model-a', version: '1', key: 'k' } }),
  },
  [`DELETE ${MLFLOW}/model-versions/delete`]: {
    expect: MODEL_MANAGE,
    request: async (world, { allowed }) => ({
      path: `${MLFLOW}/model-versions/delete`,
      json: { name: 'model-a', version: allowed ? await world.scratchModelVersion() : '1' },
    }),
  },
  [`DELETE ${MLFLOW}/registered-models/delete`]: {
    expect: MODEL_MANAGE,
    request: async (world, { allowed }) => ({ path: `${MLFLOW}/registered-models/delete`, json: { name: allowed ? await world.scratchModel() : 'model-a' } }),
  },

  // Registry webhooks: workspace-level configuration, admins only.
  [`POST ${MLFLOW}/webhooks`]: {
    expect: ADMIN_ONLY,
    request: (_world, { caller }) => ({
      path: `${MLFLOW}/webhooks`,
      json: { name: `mx-webhook-${caller}`, url: 'http://127.0.0.1:9/hook', events: ['model_version.created'], status: 'DISABLED' },
    }),
  },
  [`GET ${MLFLOW}/webhooks`]: { expect: ADMIN_ONLY, request: () => ({ path: `${MLFLOW}/webhooks?max_results=10` }) },
  [`GET ${MLFLOW}/webhooks/:webhook_id`]: { expect: ADMIN_ONLY, request: async (world) => ({ path: `${MLFLOW}/webhooks/${await registryWebhook(world, false)}` }) },
  [`PATCH ${MLFLOW}/webhooks/:webhook_id`]: {
    expect: ADMIN_ONLY,
    request: async (world, { caller }) => ({ path: `${MLFLOW}/webhooks/${await registryWebhook(world, false)}`, json: { description: `by ${caller}` } }),
  },
  [`DELETE ${MLFLOW}/webhooks/:webhook_id`]: {
    expect: ADMIN_ONLY,
    request: async (world, { allowed }) => ({ path: `${MLFLOW}/webhooks/${await registryWebhook(world, allowed)}` }),
  },
  [`POST ${MLFLOW}/webhooks/:webhook_id/test`]: {
    expect: ADMIN_ONLY,
    request: async (world) => ({ path: `${MLFLOW}/webhooks/${await registryWebhook(world, false)}/test`, json: {} }),
  },
  'GET /api/2.0/cairn/webhooks/:webhook_id/deliveries': {
    expect: ADMIN_ONLY,
    request: async (world) => ({ path: `/api/2.0/cairn/webhooks/${await registryWebhook(world, false)}/deliveries` }),
  },

  // Tokens: one's own for everyone, anyone's for admins.
  'POST /api/2.0/token/create': {
    expect: ANY_USER,
    request: (_world, { caller }) => ({ path: '/api/2.0/token/create', json: { comment: `matrix ${caller}`, lifetime_seconds: 600 } }),
  },
  'GET /api/2.0/token/list': { expect: ANY_USER, request: () => ({ path: '/api/2.0/token/list' }) },
  'POST /api/2.0/token/delete': {
    expect: ANY_USER,
    request: async (world, { caller, allowed }) => ({
      path: '/api/2.0/token/delete',
      json: { token_id: allowed ? await world.scratchToken(caller as PrincipalCaller) : NO_SUCH_TOKEN },
    }),
  },
  'POST /api/2.0/token-management/on-behalf-of/tokens': {
    expect: ADMIN_ONLY,
    request: () => ({ path: '/api/2.0/token-management/on-behalf-of/tokens', json: { application_id: 'viewer', comment: 'on behalf', lifetime_seconds: 600 } }),
  },
  'GET /api/2.0/token-management/tokens': { expect: ADMIN_ONLY, request: () => ({ path: '/api/2.0/token-management/tokens' }) },
  'GET /api/2.0/token-management/tokens/:token_id': {
    expect: ADMIN_ONLY,
    request: (world) => ({ path: `/api/2.0/token-management/tokens/${world.users.viewer.tokenId}` }),
  },
  'DELETE /api/2.0/token-management/tokens/:token_id': {
    expect: ADMIN_ONLY,
    request: async (world) => ({ path: `/api/2.0/token-management/tokens/${await world.scratchToken('viewer')}` }),
  },

  // Principals (SCIM).
  [`GET ${SCIM}/Me`]: {
    expect: ANY_USER,
    request: () => ({ path: `${SCIM}/Me` }),
    check: (body, caller) => expect((body as { userName: string }).userName).toBe(caller),
  },
  ...scimCases('Users'),
  ...scimCases('ServicePrincipals'),
  ...scimCases('Groups'),

  // Permissions.
  ...permissionCases('serving-endpoints'),
  ...permissionCases('registered-models'),

  // Secrets: admins only.
  'POST /api/2.0/secrets/scopes/create': {
    expect: ADMIN_ONLY,
    request: (_world, { caller }) => ({ path: '/api/2.0/secrets/scopes/create', json: { scope: `mx-scope-${caller}` } }),
  },
  'GET /api/2.0/secrets/scopes/list': { expect: ADMIN_ONLY, request: () => ({ path: '/api/2.0/secrets/scopes/list' }) },
  'POST /api/2.0/secrets/put': {
    expect: ADMIN_ONLY,
    request: (world, { caller }) => ({ path: '/api/2.0/secrets/put', json: { scope: world.secretScope, key: `put-${caller}`, string_value: world.secretValue } }),
  },
  'GET /api/2.0/secrets/list': { expect: ADMIN_ONLY, request: (world) => ({ path: `/api/2.0/secrets/list?scope=${world.secretScope}` }) },
  'POST /api/2.0/secrets/delete': {
    expect: ADMIN_ONLY,
    request: async (world) => ({ path: '/api/2.0/secrets/delete', json: { scope: world.secretScope, key: await world.scratchSecret() } }),
  },
  'POST /api/2.0/secrets/scopes/delete': {
    expect: ADMIN_ONLY,
    request: async (world) => ({ path: '/api/2.0/secrets/scopes/delete', json: { scope: await world.scratchScope() } }),
  },

  // Inference table and metrics. A row reads as absent to anyone who may not manage its endpoint, so a
  // request id reveals nothing (SEC API1); the list by endpoint follows the 404/403 rule.
  'GET /api/2.0/cairn/inference-log': {
    expect: EP_MANAGE,
    request: () => ({ path: '/api/2.0/cairn/inference-log?endpoint_name=ep-a' }),
    check: (body) => expect(new Set(names((body as { rows: unknown }).rows, 'endpoint_name'))).toEqual(new Set(['ep-a'])),
  },
  'GET /api/2.0/cairn/inference-log/:request_id': {
    expect: { outsider: 404, viewer: 404, querier: 404, manager: 200, admin: 200 },
    request: (world) => ({ path: `/api/2.0/cairn/inference-log/${world.requestIdA}` }),
  },
  // Descriptors are derived from payloads: the inference log's rule (CAN_MANAGE; 404 / 403 otherwise).
  'GET /api/2.0/cairn/endpoints/:name/descriptors': { expect: EP_MANAGE, request: () => ({ path: '/api/2.0/cairn/endpoints/ep-a/descriptors' }) },
  // Alert deliveries: a rule on ep-a is managed by ep-a's managers (404 for who cannot see ep-a, 403 for viewers).
  'GET /api/2.0/cairn/alerts/deliveries': {
    expect: EP_MANAGE,
    request: async (world) => {
      await deadDeliveryOnEndpointA(world, false);
      return { path: `/api/2.0/cairn/alerts/deliveries?rule_id=${MATRIX_RULE_ID}&status=dead` };
    },
    check: (body) => {
      const deliveries = (body as { deliveries: Array<{ rule_id: string; status: string }> }).deliveries;
      expect(deliveries.length).toBeGreaterThan(0);
      expect(new Set(deliveries.map((delivery) => `${delivery.rule_id} ${delivery.status}`))).toEqual(new Set([`${MATRIX_RULE_ID} dead`]));
    },
  },
  // Alert rules and history: CAN_MANAGE on the rule's endpoint to change, CAN_VIEW to read (404 / 403 otherwise).
  'POST /api/2.0/cairn/alerts/rules': {
    expect: EP_MANAGE,
    request: (_world, { caller }) => ({
      path: '/api/2.0/cairn/alerts/rules',
      json: { name: `mx-new-rule-${caller}`, endpoint_name: 'ep-a', series: 'error_rate', window_seconds: 60, comparator: '>', threshold: 0.5 },
    }),
  },
  'GET /api/2.0/cairn/alerts/rules': {
    expect: ANY_USER,
    request: async (world) => {
      await alertRuleOnEndpointA(world, false);
      return { path: '/api/2.0/cairn/alerts/rules' };
    },
    check: (body, caller) => expect(names((body as { rules: unknown }).rules, 'name').includes('mx-alert-rule')).toBe(seesEndpointA(caller)),
  },
  'GET /api/2.0/cairn/alerts/rules/:id': { expect: EP_VIEW, request: async (world) => ({ path: `/api/2.0/cairn/alerts/rules/${await alertRuleOnEndpointA(world, false)}` }) },
  'PATCH /api/2.0/cairn/alerts/rules/:id': {
    expect: EP_MANAGE,
    request: async (world) => ({ path: `/api/2.0/cairn/alerts/rules/${await alertRuleOnEndpointA(world, false)}`, json: { threshold: 0.6 } }),
  },
  'POST /api/2.0/cairn/alerts/rules/:id/test': {
    expect: EP_MANAGE,
    request: async (world) => ({ path: `/api/2.0/cairn/alerts/rules/${await alertRuleOnEndpointA(world, false)}/test` }),
  },
  'DELETE /api/2.0/cairn/alerts/rules/:id': {
    expect: EP_MANAGE,
    request: async (world, { allowed }) => ({ path: `/api/2.0/cairn/alerts/rules/${await alertRuleOnEndpointA(world, allowed)}` }),
  },
  'GET /api/2.0/cairn/alerts/events': { expect: EP_VIEW, request: () => ({ path: '/api/2.0/cairn/alerts/events?endpoint_name=ep-a' }) },
  'GET /api/2.0/cairn/alerts/states': { expect: EP_VIEW, request: () => ({ path: '/api/2.0/cairn/alerts/states?endpoint_name=ep-a' }) },
  'GET /api/2.0/cairn/alerts/actions': { expect: EP_VIEW, request: () => ({ path: '/api/2.0/cairn/alerts/actions?endpoint_name=ep-a' }) },
  // Disabling answers 503 to every query of the endpoint: allowed callers act on a throwaway endpoint.
  'POST /api/2.0/cairn/serving-endpoints/:name/disable': {
    expect: EP_MANAGE,
    request: async (world, { allowed }) => ({
      path: `/api/2.0/cairn/serving-endpoints/${allowed ? await world.scratchEndpoint() : 'ep-a'}/disable`,
      json: { reason: 'route matrix' },
    }),
  },
  'POST /api/2.0/cairn/serving-endpoints/:name/enable': { expect: EP_MANAGE, request: () => ({ path: '/api/2.0/cairn/serving-endpoints/ep-a/enable' }) },
  'POST /api/2.0/cairn/alerts/deliveries/:id/retry': {
    expect: EP_MANAGE,
    request: async (world, { allowed }) => ({ path: `/api/2.0/cairn/alerts/deliveries/${await deadDeliveryOnEndpointA(world, allowed)}/retry` }),
    check: (body) => expect(body).toMatchObject({ status: 'pending', attempts: 0, rule_id: MATRIX_RULE_ID }),
  },
  // Feedback: the call's requester, CAN_QUERY and admins may give it; anyone else gets the unknown-id 404 (SEC API1).
  'POST /api/2.0/cairn/feedback': {
    expect: { outsider: 404, viewer: 404, querier: 200, manager: 200, admin: 200 },
    request: (world) => ({ path: '/api/2.0/cairn/feedback', json: { request_id: world.requestIdA, thumbs: 'up', comment: 'route matrix' } }),
  },
  // Reading feedback and the review queue carries payloads: the inference log's rule (CAN_MANAGE; 404 / 403 otherwise).
  'GET /api/2.0/cairn/feedback': {
    expect: EP_MANAGE,
    request: () => ({ path: '/api/2.0/cairn/feedback?endpoint_name=ep-a' }),
    check: (body) => expect(new Set(names((body as { feedback: unknown }).feedback, 'endpoint_name'))).toEqual(new Set(['ep-a'])),
  },
  'GET /api/2.0/cairn/review/items': {
    expect: EP_MANAGE,
    request: async (world) => {
      await reviewItemOnEndpointA(world, false);
      return { path: '/api/2.0/cairn/review/items?endpoint_name=ep-a' };
    },
    check: (body) => {
      const items = (body as { items: Array<{ endpoint_name: string }> }).items;
      expect(items.length).toBeGreaterThan(0);
      expect(new Set(names(items, 'endpoint_name'))).toEqual(new Set(['ep-a']));
    },
  },
  'GET /api/2.0/cairn/review/items/:id': {
    expect: { outsider: 404, viewer: 404, querier: 404, manager: 200, admin: 200 },
    request: async (world) => ({ path: `/api/2.0/cairn/review/items/${await reviewItemOnEndpointA(world, false)}` }),
  },
  'POST /api/2.0/cairn/review/items/:id/claim': {
    expect: { outsider: 404, viewer: 404, querier: 404, manager: 200, admin: 200 },
    request: async (world, { allowed }) => ({ path: `/api/2.0/cairn/review/items/${await reviewItemOnEndpointA(world, allowed)}/claim` }),
    check: (body) => expect(body).toMatchObject({ item: { status: 'claimed' } }),
  },
  'POST /api/2.0/cairn/review/items/:id/release': {
    expect: { outsider: 404, viewer: 404, querier: 404, manager: 200, admin: 200 },
    request: async (world, { allowed }) => ({ path: `/api/2.0/cairn/review/items/${await reviewItemOnEndpointA(world, allowed)}/release` }),
    check: (body) => expect(body).toMatchObject({ item: { status: 'open' } }),
  },
  'POST /api/2.0/cairn/review/items/:id/decide': {
    expect: { outsider: 404, viewer: 404, querier: 404, manager: 200, admin: 200 },
    request: async (world, { caller, allowed }) => {
      const id = await reviewItemOnEndpointA(world, allowed);
      // A reviewer decides what it holds: allowed callers claim their fresh item first.
      if (allowed) expect((await world.send(caller, 'POST', `/api/2.0/cairn/review/items/${id}/claim`)).status).toBe(200);
      return { path: `/api/2.0/cairn/review/items/${id}/decide`, json: { decision: 'approve' } };
    },
    check: (body) => expect(body).toMatchObject({ item: { status: 'decided' }, decision: { decision: 'approve' } }),
  },
  'GET /api/2.0/cairn/review/export': {
    expect: EP_MANAGE,
    request: () => ({ path: '/api/2.0/cairn/review/export?endpoint_name=ep-a&kind=preferences&summary=true' }),
    check: (body) => expect(body).toMatchObject({ examples: expect.any(Number), skipped_truncated: expect.any(Number) }),
  },
  // Monitors: configuring needs CAN_MANAGE on the endpoint, reading results CAN_VIEW (aggregates, no payloads).
  'POST /api/2.0/cairn/monitors': {
    expect: { outsider: 404, viewer: 403, querier: 403, manager: 201, admin: 201 },
    request: (_world, { caller }) => ({
      path: '/api/2.0/cairn/monitors',
      json: { endpoint_name: 'ep-a', name: `mx-created-${caller}`, kind: 'quality', current_window_seconds: 60, evaluators: ['refusal_rate'] },
    }),
  },
  'GET /api/2.0/cairn/monitors': {
    expect: EP_VIEW,
    request: async (world) => {
      await monitorOnEndpointA(world, false);
      return { path: '/api/2.0/cairn/monitors?endpoint_name=ep-a' };
    },
    check: (body) => expect(new Set(names((body as { monitors: unknown }).monitors, 'endpoint_name'))).toEqual(new Set(['ep-a'])),
  },
  'GET /api/2.0/cairn/monitors/:id': { expect: EP_VIEW, request: async (world) => ({ path: `/api/2.0/cairn/monitors/${await monitorOnEndpointA(world, false)}` }) },
  'PATCH /api/2.0/cairn/monitors/:id': {
    expect: EP_MANAGE,
    request: async (world) => ({ path: `/api/2.0/cairn/monitors/${await monitorOnEndpointA(world, false)}`, json: { min_rows: 5 } }),
  },
  'DELETE /api/2.0/cairn/monitors/:id': {
    expect: EP_MANAGE,
    request: async (world, { allowed }) => ({ path: `/api/2.0/cairn/monitors/${await monitorOnEndpointA(world, allowed)}` }),
  },
  'POST /api/2.0/cairn/monitors/:id/reference': {
    expect: EP_MANAGE,
    request: async (world) => ({
      path: `/api/2.0/cairn/monitors/${await monitorOnEndpointA(world, false)}/reference`,
      json: { rows: [{ prompt_chars: 10 }, { prompt: 'hello there' }] },
    }),
    check: (body) => expect(body).toMatchObject({ rows: 2, columns: ['prompt_chars'] }),
  },
  'POST /api/2.0/cairn/monitors/:id/run': {
    expect: EP_MANAGE,
    request: async (world) => ({ path: `/api/2.0/cairn/monitors/${await monitorOnEndpointA(world, false)}/run` }),
    check: (body) => expect((body as { result: { status: string } }).result.status).toBe('insufficient_data'),
  },
  'GET /api/2.0/cairn/monitors/:id/results': {
    expect: EP_VIEW,
    request: async (world) => ({ path: `/api/2.0/cairn/monitors/${await monitorOnEndpointA(world, false)}/results` }),
  },
  'GET /api/2.0/cairn/endpoints/:name/evaluations': { expect: EP_VIEW, request: () => ({ path: '/api/2.0/cairn/endpoints/ep-a/evaluations' }) },
  'GET /metrics': { expect: ADMIN_ONLY, request: () => ({ path: '/metrics' }) },
  // Rollups are aggregates without payloads: viewing the endpoint is enough.
  'GET /api/2.0/cairn/endpoints/:name/metrics': {
    expect: EP_VIEW,
    request: () => ({ path: '/api/2.0/cairn/endpoints/ep-a/metrics?from=-10m&step=60' }),
    check: (body) => expect((body as { endpoint_name: string }).endpoint_name).toBe('ep-a'),
  },
};

