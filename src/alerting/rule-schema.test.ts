import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CairnError } from '../errors/index.js';
import { AlertRules } from './alert-rules.js';
import type { AlertStore } from './alert-store.js';
import { MAX_WINDOW_SECONDS } from './rule-schema.js';
import { SeriesRouter } from './series-router.js';
import { fakeNotifier, fakeSeriesSource, memorySecrets } from './test-support/alerting-fakes.js';

const rules = new AlertRules({
  store: {} as AlertStore,
  router: new SeriesRouter([fakeSeriesSource()]),
  notifier: fakeNotifier(),
  secrets: memorySecrets(),
  serving: { resolveEndpointId: () => 'id' },
  auth: { levelOn: () => 'CAN_MANAGE', require: () => undefined },
  allowPrivate: false,
  now: () => 0,
});

const valid = { name: 'errors', endpoint_name: 'ep', series: 'error_rate', window_seconds: 300, comparator: '>', threshold: 0.1 };

function rejection(body: unknown): CairnError {
  try {
    rules.validate(body);
  } catch (error) {
    if (error instanceof CairnError) return error;
    throw error;
  }
  throw new Error('expected a 400');
}

describe('alert rule validation', () => {
  it('fills the defaults', () => {
    expect(rules.validate(valid)).toEqual({
      ...valid,
      filter: {},
      group_by: null,
      aggregation: 'avg',
      for_seconds: 0,
      severity: 'warning',
      no_data: 'ok',
      channels: [],
      actions: [],
      dry_run: false,
      enabled: true,
    });
    expect(rules.validate({ ...valid, endpoint_name: undefined }).endpoint_name).toBeNull();
  });

  it('unknown series: 400 listing the valid names', () => {
    const error = rejection({ ...valid, series: 'eror_rate' });
    expect(error.status).toBe(400);
    expect(error.message).toContain('unknown series "eror_rate"');
    expect(error.message).toContain('error_rate, latency_p95_ms, fake.{name}');
    expect(error.details).toMatchObject({ param: 'series', valid_series: ['error_rate', 'latency_p95_ms', 'fake.{name}'] });
  });

  it("a source's own refusal (bad filter key) is a 400 too", () => {
    expect(rejection({ ...valid, filter: { region: 'eu' } }).message).toContain('unknown filter key(s) region');
  });

  it.each([
    [{ window_seconds: 0 }, 'window_seconds: window_seconds must be greater than 0'],
    [{ window_seconds: -60 }, 'window_seconds: window_seconds must be greater than 0'],
    [{ window_seconds: MAX_WINDOW_SECONDS + 1 }, 'window_seconds must be at most 604800'],
    [{ window_seconds: 1.5 }, 'whole number'],
    [{ for_seconds: -1 }, 'for_seconds: for_seconds must be 0 or more'],
    [{ renotify_seconds: 0 }, 'renotify_seconds: renotify_seconds must be greater than 0'],
    [{ comparator: '=~' }, 'comparator: comparator must be one of > >= < <= == !='],
    [{ comparator: undefined }, 'comparator'],
    [{ threshold: 'high' }, 'threshold'],
    [{ aggregation: 'median' }, 'aggregation'],
    [{ no_data: 'ignore' }, 'no_data'],
    [{ severity: 'page' }, 'severity'],
    [{ group_by: 'region' }, 'group_by'],
    [{ min_samples: 0 }, 'min_samples'],
    [{ threshhold: 1 }, 'unknown field(s) threshhold'],
    [{ actions: [{ kind: 'reboot' }] }, 'actions.0.kind: kind must be one of rollback, shift_traffic, disable, webhook'],
    [{ actions: [{ kind: 'rollback', force: true }] }, 'unknown field(s) force'],
    [{ actions: [{ kind: 'webhook' }] }, 'actions.0.url'],
    [{ name: '' }, 'name'],
  ])('%j → 400 naming the field', (change, message) => {
    const error = rejection({ ...valid, ...change });
    expect(error.status).toBe(400);
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain(message);
  });

  it('endpoint actions need an endpoint; shift_traffic needs to know which entity', () => {
    expect(rejection({ ...valid, endpoint_name: null, actions: [{ kind: 'rollback' }] }).message).toContain('global rule');
    expect(rejection({ ...valid, actions: [{ kind: 'shift_traffic' }] }).message).toContain('shift_traffic needs served_entity_name');
    expect(rules.validate({ ...valid, group_by: 'served_entity', actions: [{ kind: 'shift_traffic' }] }).actions).toEqual([{ kind: 'shift_traffic' }]);
    expect(rules.validate({ ...valid, filter: { served_entity_name: 'a' }, actions: [{ kind: 'shift_traffic' }] }).actions).toHaveLength(1);
    expect(rules.validate({ ...valid, endpoint_name: null, actions: [{ kind: 'webhook', url: 'https://x.example.com' }] }).actions).toHaveLength(1);
  });

  it('webhook action URLs go through the SSRF guard (400 naming the field)', async () => {
    const attempt = rules.create(
      { id: 'a', kind: 'user', name: 'a', displayName: 'a', isAdmin: true, groupIds: [] },
      { ...valid, actions: [{ kind: 'webhook', url: 'http://169.254.169.254/latest' }] },
    );
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('actions[0].url') });
  });

  it('property: any input either parses to a well-formed rule or is a 400, never another error', () => {
    const field = fc.constantFrom('name', 'endpoint_name', 'series', 'window_seconds', 'comparator', 'threshold', 'for_seconds', 'no_data', 'actions', 'filter', 'group_by', 'min_samples', 'extra');
    fc.assert(
      fc.property(fc.dictionary(field, fc.jsonValue({ maxDepth: 2 })), (changes) => {
        let parsed;
        try {
          parsed = rules.validate({ ...valid, ...changes });
        } catch (error) {
          expect(error).toBeInstanceOf(CairnError);
          expect((error as CairnError).status).toBe(400);
          return;
        }
        expect(parsed.window_seconds).toBeGreaterThan(0);
        expect(parsed.window_seconds).toBeLessThanOrEqual(MAX_WINDOW_SECONDS);
        expect(parsed.for_seconds).toBeGreaterThanOrEqual(0);
        expect(['>', '>=', '<', '<=', '==', '!=']).toContain(parsed.comparator);
        expect(Number.isFinite(parsed.threshold)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
