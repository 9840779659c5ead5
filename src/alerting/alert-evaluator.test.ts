import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PermissionLevel, Principal } from '../auth/index.js';
import { configFrom } from '../config/index.js';
import { CairnError } from '../errors/index.js';
import { openDatabase, type StorageHandle } from '../storage/index.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../storage/test-support/test-databases.js';
import { type AlertingService, createAlerting } from './create-alerting.js';
import { type FakeNotifier, type FakeSeriesSource, fakeNotifier, fakeSeriesSource, memorySecrets, testAdmin, testUser } from './test-support/alerting-fakes.js';

const logger = pino({ level: 'silent' });
const config = configFrom({ monitoring: { alerts: { evaluation_interval_ms: 1000 } } });

/** Endpoint `ep` (id ep-id); grants per principal name. */
function fakeWorld(grants: Record<string, PermissionLevel> = {}) {
  const calls: string[] = [];
  const levelOn = (principal: Principal, _type: string, id: string): PermissionLevel | null =>
    principal.isAdmin ? 'CAN_MANAGE' : id === 'ep-id' ? (grants[principal.name] ?? null) : null;
  const rank = { CAN_VIEW: 1, CAN_READ: 1, CAN_QUERY: 2, CAN_EDIT: 2, CAN_MANAGE: 3 } as const;
  return {
    calls,
    auth: {
      levelOn,
      require(principal: Principal, type: 'serving-endpoints' | 'registered-models', id: string, level: PermissionLevel, notFound: string) {
        const held = levelOn(principal, type, id);
        if (held === null) throw new CairnError('RESOURCE_DOES_NOT_EXIST', notFound);
        if (rank[held] < rank[level]) throw new CairnError('PERMISSION_DENIED', 'no');
      },
    },
    serving: {
      resolveEndpointId: (name: string) => (name === 'ep' ? 'ep-id' : undefined),
      list: async () => [{ name: 'ep' }],
      get: async () => ({ name: 'ep', state: { disabled: false }, config: { config_version: 3, served_entities: [{ name: 'a' }, { name: 'b' }], traffic_config: { routes: [{ served_model_name: 'a', traffic_percentage: 50 }, { served_model_name: 'b', traffic_percentage: 50 }] } } }),
      rollback: async () => {
        calls.push('rollback');
        return { config: { config_version: 4 } };
      },
      updateConfig: async () => {
        calls.push('updateConfig');
        return { config: { config_version: 4 } };
      },
      setDisabled: async () => {
        calls.push('setDisabled');
        return {};
      },
    },
  };
}

const errorRateRule = {
  name: 'errors',
  endpoint_name: 'ep',
  series: 'error_rate',
  group_by: 'served_entity',
  window_seconds: 300,
  aggregation: 'avg',
  comparator: '>',
  threshold: 0.2,
  for_seconds: 60,
  severity: 'critical',
  renotify_seconds: 600,
  channels: [{ url: 'https://hooks.example.com/x' }],
};

describe.each(testDialects)('alert evaluation (%s)', (dialect) => {
  let database: TestDatabase;
  let storage: StorageHandle;
  let source: FakeSeriesSource;
  let notifier: FakeNotifier;
  let time: number;
  let world: ReturnType<typeof fakeWorld>;
  const services: AlertingService[] = [];

  const alerting = (instanceId = 'one') => {
    const service = createAlerting({
      db: storage.db, config, logger, serving: world.serving as never, auth: world.auth, notifier, sources: [source], adminPrincipal: testAdmin,
      secrets: memorySecrets(), now: () => time, instanceId,
    });
    services.push(service);
    return service;
  };

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    storage = await openDatabase(database.url, database.dataDir);
    source = fakeSeriesSource();
    notifier = fakeNotifier();
    world = fakeWorld({ viewer: 'CAN_VIEW', manager: 'CAN_MANAGE' });
    time = 10_000_000;
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.close()));
    await storage.close();
    await database.cleanup();
  });

  it('pending → firing → resolved per served entity, persisted with events and notifications', async () => {
    const service = alerting();
    const rule = await service.createRule(testAdmin, errorRateRule);
    source.set({ a: 0.5, b: 0.01 });
    expect(await service.evaluateOnce()).toMatchObject({ acted: true, rules: 1, failed: 0, events: 1 });
    expect(source.queries[0]).toMatchObject({ endpointName: 'ep', series: 'error_rate', groupBy: 'served_entity', from: time - 300_000, to: time, aggregation: 'avg' });
    let states = await service.listStates(testAdmin, {});
    expect(states.map((state) => [state.series_key, state.state])).toEqual([['a', 'pending'], ['b', 'ok']]);

    time += 30_000;
    await service.evaluateOnce();
    expect((await service.listStates(testAdmin, {})).find((state) => state.series_key === 'a')?.state).toBe('pending');
    time += 30_000;
    await service.evaluateOnce();
    states = await service.listStates(testAdmin, {});
    expect(states.find((state) => state.series_key === 'a')).toMatchObject({ state: 'firing', since: time, last_value: 0.5, last_notified_at: time });
    expect(notifier.enqueued).toHaveLength(1);
    expect(notifier.enqueued[0]!.notification).toMatchObject({ kind: 'firing', seriesKey: 'a', value: 0.5, rule: { id: rule.id, severity: 'critical', threshold: 0.2, windowSeconds: 300 } });

    time += 700_000;
    await service.evaluateOnce();
    expect(notifier.enqueued.map((entry) => entry.notification.kind)).toEqual(['firing', 'renotify']);

    source.set({ a: 0.05, b: 0.01 });
    time += 15_000;
    await service.evaluateOnce();
    const events = await service.listEvents(testAdmin, {});
    expect(events.map((event) => [event.kind, event.series_key, event.from_state, event.to_state])).toEqual([
      ['resolved', 'a', 'firing', 'ok'],
      ['renotify', 'a', 'firing', 'firing'],
      ['firing', 'a', 'pending', 'firing'],
      ['pending', 'a', 'ok', 'pending'],
    ]);
    expect(events[0]).toMatchObject({ rule_id: rule.id, endpoint_name: 'ep', threshold: 0.2, severity: 'critical', value: 0.05 });
    expect(events[0]!.details).toMatchObject({ samples: 100, window: { from: time - 300_000, to: time } });
    expect(notifier.enqueued.at(-1)!.notification).toMatchObject({ kind: 'resolved', eventId: events[0]!.id });
    expect((await service.listStates(testAdmin, {})).map((state) => state.state)).toEqual(['ok', 'ok']);

    // History filters: by time and max_results.
    expect(await service.listEvents(testAdmin, { max_results: 1 })).toHaveLength(1);
    expect((await service.listEvents(testAdmin, { from: time })).map((event) => event.kind)).toEqual(['resolved']);
  });

  it('a quiet group that disappears is forgotten; no data on an ungrouped rule follows the no_data policy', async () => {
    const service = alerting();
    await service.createRule(testAdmin, errorRateRule);
    source.set({ a: 0.01, b: 0.01 });
    await service.evaluateOnce();
    source.set({ a: 0.01 });
    await service.evaluateOnce();
    expect((await service.listStates(testAdmin, {})).map((state) => state.series_key)).toEqual(['a']);

    await service.createRule(testAdmin, { ...errorRateRule, name: 'silence', group_by: null, no_data: 'no_data', channels: [{ url: 'https://h.example.com' }] });
    source.set({});
    time += 1000;
    await service.evaluateOnce();
    const silence = (await service.listStates(testAdmin, {})).find((state) => state.rule_name === 'silence');
    expect(silence).toMatchObject({ series_key: '', state: 'no_data' });
    expect(notifier.enqueued.map((entry) => entry.notification.kind)).toEqual(['no_data']);
  });

  it('one rule failing does not stop the others; a notifier error is logged and evaluation goes on', async () => {
    const service = alerting();
    await service.createRule(testAdmin, { ...errorRateRule, name: 'a-broken', series: 'fake.broken', group_by: null });
    await service.createRule(testAdmin, { ...errorRateRule, name: 'b-works', for_seconds: 0 });
    const evaluate = source.evaluate.bind(source);
    source.evaluate = async (query) => {
      if (query.series === 'fake.broken') throw new Error('source down');
      return evaluate(query);
    };
    notifier.failEnqueue = true;
    source.set({ a: 0.9 });
    const summary = await service.evaluateOnce();
    expect(summary).toMatchObject({ rules: 2, failed: 1, events: 1 });
    expect((await service.listStates(testAdmin, {})).map((state) => [state.rule_name, state.state])).toEqual([['b-works', 'firing']]);
    expect((await service.listEvents(testAdmin, {})).map((event) => event.kind)).toEqual(['firing']);
  });

  it('lease: of two evaluators on one database only one acts, until it closes', async () => {
    const first = alerting('instance-1');
    const second = alerting('instance-2');
    await first.createRule(testAdmin, { ...errorRateRule, for_seconds: 0 });
    source.set({ a: 0.9 });
    const [one, two] = await Promise.all([first.evaluateOnce(), second.evaluateOnce()]);
    expect([one.acted, two.acted].filter(Boolean)).toHaveLength(1);
    expect((await first.listEvents(testAdmin, {})).map((event) => event.kind)).toEqual(['firing']);
    expect(notifier.enqueued).toHaveLength(1);
    const holder = one.acted ? first : second;
    const other = one.acted ? second : first;
    time += 1000;
    expect((await other.evaluateOnce()).acted).toBe(false);
    await holder.close();
    expect((await other.evaluateOnce()).acted).toBe(true);
    // Or, without a release, once the TTL (three intervals) has run out.
    const third = alerting('instance-3');
    time += 1000;
    expect((await third.evaluateOnce()).acted).toBe(false);
    time += 3001;
    expect((await third.evaluateOnce()).acted).toBe(true);
  });

  it('actions run on the transition to firing only, with a cool-down; dry-run changes nothing and is recorded', async () => {
    const service = alerting();
    await service.createRule(testAdmin, { ...errorRateRule, for_seconds: 0, actions: [{ kind: 'shift_traffic' }, { kind: 'rollback' }] });
    await service.createRule(testAdmin, { ...errorRateRule, name: 'dry', for_seconds: 0, dry_run: true, actions: [{ kind: 'disable' }] });
    source.set({ a: 0.9 });
    await service.evaluateOnce();
    expect(world.calls).toEqual(['updateConfig', 'rollback']);
    time += 60_000;
    await service.evaluateOnce();
    expect(world.calls).toEqual(['updateConfig', 'rollback']);
    let actions = await service.listActions(testAdmin, {});
    expect(actions.map((action) => [action.rule_name, action.action, action.status, action.dry_run]).sort()).toEqual([
      ['dry', 'disable', 'dry_run', true],
      ['errors', 'rollback', 'applied', false],
      ['errors', 'shift_traffic', 'applied', false],
    ]);
    const shift = actions.find((action) => action.action === 'shift_traffic')!;
    expect(shift.details).toMatchObject({ series_key: 'a', value: 0.9, threshold: 0.2, window_seconds: 300, changes: { served_entity_name: 'a', after: [{ served_model_name: 'a', traffic_percentage: 0 }, { served_model_name: 'b', traffic_percentage: 100 }] } });
    expect(shift.event_id).toBe((await service.listEvents(testAdmin, { rule_id: 'errors' })).at(-1)!.id);
    const firing = notifier.enqueued.find((entry) => entry.notification.rule.name === 'dry')!.notification;
    expect(firing.details).toMatchObject({ dry_run: true, remediation: [{ action: 'disable', status: 'dry_run' }] });

    // Resolve and fire again within the cool-down (renotify_seconds 600): recorded as skipped, not repeated.
    source.set({ a: 0.01 });
    time += 60_000;
    await service.evaluateOnce();
    source.set({ a: 0.9 });
    time += 60_000;
    await service.evaluateOnce();
    expect(world.calls).toEqual(['updateConfig', 'rollback']);
    actions = await service.listActions(testAdmin, { rule_id: 'errors' });
    expect(actions.slice(0, 2).map((action) => action.status)).toEqual(['skipped', 'skipped']);
    expect(String(actions[0]!.details.message)).toContain('Cool-down');
    // After the cool-down it runs again.
    source.set({ a: 0.01 });
    time += 600_000;
    await service.evaluateOnce();
    source.set({ a: 0.9 });
    time += 1000;
    await service.evaluateOnce();
    expect(world.calls).toEqual(['updateConfig', 'rollback', 'updateConfig', 'rollback']);
  });

  it('test evaluates without persisting and sends a test notification', async () => {
    const service = alerting();
    const rule = await service.createRule(testAdmin, { ...errorRateRule, for_seconds: 0 });
    source.set({ a: 0.9 });
    const result = await service.testRule(testAdmin, String(rule.id));
    expect(result.groups).toEqual([{ series_key: 'a', value: 0.9, samples: 100, state: 'ok', would_be: 'firing', events: ['firing'], details: {} }]);
    expect(result.notifications).toEqual([{ channel: 'webhook-0', ok: true }]);
    expect(notifier.tested[0]).toMatchObject({ kind: 'firing', eventId: 0, details: { test: true } });
    expect(await service.listStates(testAdmin, {})).toEqual([]);
    expect(await service.listEvents(testAdmin, {})).toEqual([]);
    expect(notifier.enqueued).toEqual([]);
  });

  it('permissions: viewers read, managers change, outsiders see nothing, global rules are admins only', async () => {
    const service = alerting();
    const viewer = testUser('viewer');
    const manager = testUser('manager');
    const outsider = testUser('outsider');
    const rule = await service.createRule(manager, errorRateRule);
    expect(rule.created_by).toBe('manager');
    const global = await service.createRule(testAdmin, { ...errorRateRule, name: 'global', endpoint_name: null, group_by: null });
    await expect(service.createRule(manager, { ...errorRateRule, name: 'g2', endpoint_name: null, group_by: null })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(service.createRule(viewer, { ...errorRateRule, name: 'v' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(service.createRule(outsider, { ...errorRateRule, name: 'o' })).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    await expect(service.createRule(manager, { ...errorRateRule, name: 'x', endpoint_name: 'nope' })).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });

    expect((await service.listRules(viewer)).map((item) => item.name)).toEqual(['errors']);
    expect((await service.listRules(outsider)).map((item) => item.name)).toEqual([]);
    expect((await service.listRules(testAdmin)).map((item) => item.name)).toEqual(['errors', 'global']);
    await expect(service.getRule(outsider, String(rule.id))).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    await expect(service.getRule(viewer, String(global.id))).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    expect((await service.getRule(viewer, 'errors')).id).toBe(rule.id);
    await expect(service.updateRule(viewer, 'errors', { threshold: 0.3 })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(service.deleteRule(viewer, 'errors')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(service.testRule(viewer, 'errors')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(service.listEvents(outsider, { endpoint_name: 'ep' })).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    await expect(service.listActions(outsider, { rule_id: String(rule.id) })).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });

    source.set({ '': 0.9, a: 0.9 });
    time += 1000;
    await service.updateRule(manager, 'errors', { for_seconds: 0 });
    await service.updateRule(testAdmin, 'global', { for_seconds: 0 });
    await service.evaluateOnce();
    expect(new Set((await service.listEvents(testAdmin, {})).map((event) => event.rule_name))).toEqual(new Set(['errors', 'global']));
    expect(new Set((await service.listEvents(viewer, {})).map((event) => event.rule_name))).toEqual(new Set(['errors']));
    expect(new Set((await service.listStates(viewer, {})).map((state) => state.rule_name))).toEqual(new Set(['errors']));
    // The endpoints a non-admin may view come from serving.list (the outsider's is empty).
    world.serving.list = async () => [];
    expect(await service.listEvents(outsider, {})).toEqual([]);
  });

  it('PATCH keeps unspecified fields, validates the whole rule, resets states when what is watched changes; DELETE drops secrets', async () => {
    const service = alerting();
    await service.createRule(testAdmin, { ...errorRateRule, for_seconds: 0, actions: [{ kind: 'webhook', url: 'https://retrain.example.com/go', secret: 'shh' }] });
    const created = await service.getRule(testAdmin, 'errors');
    expect(JSON.stringify(created)).not.toContain('shh');
    expect(created.actions).toEqual([{ kind: 'webhook', url: 'https://retrain.example.com/go', secret_fields: ['secret'] }]);
    source.set({ a: 0.9 });
    await service.evaluateOnce();
    expect(await service.listStates(testAdmin, {})).toHaveLength(1);
    const patched = await service.updateRule(testAdmin, 'errors', { threshold: 0.4 });
    expect(patched).toMatchObject({ threshold: 0.4, window_seconds: 300, severity: 'critical', actions: [{ kind: 'webhook', secret_fields: ['secret'] }] });
    expect(await service.listStates(testAdmin, {})).toHaveLength(1);
    await service.updateRule(testAdmin, 'errors', { window_seconds: 600 });
    expect(await service.listStates(testAdmin, {})).toHaveLength(0);
    await expect(service.updateRule(testAdmin, 'errors', { window_seconds: 0 })).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('window_seconds') });
    await expect(service.updateRule(testAdmin, 'errors', { threshhold: 1 })).rejects.toMatchObject({ message: expect.stringContaining('threshhold') });
    await service.deleteRule(testAdmin, 'errors');
    expect(notifier.dropped).toContain(String(created.id));
    await expect(service.getRule(testAdmin, 'errors')).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
  });
});
