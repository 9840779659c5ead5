import type { Command } from 'commander';
import { segment } from '../api-client.js';
import { parseInteger, readDocument, usageError } from '../argument-parsers.js';
import { CliError } from '../cli-error.js';
import { type ClientOptions, clientFrom, print, printResult, withClientOptions } from '../client-command.js';
import { configVersionsTable, endpointDetails, endpointsTable, servingVersion } from '../endpoint-format.js';
import { buildInvocationBody, type QueryOptions, readStreamEvent, renderInvocationResult } from '../invocation.js';
import { asArray, asRecord } from '../output.js';

const endpointsPath = '/api/2.0/serving-endpoints';
const cairnEndpointsPath = '/api/2.0/cairn/serving-endpoints';

/**
 * `endpoints update` takes the config itself, or a whole create file (`{name, config}`) so the file used
 * to create an endpoint can be edited and applied again.
 */
export function configFromDocument(document: Record<string, unknown>, file: string): Record<string, unknown> {
  if (document.served_entities === undefined && document.served_models === undefined && typeof document.config === 'object' && document.config !== null) {
    return document.config as Record<string, unknown>;
  }
  if (document.served_entities === undefined && document.served_models === undefined) {
    throw usageError(`${file} must hold an endpoint config with served_entities (and optionally traffic_config)`);
  }
  return document;
}

async function streamQuery(options: ClientOptions, path: string, body: Record<string, unknown>): Promise<void> {
  const client = clientFrom(options);
  let printedText = false;
  for await (const data of client.stream(path, body)) {
    const event = readStreamEvent(data);
    if (options.json && event.kind !== 'done') print(data);
    if (event.kind === 'text' && !options.json) {
      process.stdout.write(event.text);
      printedText = true;
    } else if (event.kind === 'error') {
      if (printedText) process.stdout.write('\n');
      throw event.error;
    } else if (event.kind === 'done') {
      if (printedText) process.stdout.write('\n');
      return;
    }
  }
  if (printedText) process.stdout.write('\n');
  throw new CliError('the stream ended before [DONE]: the answer above is incomplete.');
}

/** `team=ml` → {key: 'team', value: 'ml'}; `flag` → {key: 'flag'}. */
export function parseTag(text: string): { key: string; value?: string } {
  const index = text.indexOf('=');
  const key = index === -1 ? text : text.slice(0, index);
  if (key.length === 0) throw usageError(`tag "${text}" has no key; write KEY=VALUE`);
  return index === -1 ? { key } : { key, value: text.slice(index + 1) };
}

export function registerEndpointsCommand(program: Command): void {
  const endpoints = program.command('endpoints').description('Serving endpoints: create, inspect, update, roll back, query (Databricks API)');

  withClientOptions(
    endpoints
      .command('create <file>')
      .description('Create an endpoint from a YAML or JSON file holding {name, config, tags} ("-" reads standard input)'),
  ).action(async (file: string, options: ClientOptions) => {
    const document = readDocument(file);
    if (typeof document.name !== 'string') throw usageError(`${file} must name the endpoint (name: …)`);
    const result = await clientFrom(options).post(endpointsPath, document);
    printResult(options, result, () => `Created endpoint ${document.name as string}.\n${endpointDetails(result)}`);
  });

  withClientOptions(endpoints.command('get <name>').description('Show an endpoint: state, config version, served entities, traffic')).action(
    async (name: string, options: ClientOptions) => {
      const result = await clientFrom(options).get(`${endpointsPath}/${segment(name)}`);
      printResult(options, result, () => endpointDetails(result));
    },
  );

  withClientOptions(endpoints.command('list').description('List the endpoints you may view')).action(async (options: ClientOptions) => {
    const result = await clientFrom(options).get(endpointsPath);
    printResult(options, result, () => endpointsTable(asArray(result.endpoints)));
  });

  withClientOptions(
    endpoints
      .command('update <name> <file>')
      .description('Apply a new config (served_entities, traffic_config) from a YAML or JSON file as a new config version'),
  ).action(async (name: string, file: string, options: ClientOptions) => {
    const config = configFromDocument(readDocument(file), file);
    const result = await clientFrom(options).put(`${endpointsPath}/${segment(name)}/config`, config);
    printResult(options, result, () => `Updated endpoint ${name}: config version ${servingVersion(result) ?? '?'}.\n${endpointDetails(result)}`);
  });

  withClientOptions(
    endpoints
      .command('rollback <name>')
      .description('Re-apply an earlier config version (default: the one before the current) as a new version')
      .option('--to <version>', 'the config version to re-apply'),
  ).action(async (name: string, options: ClientOptions & { to?: string }) => {
    const to = options.to === undefined ? undefined : parseInteger(options.to, '--to', 1);
    const result = await clientFrom(options).post(`${cairnEndpointsPath}/${segment(name)}/rollback`, to === undefined ? {} : { config_version: to });
    printResult(
      options,
      result,
      () =>
        `Rolled back ${name} to ${to === undefined ? 'its previous config' : `the config of version ${to}`}, applied as config version ${servingVersion(result) ?? '?'}.`,
    );
  });

  withClientOptions(endpoints.command('versions <name>').description("List an endpoint's config versions, newest first")).action(
    async (name: string, options: ClientOptions) => {
      const result = await clientFrom(options).get(`${cairnEndpointsPath}/${segment(name)}/config-versions`);
      printResult(options, result, () => configVersionsTable(asArray(result.config_versions)));
    },
  );

  withClientOptions(
    endpoints
      .command('query <name>')
      .description('Query an endpoint: chat (--message), completion (--prompt), embeddings (--input) or any body (--file)')
      .option('--message <text>', 'a chat message from the user')
      .option('--system <text>', 'a system message before --message')
      .option('--prompt <text>', 'a completion prompt')
      .option('--input <text>', 'text to embed')
      .option('--file <body>', 'a JSON or YAML file holding the whole request body ("-" reads standard input)')
      .option('--max-tokens <n>', 'at most this many tokens')
      .option('--temperature <t>', 'sampling temperature')
      .option('--stream', 'print the answer as it is generated (--json: one event per line)'),
  ).action(async (name: string, options: ClientOptions & QueryOptions) => {
    const body = buildInvocationBody(options, readDocument);
    const path = `/serving-endpoints/${segment(name)}/invocations`;
    if (body.stream === true) return streamQuery(options, path, body);
    const result = await clientFrom(options).post(path, body);
    printResult(options, result, () => renderInvocationResult(asRecord(result)));
  });

  withClientOptions(
    endpoints
      .command('tags <name> [tags...]')
      .description('Add or change tags (KEY=VALUE, or KEY alone) and delete others (--delete KEY, repeatable)')
      .option('--delete <key>', 'a tag key to delete (repeatable)', (key: string, keys: string[]) => [...keys, key], [] as string[]),
  ).action(async (name: string, tags: string[], options: ClientOptions & { delete: string[] }) => {
    const addTags = tags.map(parseTag);
    const result = await clientFrom(options).patch(`${endpointsPath}/${segment(name)}/tags`, { add_tags: addTags, delete_tags: options.delete });
    printResult(options, result, () =>
      asArray(asRecord(result).tags)
        .map((tag) => {
          const { key, value } = asRecord(tag);
          return value === undefined ? String(key) : `${String(key)}=${String(value)}`;
        })
        .join('\n') || '(no tags)',
    );
  });

  withClientOptions(
    endpoints
      .command('server-logs <name> <entity>')
      .description("A served entity's recent runtime log: replica starts, exits and scaling, and the model's own console output"),
  ).action(async (name: string, entity: string, options: ClientOptions) => {
    const result = await clientFrom(options).get(`${endpointsPath}/${segment(name)}/served-models/${segment(entity)}/logs`);
    printResult(options, result, () => String(asRecord(result).logs ?? '') || '(no log lines yet)');
  });

  withClientOptions(endpoints.command('delete <name>').description('Delete an endpoint')).action(async (name: string, options: ClientOptions) => {
    const result = await clientFrom(options).delete(`${endpointsPath}/${segment(name)}`);
    printResult(options, result, () => `Deleted endpoint ${name}.`);
  });
}
