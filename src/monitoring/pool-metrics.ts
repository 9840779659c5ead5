import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { PoolMetrics } from '../serving/index.js';

const queueWaitBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const coldStartBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

interface EntitySeries {
  /** The pool that last set the gauges. */
  owner: object | undefined;
  replicas: { set(value: number): void };
  queueDepth: { set(value: number): void };
  utilization: { set(value: number): void };
  queueWait: { observe(value: number): void };
  coldStart: { observe(value: number): void };
}

/**
 * Replica pool metrics, labelled by endpoint and served entity (both configured names, so bounded). Children are
 * bound once per entity: the pool updates its gauges on every call.
 */
export function createPoolMetrics(registry: Registry): PoolMetrics {
  const registers = [registry];
  const labelNames = ['endpoint', 'served_entity'] as const;
  const replicas = new Gauge({ name: 'cairn_serving_replicas', help: 'Replicas of a served entity taking calls.', labelNames, registers });
  const queueDepth = new Gauge({ name: 'cairn_serving_queue_depth', help: 'Calls waiting for a replica slot.', labelNames, registers });
  const utilization = new Gauge({ name: 'cairn_serving_utilization', help: 'Busy replica slots / all slots (0..1).', labelNames, registers });
  const queueWait = new Histogram({
    name: 'cairn_serving_queue_wait_seconds',
    help: 'Time a call waited for a replica slot (0 when one was free).',
    labelNames,
    buckets: queueWaitBuckets,
    registers,
  });
  const coldStart = new Histogram({
    name: 'cairn_serving_cold_start_seconds',
    help: 'Time from starting a replica to its taking calls (load and warm-up included).',
    labelNames,
    buckets: coldStartBuckets,
    registers,
  });
  const rejections = new Counter({
    name: 'cairn_serving_queue_rejections_total',
    help: 'Calls a replica pool refused, by reason (queue_full, queue_timeout, unavailable).',
    labelNames: [...labelNames, 'reason'],
    registers,
  });

  const bound = new Map<string, EntitySeries>();
  const keyOf = (endpoint: string, entity: string): string => `${endpoint}\u0000${entity}`;
  function series(endpoint: string, entity: string): EntitySeries {
    const key = keyOf(endpoint, entity);
    let found = bound.get(key);
    if (!found) {
      const labels = { endpoint, served_entity: entity };
      found = {
        owner: undefined,
        replicas: replicas.labels(labels),
        queueDepth: queueDepth.labels(labels),
        utilization: utilization.labels(labels),
        queueWait: queueWait.labels(labels),
        coldStart: coldStart.labels(labels),
      };
      bound.set(key, found);
    }
    return found;
  }

  return {
    coldStart(endpoint, entity, seconds) {
      series(endpoint, entity).coldStart.observe(seconds);
    },
    queueWait(endpoint, entity, seconds) {
      series(endpoint, entity).queueWait.observe(seconds);
    },
    rejected(endpoint, entity, reason) {
      rejections.inc({ endpoint, served_entity: entity, reason });
    },
    gauges(endpoint, entity, values, owner) {
      const found = series(endpoint, entity);
      found.owner = owner;
      found.replicas.set(values.replicas);
      found.queueDepth.set(values.queueDepth);
      found.utilization.set(values.utilization);
    },
    forget(endpoint, entity, owner) {
      // A config update closes the old pool after the new one started under the same names: the gauges are the new
      // pool's then, and stay. Histograms and counters are cumulative and always stay.
      const key = keyOf(endpoint, entity);
      if (bound.get(key)?.owner !== owner) return;
      const labels = { endpoint, served_entity: entity };
      for (const gauge of [replicas, queueDepth, utilization]) gauge.remove(labels);
      bound.delete(keyOf(endpoint, entity));
    },
  };
}
