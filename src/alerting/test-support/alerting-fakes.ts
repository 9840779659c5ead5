import type { Principal, SecretStore } from '../../auth/index.js';
import { CairnError } from '../../errors/index.js';
import type { SeriesQuery, SeriesSource, SeriesValue } from '../../monitoring/series.js';
import type { AlertNotification, DeliveryView, Notifier, StoredChannel } from '../notifiers/types.js';

/** A SeriesSource whose answer the test sets; serves `error_rate`, `latency_p95_ms` and `fake.*`. */
export interface FakeSeriesSource extends SeriesSource {
  queries: SeriesQuery[];
  /** Value per group key ('' ungrouped); an empty map is no data. */
  values: Map<string, SeriesValue>;
  set(entries: Record<string, number | SeriesValue>): void;
  fail: Error | null;
}

export function fakeSeriesSource(): FakeSeriesSource {
  const known = new Set(['error_rate', 'latency_p95_ms']);
  const source: FakeSeriesSource = {
    queries: [],
    values: new Map(),
    fail: null,
    set(entries) {
      source.values = new Map(Object.entries(entries).map(([key, value]) => [key, typeof value === 'number' ? { value, samples: 100 } : value]));
    },
    handles: (series) => known.has(series) || series.startsWith('fake.'),
    validate: (_series, filter) => {
      const bad = Object.keys(filter).filter((key) => !['served_entity_name', 'model_version', 'error_code'].includes(key));
      return bad.length > 0 ? `unknown filter key(s) ${bad.join(', ')}` : null;
    },
    async evaluate(query) {
      source.queries.push(query);
      if (source.fail) throw source.fail;
      return new Map(source.values);
    },
    describe: () => ['error_rate', 'latency_p95_ms', 'fake.{name}'],
  };
  return source;
}

export interface FakeNotifier extends Notifier {
  enqueued: Array<{ notification: AlertNotification; channels: readonly StoredChannel[] }>;
  tested: AlertNotification[];
  dropped: string[];
  failEnqueue: boolean;
}

/** Records what alerting hands over; `prepareChannels` accepts `[{kind:'webhook', url, secret?}]`. */
export function fakeNotifier(): FakeNotifier {
  const notifier: FakeNotifier = {
    enqueued: [],
    tested: [],
    dropped: [],
    failEnqueue: false,
    async prepareChannels(ruleId, inputs) {
      if (!Array.isArray(inputs)) throw new CairnError('INVALID_PARAMETER_VALUE', 'channels must be a list');
      return inputs.map((input: { url?: unknown; secret?: unknown }, index) => {
        if (typeof input.url !== 'string') throw new CairnError('INVALID_PARAMETER_VALUE', `channels[${index}].url is required`);
        return {
          kind: 'webhook',
          name: `webhook-${index}`,
          settings: { url: input.url },
          ...(input.secret ? { secretRef: { scope: 'cairn-alerting', key: `${ruleId}-${index}-00000000` } } : {}),
        } satisfies StoredChannel;
      });
    },
    viewChannels: (channels) => channels.map((channel) => ({ kind: channel.kind, name: channel.name, ...channel.settings })),
    async dropSecrets(ruleId) {
      notifier.dropped.push(ruleId);
    },
    async enqueue(notification, channels) {
      if (notifier.failEnqueue) throw new Error('notifier store is down');
      notifier.enqueued.push({ notification, channels });
    },
    async test(notification, channels) {
      notifier.tested.push(notification);
      return channels.map((channel) => ({ channel: channel.name, ok: true }));
    },
    async list(): Promise<DeliveryView[]> {
      return [];
    },
    async get() {
      return undefined;
    },
    async retry() {
      return undefined;
    },
    start() {},
    async close() {},
  };
  return notifier;
}

/** An in-memory secret store (only what alerting uses). */
export function memorySecrets(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  const store = {
    values,
    async put(scope: string, key: string, value: string) {
      values.set(`${scope}/${key}`, value);
    },
    async get(scope: string, key: string) {
      const value = values.get(`${scope}/${key}`);
      if (value === undefined) throw new CairnError('RESOURCE_DOES_NOT_EXIST', 'no such secret');
      return value;
    },
    async delete(scope: string, key: string) {
      values.delete(`${scope}/${key}`);
    },
    async list(scope: string) {
      return [...values.keys()].filter((name) => name.startsWith(`${scope}/`)).map((name) => ({ key: name.slice(scope.length + 1), last_updated_timestamp: 0 }));
    },
  };
  return store as unknown as SecretStore & { values: Map<string, string> };
}

export const testAdmin: Principal = { id: 'admin-id', kind: 'user', name: 'admin', displayName: 'admin', isAdmin: true, groupIds: [] };
export const testUser = (name: string): Principal => ({ id: `${name}-id`, kind: 'user', name, displayName: name, isAdmin: false, groupIds: [] });
