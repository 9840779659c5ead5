import type { PermissionLevel } from '../auth/index.js';
import type { StoredEndpointConfig, StoredServedEntity } from './endpoint-config.js';
import type { ModelCapabilities } from '../providers/index.js';
import type { EntityServingState } from './pool/index.js';
import type { ConfigVersionRecord, EndpointRecord } from './endpoint-repository.js';

/** Databricks' `ServingEndpointDetailed` and list-item shapes, built from stored records. */

export type DeploymentState = 'DEPLOYMENT_READY' | 'DEPLOYMENT_CREATING' | 'DEPLOYMENT_FAILED';

export interface EntityStatus {
  deployment: DeploymentState;
  deployment_state_message: string;
  /** Cairn extension: the replica pool's state (READY, SCALING, SCALED_TO_ZERO, FAILED). */
  serving_state?: EntityServingState['state'];
  /** Cairn extension: replica and queue figures of a running entity. */
  replicas?: Omit<EntityServingState, 'state' | 'message'>;
}

/**
 * Each served entity's status: from its pool when the current config version runs here, else FAILED with why the
 * config could not start, else still starting.
 */
export function entityStates(
  entities: readonly StoredServedEntity[],
  running: { entities: ReadonlyMap<string, { pool?: { status(): EntityServingState } }> } | undefined,
  failure: string | undefined,
): Map<string, EntityStatus> {
  const states = new Map<string, EntityStatus>();
  for (const entity of entities) {
    const served = running?.entities.get(entity.name);
    states.set(entity.name, served
      ? entityStatusOf(served.pool?.status())
      : failure
        ? { deployment: 'DEPLOYMENT_FAILED', deployment_state_message: failure, serving_state: 'FAILED' }
        : { deployment: 'DEPLOYMENT_CREATING', deployment_state_message: 'Starting.', serving_state: 'SCALING' });
  }
  return states;
}

/** A running entity's status from its pool: a FAILED pool (no replica can start) is DEPLOYMENT_FAILED with why. */
export function entityStatusOf(pool: EntityServingState | undefined): EntityStatus {
  if (!pool) return { deployment: 'DEPLOYMENT_READY', deployment_state_message: '', serving_state: 'READY' };
  const { state, message, ...replicas } = pool;
  return {
    deployment: state === 'FAILED' ? 'DEPLOYMENT_FAILED' : 'DEPLOYMENT_READY',
    deployment_state_message: message,
    serving_state: state,
    replicas,
  };
}

function publicEntity(entity: StoredServedEntity, createdAt: number, creator: string | null, state?: EntityStatus): Record<string, unknown> {
  const view: Record<string, unknown> = { ...entity, creation_timestamp: createdAt };
  if (creator) view.creator = creator;
  if (state) view.state = state;
  return view;
}

/** Databricks clients read `served_models` for registry models; Cairn fills both lists. */
function servedModelsView(config: StoredEndpointConfig, createdAt: number, states: Map<string, EntityStatus>): Array<Record<string, unknown>> {
  return config.served_entities
    .filter((entity) => entity.entity_name !== undefined)
    .map((entity) => ({
      name: entity.name,
      model_name: entity.entity_name,
      model_version: entity.entity_version,
      workload_size: entity.workload_size,
      scale_to_zero_enabled: entity.scale_to_zero_enabled ?? false,
      creation_timestamp: createdAt,
      ...(states.get(entity.name) ? { state: states.get(entity.name) } : {}),
    }));
}

export function configView(version: ConfigVersionRecord, creator: string | null, states: Map<string, EntityStatus>): Record<string, unknown> {
  return {
    served_entities: version.config.served_entities.map((entity) => publicEntity(entity, version.createdAt, creator, states.get(entity.name))),
    served_models: servedModelsView(version.config, version.createdAt, states),
    traffic_config: version.config.traffic_config,
    config_version: version.version,
  };
}

export interface DetailedViewInput {
  record: EndpointRecord;
  current: ConfigVersionRecord | undefined;
  pending: ConfigVersionRecord | undefined;
  ready: boolean;
  entityStates: Map<string, EntityStatus>;
  permissionLevel: PermissionLevel | null;
  /** The task the running model shows (a custom model that only predicts has none); else taken from the config. */
  runningTask?: string | null;
}

export function detailedView(input: DetailedViewInput): Record<string, unknown> {
  const { record, current, pending } = input;
  const view: Record<string, unknown> = {
    name: record.name,
    id: record.id,
    creator: record.creator ?? undefined,
    creation_timestamp: record.createdAt,
    last_updated_timestamp: record.updatedAt,
    state: {
      ready: input.ready ? 'READY' : 'NOT_READY',
      config_update: record.configUpdate,
      ...(record.configUpdateMessage ? { config_update_message: record.configUpdateMessage } : {}),
      ...disabledState(record),
    },
    tags: record.tags,
    permission_level: input.permissionLevel ?? undefined,
    task: input.runningTask === undefined ? taskOf(current?.config ?? pending?.config) : (input.runningTask ?? undefined),
  };
  if (current) view.config = configView(current, record.creator, input.entityStates);
  if (pending) {
    view.pending_config = { ...configView(pending, record.creator, new Map()), start_time: pending.createdAt };
  }
  if (record.aiGateway) view.ai_gateway = record.aiGateway;
  return view;
}

export function listItemView(record: EndpointRecord, current: ConfigVersionRecord | undefined, ready: boolean, runningTask?: string | null): Record<string, unknown> {
  return {
    name: record.name,
    id: record.id,
    creator: record.creator ?? undefined,
    creation_timestamp: record.createdAt,
    last_updated_timestamp: record.updatedAt,
    state: { ready: ready ? 'READY' : 'NOT_READY', config_update: record.configUpdate, ...disabledState(record) },
    tags: record.tags,
    task: runningTask === undefined ? taskOf(current?.config) : (runningTask ?? undefined),
    config: current
      ? {
          served_entities: current.config.served_entities.map((entity) => ({
            name: entity.name,
            entity_name: entity.entity_name,
            entity_version: entity.entity_version,
            external_model: entity.external_model
              ? { name: entity.external_model.name, provider: entity.external_model.provider, task: entity.external_model.task }
              : undefined,
          })),
          config_version: current.version,
        }
      : undefined,
  };
}

/**
 * Cairn extension of `state` while the endpoint is disabled: `disabled: true`, who, when and why. Absent otherwise,
 * so an enabled endpoint keeps Databricks' exact shape.
 */
function disabledState(record: EndpointRecord): Record<string, unknown> {
  if (!record.disabled) return {};
  return {
    disabled: true,
    disabled_at: record.disabled.at,
    ...(record.disabled.reason !== null ? { disabled_reason: record.disabled.reason } : {}),
    ...(record.disabled.by !== null ? { disabled_by: record.disabled.by } : {}),
  };
}

/**
 * The task a running registry model shows, from what it can do: chat, else embeddings; none for a custom model that
 * only predicts (Databricks shows no task for custom models).
 */
export function taskOfCapabilities(capabilities: ModelCapabilities): string | null {
  if (capabilities.chat) return 'llm/v1/chat';
  if (capabilities.embeddings) return 'llm/v1/embeddings';
  return null;
}

/** The endpoint's task: the external model's task, or chat for registry models (the demo model chats). */
export function taskOf(config: StoredEndpointConfig | undefined): string | undefined {
  const first = config?.served_entities[0];
  if (!first) return undefined;
  return first.external_model?.task ?? 'llm/v1/chat';
}
