import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { parseInteger, parseVersion, usageError } from '../argument-parsers.js';
import { type ClientOptions, clientFrom, printResult, withClientOptions } from '../client-command.js';
import { asArray, asRecord, asText, formatKeyValues, formatTable, formatTags, formatTime } from '../output.js';
import { registerModelPackageCommands } from './model-packages.js';

const registeredModels = '/api/2.0/mlflow/registered-models';
const modelVersions = '/api/2.0/mlflow/model-versions';
const stages = ['None', 'Staging', 'Production', 'Archived'] as const;

/** MLflow's search filter string literal: backslash-escaped single quotes. */
export function mlflowString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** `production` → `Production`; MLflow stage names are case-sensitive on the wire. */
export function parseStage(text: string): (typeof stages)[number] {
  const stage = stages.find((candidate) => candidate.toLowerCase() === text.trim().toLowerCase());
  if (!stage) throw usageError(`STAGE must be one of ${stages.join(', ')}, got "${text}"`);
  return stage;
}

/** Every page of an MLflow search, merged into one answer of the same shape. */
async function searchAll(client: ApiClient, path: string, listKey: string, query: Record<string, string | undefined>, limit: number) {
  const items: unknown[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.get(path, { ...query, max_results: String(Math.min(1000, limit - items.length)), page_token: pageToken });
    items.push(...(Array.isArray(page[listKey]) ? (page[listKey] as unknown[]) : []));
    pageToken = typeof page.next_page_token === 'string' && page.next_page_token ? page.next_page_token : undefined;
  } while (pageToken && items.length < limit);
  return { [listKey]: items.slice(0, limit) };
}

function modelDetails(model: Record<string, unknown>): string {
  const aliases = asArray(model.aliases).map((alias) => `${asText(alias.alias)}→${asText(alias.version)}`);
  const latest = asArray(model.latest_versions).map((version) => `${asText(version.version)} (${asText(version.current_stage)})`);
  return formatKeyValues([
    ['name', asText(model.name)],
    ['id', asText(model.id)],
    ['description', asText(model.description)],
    ['owner', asText(model.user_id)],
    ['created', formatTime(model.creation_timestamp)],
    ['updated', formatTime(model.last_updated_timestamp)],
    ['tags', formatTags(model.tags)],
    ['aliases', aliases.join(', ')],
    ['latest versions', latest.join(', ')],
  ]);
}

function versionDetails(version: Record<string, unknown>): string {
  return formatKeyValues([
    ['name', asText(version.name)],
    ['version', asText(version.version)],
    ['stage', asText(version.current_stage)],
    ['status', asText(version.status)],
    ['source', asText(version.source)],
    ['run id', asText(version.run_id)],
    ['description', asText(version.description)],
    ['aliases', Array.isArray(version.aliases) ? version.aliases.join(', ') : undefined],
    ['tags', formatTags(version.tags)],
    ['created', formatTime(version.creation_timestamp)],
  ]);
}

export function modelsTable(models: Array<Record<string, unknown>>): string {
  if (models.length === 0) return 'No registered models.';
  return formatTable(
    ['name', 'latest', 'aliases', 'updated', 'description'],
    models.map((model) => [
      asText(model.name),
      asArray(model.latest_versions)
        .map((version) => Number(version.version))
        .reduce<number | undefined>((highest, version) => (highest === undefined || version > highest ? version : highest), undefined),
      asArray(model.aliases)
        .map((alias) => `${asText(alias.alias)}→${asText(alias.version)}`)
        .join(', '),
      formatTime(model.last_updated_timestamp),
      asText(model.description)?.slice(0, 60),
    ]),
  );
}

export function versionsTable(versions: Array<Record<string, unknown>>): string {
  if (versions.length === 0) return 'No versions.';
  return formatTable(
    ['version', 'stage', 'status', 'aliases', 'created', 'source'],
    versions.map((version) => [
      asText(version.version),
      asText(version.current_stage),
      asText(version.status),
      Array.isArray(version.aliases) ? version.aliases.join(', ') : undefined,
      formatTime(version.creation_timestamp),
      asText(version.source),
    ]),
  );
}

export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description('Registered models, versions, aliases and stages (MLflow registry API)');

  withClientOptions(models.command('create <name>').description('Register a model').option('--description <text>', 'description')).action(
    async (name: string, options: ClientOptions & { description?: string }) => {
      const result = await clientFrom(options).post(`${registeredModels}/create`, { name, description: options.description });
      printResult(options, result, () => `Created model ${name}.\n${modelDetails(asRecord(result.registered_model))}`);
    },
  );

  withClientOptions(
    models
      .command('list')
      .description('List registered models')
      .option('--filter <filter>', `MLflow filter, e.g. "name LIKE 'chat%'"`)
      .option('--limit <n>', 'at most this many models', '1000'),
  ).action(async (options: ClientOptions & { filter?: string; limit: string }) => {
    const limit = parseInteger(options.limit, '--limit', 1);
    const result = await searchAll(clientFrom(options), `${registeredModels}/search`, 'registered_models', { filter: options.filter }, limit);
    printResult(options, result, () => modelsTable(asArray(result.registered_models)));
  });

  withClientOptions(models.command('get <name>').description('Show a registered model')).action(async (name: string, options: ClientOptions) => {
    const result = await clientFrom(options).get(`${registeredModels}/get`, { name });
    printResult(options, result, () => modelDetails(asRecord(result.registered_model)));
  });

  withClientOptions(models.command('delete <name>').description('Delete a registered model and all its versions')).action(
    async (name: string, options: ClientOptions) => {
      const result = await clientFrom(options).delete(`${registeredModels}/delete`, { name });
      printResult(options, result, () => `Deleted model ${name}.`);
    },
  );

  withClientOptions(models.command('versions <name>').description("List a model's versions, newest first")).action(
    async (name: string, options: ClientOptions) => {
      const result = await searchAll(
        clientFrom(options),
        `${modelVersions}/search`,
        'model_versions',
        { filter: `name=${mlflowString(name)}`, order_by: 'version_number DESC' },
        10_000,
      );
      printResult(options, result, () => versionsTable(asArray(result.model_versions)));
    },
  );

  withClientOptions(
    models
      .command('create-version <name>')
      .description('Create the next version of a model (its source and run id never change afterwards)')
      .requiredOption('--source <uri>', 'where the model lives (artifact URI, provider reference…)')
      .option('--run-id <id>', 'the run that produced it')
      .option('--description <text>', 'description'),
  ).action(async (name: string, options: ClientOptions & { source: string; runId?: string; description?: string }) => {
    const result = await clientFrom(options).post(`${modelVersions}/create`, {
      name,
      source: options.source,
      run_id: options.runId,
      description: options.description,
    });
    const version = asRecord(result.model_version);
    printResult(options, result, () => `Created version ${asText(version.version)} of ${name}.\n${versionDetails(version)}`);
  });

  withClientOptions(
    models
      .command('alias <name> <alias> [version]')
      .description('Point ALIAS at VERSION; with --delete remove it; with neither show where it points')
      .option('--delete', 'delete the alias'),
  ).action(async (name: string, alias: string, version: string | undefined, options: ClientOptions & { delete?: boolean }) => {
    const client = clientFrom(options);
    if (options.delete) {
      if (version !== undefined) throw usageError('give either VERSION or --delete, not both');
      const result = await client.delete(`${registeredModels}/alias`, { name, alias });
      printResult(options, result, () => `Deleted alias ${alias} of ${name}.`);
    } else if (version === undefined) {
      const result = await client.get(`${registeredModels}/alias`, { name, alias });
      printResult(options, result, () => versionDetails(asRecord(result.model_version)));
    } else {
      const result = await client.post(`${registeredModels}/alias`, { name, alias, version: parseVersion(version) });
      printResult(options, result, () => `${name}@${alias} now points at version ${parseVersion(version)}.`);
    }
  });

  withClientOptions(
    models
      .command('stage <name> <version> <stage>')
      .description('Move a version to None, Staging, Production or Archived')
      .option('--archive-existing', 'archive the versions currently in that stage'),
  ).action(async (name: string, version: string, stageText: string, options: ClientOptions & { archiveExisting?: boolean }) => {
    const stage = parseStage(stageText);
    const result = await clientFrom(options).post(`${modelVersions}/transition-stage`, {
      name,
      version: parseVersion(version),
      stage,
      archive_existing_versions: options.archiveExisting === true,
    });
    printResult(options, result, () => `${name} version ${parseVersion(version)} is now in stage ${stage}.`);
  });

  registerModelPackageCommands(models);

  models.addHelpText('after', `\nExample:\n  cairn models create chat-assistant --description "Support bot"\n  cairn models stage chat-assistant 2 Production --archive-existing`);
}
