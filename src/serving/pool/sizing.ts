import { CairnError } from '../../errors/index.js';
import type { ReplicaFactory } from '../../providers/index.js';
import type { PoolSizing } from './types.js';

/** Databricks' workload sizes: the concurrent calls a served entity may take at most. */
export const WORKLOAD_SIZES = { Small: 4, Medium: 16, Large: 64 } as const;
export type WorkloadSize = keyof typeof WORKLOAD_SIZES;

/** The largest `max_provisioned_concurrency` Cairn accepts (Databricks' default workspace quota is 200). */
export const MAX_PROVISIONED_CONCURRENCY = 1024;

/** The sizing fields of a served entity, as stored. */
export interface SizingFields {
  name?: string;
  workload_size?: string;
  scale_to_zero_enabled?: boolean;
  min_provisioned_concurrency?: number;
  max_provisioned_concurrency?: number;
}

function isWorkloadSize(value: string): value is WorkloadSize {
  return Object.hasOwn(WORKLOAD_SIZES, value);
}

/**
 * Checks the sizing fields of one served entity the way Databricks does: one style only (`workload_size` or the
 * provisioned-concurrency pair), sizes spelled as Databricks spells them, min ≤ max. Throws 400 naming the field.
 */
export function validateSizing(entity: SizingFields, entityName: string): void {
  const fail = (field: string, message: string): never => {
    throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${entityName}: ${field} ${message}`, { details: { field } });
  };
  const { workload_size: size, min_provisioned_concurrency: min, max_provisioned_concurrency: max } = entity;
  if (size !== undefined && !isWorkloadSize(size)) {
    fail('workload_size', `must be Small, Medium or Large (got ${JSON.stringify(size).slice(0, 40)}).`);
  }
  if (size !== undefined && (min !== undefined || max !== undefined)) {
    fail(min !== undefined ? 'min_provisioned_concurrency' : 'max_provisioned_concurrency', 'cannot be given together with workload_size.');
  }
  for (const [field, value] of [['min_provisioned_concurrency', min], ['max_provisioned_concurrency', max]] as const) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0 || value > MAX_PROVISIONED_CONCURRENCY) {
      fail(field, `must be an integer from 0 to ${MAX_PROVISIONED_CONCURRENCY}.`);
    }
  }
  if (max === 0) fail('max_provisioned_concurrency', 'must be at least 1.');
  if (min !== undefined && max !== undefined && min > max) {
    fail('min_provisioned_concurrency', `(${min}) must not exceed max_provisioned_concurrency (${max}).`);
  }
}

/**
 * Replica bounds of a served entity. Concurrency comes from `workload_size` (Small = 4, Medium = 16, Large = 64
 * concurrent calls) or `min_provisioned_concurrency` / `max_provisioned_concurrency`, and is divided by what one
 * replica takes. A workload size keeps one replica warm (none with `scale_to_zero_enabled`); provisioned concurrency
 * keeps enough replicas for its minimum. An entity that names no size: a `worker` model gets Small; in-process and
 * upstream models stay unbounded (no queue, no cap) unless `scale_to_zero_enabled` asks for a pool.
 */
export function sizingOf(entity: SizingFields, replicaConcurrency: number, kind: ReplicaFactory['kind'] = 'worker'): PoolSizing {
  const perReplica = Math.max(1, Math.floor(replicaConcurrency));
  const scaleToZero = entity.scale_to_zero_enabled === true;
  const provisioned = entity.min_provisioned_concurrency !== undefined || entity.max_provisioned_concurrency !== undefined;
  const sized = entity.workload_size !== undefined || provisioned || scaleToZero;
  if (!sized && kind !== 'worker') return { minReplicas: 1, maxReplicas: 1, scaleToZero: false, unbounded: true };

  let minConcurrency: number;
  let maxConcurrency: number;
  if (provisioned) {
    minConcurrency = entity.min_provisioned_concurrency ?? 0;
    maxConcurrency = Math.max(entity.max_provisioned_concurrency ?? minConcurrency, 1);
  } else {
    const size = entity.workload_size !== undefined && isWorkloadSize(entity.workload_size) ? entity.workload_size : 'Small';
    maxConcurrency = WORKLOAD_SIZES[size];
    minConcurrency = perReplica;
  }
  const maxReplicas = Math.max(1, Math.ceil(maxConcurrency / perReplica));
  const minReplicas = scaleToZero ? 0 : Math.min(maxReplicas, Math.max(1, Math.ceil(minConcurrency / perReplica)));
  return { minReplicas, maxReplicas, scaleToZero, unbounded: false };
}
