import { asArray, asRecord, asText, formatKeyValues, formatTable, formatTags, formatTime } from './output.js';

/** Human renderings of Databricks serving-endpoint answers. */

/** `demo v1`, `openai gpt-4o-mini`: what a served entity serves. */
export function entityTarget(entity: Record<string, unknown>): string {
  const external = asRecord(entity.external_model);
  if (asText(external.name)) return `${asText(external.provider) ?? 'external'} ${asText(external.name)}`;
  const name = asText(entity.entity_name) ?? asText(entity.model_name);
  const version = asText(entity.entity_version) ?? asText(entity.model_version);
  return name ? `${name}${version ? ` v${version}` : ''}` : '-';
}

function trafficByEntity(config: Record<string, unknown>): Map<string, number> {
  const routes = asArray(asRecord(config.traffic_config).routes);
  return new Map(
    routes.map((route) => [asText(route.served_entity_name) ?? asText(route.served_model_name) ?? '', Number(route.traffic_percentage)]),
  );
}

/** `1/4 (queue 0)`: replicas running / most allowed, for entities behind a bounded pool. */
function replicasText(state: Record<string, unknown>): string | undefined {
  const replicas = asRecord(state.replicas);
  if (typeof replicas.replicas !== 'number') return undefined;
  return `${replicas.replicas}/${asText(replicas.max_replicas) ?? '?'} (queue ${asText(replicas.queue_depth) ?? '0'})`;
}

function entitiesTable(config: Record<string, unknown>): string {
  const traffic = trafficByEntity(config);
  const entities = asArray(config.served_entities);
  const hasTraffic = traffic.size > 0;
  return formatTable(
    ['name', 'serves', 'traffic', 'state', 'replicas'],
    entities.map((entity) => {
      const name = asText(entity.name) ?? '';
      // Without traffic_config a single entity takes everything.
      const percentage = traffic.get(name) ?? (!hasTraffic && entities.length === 1 ? 100 : undefined);
      const state = asRecord(entity.state);
      return [name, entityTarget(entity), percentage === undefined ? undefined : `${percentage}%`, asText(state.serving_state) ?? asText(state.deployment), replicasText(state)];
    }),
  )
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

export function endpointDetails(endpoint: Record<string, unknown>): string {
  const state = asRecord(endpoint.state);
  const config = asRecord(endpoint.config);
  const pending = asRecord(endpoint.pending_config);
  const lines = [
    formatKeyValues([
      ['name', asText(endpoint.name)],
      ['id', asText(endpoint.id)],
      ['state', `${asText(state.ready) ?? '-'} (config update: ${asText(state.config_update) ?? '-'})`],
      ['message', asText(state.config_update_message)],
      ['task', asText(endpoint.task)],
      ['config version', asText(config.config_version)],
      ['pending version', asText(pending.config_version)],
      ['creator', asText(endpoint.creator)],
      ['created', formatTime(endpoint.creation_timestamp)],
      ['updated', formatTime(endpoint.last_updated_timestamp)],
      ['tags', formatTags(endpoint.tags)],
      ['your permission', asText(endpoint.permission_level)],
    ]),
  ];
  if (Array.isArray(config.served_entities)) lines.push('served entities:', entitiesTable(config));
  if (Array.isArray(pending.served_entities)) lines.push('pending served entities:', entitiesTable(pending));
  return lines.join('\n');
}

export function endpointsTable(endpoints: Array<Record<string, unknown>>): string {
  if (endpoints.length === 0) return 'No serving endpoints.';
  return formatTable(
    ['name', 'state', 'config update', 'version', 'task', 'served entities'],
    endpoints.map((endpoint) => {
      const config = asRecord(endpoint.config);
      const state = asRecord(endpoint.state);
      return [
        asText(endpoint.name),
        asText(state.ready),
        asText(state.config_update),
        asText(config.config_version),
        asText(endpoint.task),
        asArray(config.served_entities)
          .map((entity) => `${asText(entity.name)} (${entityTarget(entity)})`)
          .join(', '),
      ];
    }),
  );
}

export function configVersionsTable(versions: Array<Record<string, unknown>>): string {
  if (versions.length === 0) return 'No config versions.';
  return formatTable(
    ['version', 'current', 'created', 'created by', 'served entities'],
    versions.map((version) => {
      const traffic = trafficByEntity(version);
      return [
        asText(version.config_version),
        // A blank cell would print as "-"; a space keeps the column quiet for old versions.
        version.current === true ? '*' : ' ',
        formatTime(version.created_at),
        asText(version.created_by),
        asArray(version.served_entities)
          .map((entity) => {
            const percentage = traffic.get(asText(entity.name) ?? '');
            return `${asText(entity.name)} (${entityTarget(entity)}${percentage === undefined ? '' : ` ${percentage}%`})`;
          })
          .join(', '),
      ];
    }),
  );
}

/** The config version an endpoint answer says is being served (or applied). */
export function servingVersion(endpoint: Record<string, unknown>): string | undefined {
  return asText(asRecord(endpoint.pending_config).config_version) ?? asText(asRecord(endpoint.config).config_version);
}
