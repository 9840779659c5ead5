import { z } from 'zod';
import { CairnError } from '../errors/index.js';
import { validateSizing } from './pool/sizing.js';

/**
 * Databricks' serving-endpoint config shapes (the compatible subset Cairn serves). Input schemas are
 * tolerant of fields Databricks clients send that Cairn does not use yet (they are kept and echoed back)
 * but strict about the fields Cairn acts on.
 */

const secretReference = /^\{\{secrets\/[^/{}]+\/[^/{}]+\}\}$/;

export const openAiConfigSchema = z
  .object({
    openai_api_base: z.string().url().optional(),
    /** `{{secrets/<scope>/<key>}}` reference. */
    openai_api_key: z.string().regex(secretReference, 'must be a secret reference {{secrets/<scope>/<key>}}').optional(),
    openai_api_key_plaintext: z.string().min(1).optional(),
    openai_api_type: z.string().optional(),
    openai_api_version: z.string().optional(),
    openai_organization: z.string().optional(),
    openai_deployment_name: z.string().optional(),
  })
  .strict();

/** Databricks' `anthropic_config`, plus `anthropic_api_base` (a Cairn addition, for proxies and gateways). */
export const anthropicConfigSchema = z
  .object({
    anthropic_api_base: z.string().url().optional(),
    /** `{{secrets/<scope>/<key>}}` reference. */
    anthropic_api_key: z.string().regex(secretReference, 'must be a secret reference {{secrets/<scope>/<key>}}').optional(),
    anthropic_api_key_plaintext: z.string().min(1).optional(),
  })
  .strict();

export const externalModelSchema = z
  .object({
    name: z.string().min(1),
    provider: z.string().min(1),
    task: z.enum(['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings']),
    openai_config: openAiConfigSchema.optional(),
    anthropic_config: anthropicConfigSchema.optional(),
  })
  .passthrough();

export const servedEntityInputSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,63}$/, 'letters, digits, _ . - (at most 63)').optional(),
    entity_name: z.string().min(1).optional(),
    entity_version: z.union([z.string().min(1), z.number().int().positive()]).transform(String).optional(),
    external_model: externalModelSchema.optional(),
    workload_size: z.string().optional(),
    workload_type: z.string().optional(),
    scale_to_zero_enabled: z.boolean().optional(),
    min_provisioned_throughput: z.number().optional(),
    max_provisioned_throughput: z.number().optional(),
    /** Replica pool bounds in concurrent calls (instead of workload_size); see docs/serving.md. */
    min_provisioned_concurrency: z.number().int().min(0).optional(),
    max_provisioned_concurrency: z.number().int().min(1).optional(),
    environment_vars: z.record(z.string(), z.string()).optional(),
  })
  .passthrough();

/** Legacy `served_models` entries (model_name / model_version) are accepted and mapped to entities. */
export const servedModelInputSchema = z
  .object({
    name: z.string().optional(),
    model_name: z.string().min(1),
    model_version: z.union([z.string().min(1), z.number().int().positive()]).transform(String),
    workload_size: z.string().optional(),
    scale_to_zero_enabled: z.boolean().optional(),
  })
  .passthrough();

export const routeSchema = z
  .object({
    served_model_name: z.string().min(1).optional(),
    served_entity_name: z.string().min(1).optional(),
    traffic_percentage: z.number().int().min(0).max(100),
  })
  .strict();

export const endpointConfigInputSchema = z
  .object({
    name: z.string().optional(),
    served_entities: z.array(servedEntityInputSchema).max(16).optional(),
    served_models: z.array(servedModelInputSchema).max(16).optional(),
    traffic_config: z.object({ routes: z.array(routeSchema).max(16) }).strict().optional(),
    auto_capture_config: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type EndpointConfigInput = z.output<typeof endpointConfigInputSchema>;

export interface ExternalModelConfig {
  name: string;
  provider: string;
  task: 'llm/v1/chat' | 'llm/v1/completions' | 'llm/v1/embeddings';
  openai_config?: {
    openai_api_base?: string;
    openai_api_key?: string;
    openai_api_type?: string;
    openai_api_version?: string;
    openai_organization?: string;
    openai_deployment_name?: string;
  };
  anthropic_config?: {
    anthropic_api_base?: string;
    anthropic_api_key?: string;
  };
  [key: string]: unknown;
}

/** A served entity as stored: always named, secrets only as references. */
export interface StoredServedEntity {
  name: string;
  entity_name?: string;
  entity_version?: string;
  external_model?: ExternalModelConfig;
  workload_size?: string;
  scale_to_zero_enabled?: boolean;
  min_provisioned_concurrency?: number;
  max_provisioned_concurrency?: number;
  [key: string]: unknown;
}

export interface StoredRoute {
  served_model_name: string;
  traffic_percentage: number;
}

export interface StoredEndpointConfig {
  served_entities: StoredServedEntity[];
  traffic_config: { routes: StoredRoute[] };
}

/** A plaintext key lifted out of a config; the caller stores it encrypted and keeps only `reference`. */
export interface ExtractedSecret {
  entityName: string;
  field: 'openai_api_key' | 'anthropic_api_key';
  value: string;
}

function defaultEntityName(entity: { entity_name?: string; entity_version?: string; external_model?: { name: string } }): string {
  if (entity.external_model) return entity.external_model.name.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 63);
  const base = (entity.entity_name ?? 'entity').split('.').pop() ?? 'entity';
  return `${base}-${entity.entity_version ?? '1'}`.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 63);
}

/**
 * Lifts `anthropic_api_key_plaintext` out of an external model's (copied) config into `secrets`. Like Databricks,
 * the anthropic provider needs a key, given one way or the other.
 */
function extractAnthropicKey(external: ExternalModelConfig, name: string, secrets: ExtractedSecret[]): void {
  const given = external.anthropic_config as Record<string, unknown> | undefined;
  if (!given) {
    if (external.provider === 'anthropic') throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${name}: provider anthropic needs anthropic_config.`);
    return;
  }
  const anthropic = { ...given };
  const plaintext = anthropic.anthropic_api_key_plaintext;
  if (plaintext !== undefined && anthropic.anthropic_api_key !== undefined) {
    throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${name}: give anthropic_api_key or anthropic_api_key_plaintext, not both.`);
  }
  if (external.provider === 'anthropic' && plaintext === undefined && anthropic.anthropic_api_key === undefined) {
    throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${name}: anthropic_config needs anthropic_api_key (a secret reference) or anthropic_api_key_plaintext.`);
  }
  if (typeof plaintext === 'string') {
    secrets.push({ entityName: name, field: 'anthropic_api_key', value: plaintext });
    delete anthropic.anthropic_api_key_plaintext;
  }
  external.anthropic_config = anthropic;
}

/**
 * Validates a config input and turns it into the stored form: every entity named, traffic routes present
 * and summing to 100, plaintext keys extracted. Pure: no I/O (existence checks happen in the service).
 */
export function normalizeEndpointConfig(input: EndpointConfigInput): { config: StoredEndpointConfig; secrets: ExtractedSecret[] } {
  const entities: StoredServedEntity[] = [];
  const secrets: ExtractedSecret[] = [];
  for (const model of input.served_models ?? []) {
    const { model_name, model_version, name, ...rest } = model;
    entities.push({ ...rest, name: name ?? defaultEntityName({ entity_name: model_name, entity_version: model_version }), entity_name: model_name, entity_version: model_version });
  }
  for (const entity of input.served_entities ?? []) {
    const hasRegistryModel = entity.entity_name !== undefined;
    if (hasRegistryModel === Boolean(entity.external_model)) {
      throw new CairnError('INVALID_PARAMETER_VALUE', 'Each served entity needs exactly one of entity_name (+ entity_version) or external_model.');
    }
    if (hasRegistryModel && entity.entity_version === undefined) {
      throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${entity.entity_name} needs entity_version.`);
    }
    const name = entity.name ?? defaultEntityName(entity as { entity_name?: string; entity_version?: string; external_model?: { name: string } });
    // Output-only fields a client might echo back (or spoof) are never stored.
    const { state: _state, creator: _creator, creation_timestamp: _created, ...input } = entity as Record<string, unknown>;
    const stored = { ...input, name } as StoredServedEntity;
    if (entity.external_model) {
      const external = { ...entity.external_model } as ExternalModelConfig & { openai_config?: Record<string, unknown> };
      const openai = external.openai_config ? { ...external.openai_config } : undefined;
      if (openai) {
        if (openai.openai_api_key_plaintext !== undefined && openai.openai_api_key !== undefined) {
          throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${name}: give openai_api_key or openai_api_key_plaintext, not both.`);
        }
        if (typeof openai.openai_api_key_plaintext === 'string') {
          secrets.push({ entityName: name, field: 'openai_api_key', value: openai.openai_api_key_plaintext });
          delete openai.openai_api_key_plaintext;
        }
        external.openai_config = openai;
      }
      if (external.provider === 'openai' && !openai) {
        throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity ${name}: provider openai needs openai_config.`);
      }
      extractAnthropicKey(external, name, secrets);
      stored.external_model = external;
    }
    entities.push(stored);
  }
  if (entities.length === 0) {
    throw new CairnError('INVALID_PARAMETER_VALUE', 'A config needs at least one served entity (served_entities or served_models).');
  }
  const names = new Set<string>();
  for (const entity of entities) {
    validateSizing(entity, entity.name);
    if (names.has(entity.name)) throw new CairnError('INVALID_PARAMETER_VALUE', `Served entity name ${entity.name} is used twice.`);
    names.add(entity.name);
  }
  const routes = normalizeRoutes(input, entities);
  return { config: { served_entities: entities, traffic_config: { routes } }, secrets };
}

function normalizeRoutes(input: EndpointConfigInput, entities: StoredServedEntity[]): StoredRoute[] {
  const given = input.traffic_config?.routes;
  if (!given || given.length === 0) {
    if (entities.length > 1) {
      throw new CairnError('INVALID_PARAMETER_VALUE', 'traffic_config.routes is required when there is more than one served entity.');
    }
    return [{ served_model_name: entities[0]!.name, traffic_percentage: 100 }];
  }
  const names = new Set(entities.map((entity) => entity.name));
  const seen = new Set<string>();
  const routes: StoredRoute[] = [];
  for (const route of given) {
    const target = route.served_entity_name ?? route.served_model_name;
    if (!target) throw new CairnError('INVALID_PARAMETER_VALUE', 'Each route needs served_model_name (or served_entity_name).');
    if (!names.has(target)) throw new CairnError('INVALID_PARAMETER_VALUE', `Route names ${target}, which is not a served entity of this config.`);
    if (seen.has(target)) throw new CairnError('INVALID_PARAMETER_VALUE', `Route for ${target} is given twice.`);
    seen.add(target);
    routes.push({ served_model_name: target, traffic_percentage: route.traffic_percentage });
  }
  const total = routes.reduce((sum, route) => sum + route.traffic_percentage, 0);
  if (total !== 100) {
    throw new CairnError('INVALID_PARAMETER_VALUE', `traffic_config.routes percentages must sum to 100, got ${total}.`);
  }
  return routes;
}

/** The secret reference stored in place of a plaintext key. */
export function secretReferenceFor(scope: string, key: string): string {
  return `{{secrets/${scope}/${key}}}`;
}

export function parseSecretReference(reference: string): { scope: string; key: string } | undefined {
  const match = /^\{\{secrets\/([^/{}]+)\/([^/{}]+)\}\}$/.exec(reference);
  return match ? { scope: match[1]!, key: match[2]! } : undefined;
}
