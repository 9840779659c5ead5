import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { connectionError, errorFromBody, segment } from '../api-client.js';
import { parseInteger, readDocument, usageError } from '../argument-parsers.js';
import { type ClientOptions, clientFrom, printResult, withClientOptions } from '../client-command.js';
import { asArray, asRecord, asText, formatKeyValues, formatTable, formatTime } from '../output.js';
import { parseTimeBound } from '../time-bound.js';

const monitorsPath = '/api/2.0/cairn/monitors';

function share(value: unknown): string {
  return typeof value === 'number' ? value.toFixed(3) : '-';
}

/** One result on one line: time, status, share drifted / verdict or the quality scores. */
export function resultSummary(result: Record<string, unknown>): string {
  const body = asRecord(result.result);
  const status = asText(body.status) ?? '-';
  if (status === 'error') return `error: ${asText(body.error) ?? ''}`;
  if (status === 'insufficient_data') return `insufficient data (reference ${asText(body.reference_size) ?? '-'}, current ${asText(body.current_size) ?? '-'}, min ${asText(body.min_rows) ?? '-'})`;
  if (Array.isArray(body.drifted_columns)) {
    const columns = (body.drifted_columns as unknown[]).map(String);
    return `${result.drifted === 1 ? 'DRIFT' : 'no drift'}  share ${share(result.share_drifted)}${columns.length > 0 ? `  drifted: ${columns.join(', ')}` : ''}`;
  }
  const scores = asRecord(body.scores);
  return Object.entries(scores)
    .map(([name, value]) => `${name}=${typeof value === 'number' ? value.toFixed(3) : '-'}`)
    .join('  ');
}

export function monitorsTable(monitors: ReadonlyArray<Record<string, unknown>>): string {
  if (monitors.length === 0) return 'No monitors.';
  return formatTable(
    ['ID', 'ENDPOINT', 'NAME', 'KIND', 'LAST RUN'],
    monitors.map((monitor) => [asText(monitor.id), asText(monitor.endpoint_name), asText(monitor.name), asText(monitor.kind), formatTime(monitor.last_run_at)]),
  );
}

function monitorDetails(monitor: Record<string, unknown>): string {
  const details = formatKeyValues([
    ['ID', asText(monitor.id)],
    ['Endpoint', asText(monitor.endpoint_name)],
    ['Name', asText(monitor.name)],
    ['Kind', asText(monitor.kind)],
    ['Created', formatTime(monitor.created_at)],
    ['Last run', formatTime(monitor.last_run_at)],
    ...(monitor.reference_rows !== undefined ? [['Reference rows', asText(monitor.reference_rows)] as const] : []),
  ]);
  return `${details}\n${JSON.stringify(monitor.config, null, 2)}`;
}

/** POSTs a JSONL file as is (application/x-ndjson): the API's JSON client would have to re-encode 20 MB. */
async function uploadReference(options: ClientOptions, id: string, file: string): Promise<Record<string, unknown>> {
  let body: string;
  try {
    body = await readFile(file, 'utf8');
  } catch (error) {
    throw usageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const { settings } = clientFrom(options);
  const headers: Record<string, string> = { 'content-type': 'application/x-ndjson', accept: 'application/json', 'user-agent': 'cairn-cli' };
  if (settings.token) headers.authorization = `Bearer ${settings.token}`;
  let response: Response;
  try {
    response = await fetch(`${settings.host}${monitorsPath}/${segment(id)}/reference`, { method: 'POST', headers, body });
  } catch (error) {
    throw connectionError(settings.host, error);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw errorFromBody(response.status, parsed, `${settings.host} answered HTTP ${response.status}`);
  return asRecord(parsed);
}

export function registerMonitorsCommand(program: Command): void {
  const monitors = program.command('monitors').description('Drift and quality monitors on endpoints: define, run, read results');

  withClientOptions(monitors.command('list').description('Monitors you may view').option('--endpoint <name>', 'only this endpoint')).action(
    async (options: ClientOptions & { endpoint?: string }) => {
      const result = await clientFrom(options).get(monitorsPath, { endpoint_name: options.endpoint });
      printResult(options, result, () => monitorsTable(asArray(result.monitors)));
    },
  );

  withClientOptions(
    monitors.command('create').description('Creates a monitor from a JSON or YAML file (docs/monitoring-monitors.md)').requiredOption('-f, --file <file>', 'the monitor definition ("-" reads standard input)'),
  ).action(async (options: ClientOptions & { file: string }) => {
    const result = await clientFrom(options).post(monitorsPath, readDocument(options.file));
    printResult(options, result, () => `Created ${asText(result.kind)} monitor ${asText(result.name)} on ${asText(result.endpoint_name)}: ${asText(result.id)}`);
  });

  withClientOptions(monitors.command('get').description('One monitor').argument('<id>')).action(async (id: string, options: ClientOptions) => {
    const result = await clientFrom(options).get(`${monitorsPath}/${segment(id)}`);
    printResult(options, result, () => monitorDetails(result));
  });

  withClientOptions(monitors.command('delete').description('Deletes a monitor with its results').argument('<id>')).action(async (id: string, options: ClientOptions) => {
    const result = await clientFrom(options).delete(`${monitorsPath}/${segment(id)}`);
    printResult(options, result, () => `Deleted monitor ${id}.`);
  });

  withClientOptions(monitors.command('run').description('Runs a monitor now and prints its result').argument('<id>')).action(async (id: string, options: ClientOptions) => {
    const result = await clientFrom(options).post(`${monitorsPath}/${segment(id)}/run`);
    printResult(options, result, () => `${formatTime(result.time)}  ${resultSummary(result)}`);
  });

  withClientOptions(
    monitors
      .command('results')
      .description('Results of a monitor, newest first')
      .argument('<id>')
      .option('--since <time>', 'from this time on: 30s, 15m, 2h, 7d or an ISO time', '24h')
      .option('--limit <n>', 'at most this many results', '50'),
  ).action(async (id: string, options: ClientOptions & { since: string; limit: string }) => {
    const from = parseTimeBound(options.since, Date.now(), '--since');
    const limit = parseInteger(options.limit, '--limit', 1);
    const result = await clientFrom(options).get(`${monitorsPath}/${segment(id)}/results`, { from: String(from), max_results: String(Math.min(limit, 1000)) });
    printResult(options, result, () => {
      const rows = asArray(result.results);
      return rows.length === 0 ? 'No results in this time range.' : rows.map((row) => `${formatTime(row.time)}  ${resultSummary(row)}`).join('\n');
    });
  });

  withClientOptions(
    monitors.command('upload-reference').description('Uploads the JSONL reference dataset of a drift monitor (reference type "dataset")').argument('<id>').argument('<file>'),
  ).action(async (id: string, file: string, options: ClientOptions) => {
    const result = await uploadReference(options, id, file);
    const columns = Array.isArray(result.columns) ? result.columns.map(String).join(', ') : '-';
    printResult(options, result, () => `Uploaded ${asText(result.rows)} reference rows (columns compared: ${columns}).`);
  });
}
