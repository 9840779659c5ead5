import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { buildQuery, connectionError, errorFromBody, segment, type ApiClient } from '../api-client.js';
import { parseInteger, usageError } from '../argument-parsers.js';
import { type ClientOptions, clientFrom, printResult, withClientOptions } from '../client-command.js';
import { asArray, asRecord, asText, formatKeyValues, formatTable, formatTime } from '../output.js';
import { parseTimeBound } from '../time-bound.js';

const base = '/api/2.0/cairn/review';
const statuses = ['open', 'claimed', 'decided'];
const sources = ['guardrail', 'quality', 'feedback', 'sample'];
const decisions = ['approve', 'reject', 'label', 'correct'];
const kinds = ['fine_tuning', 'preferences'];

interface ListOptions extends ClientOptions {
  endpoint?: string;
  status?: string;
  source?: string;
  limit: string;
}

interface DecideOptions extends ClientOptions {
  decision: string;
  correction?: string;
  label: string[];
  comment?: string;
}

interface ExportOptions extends ClientOptions {
  endpoint: string;
  kind: string;
  output?: string;
  since?: string;
  until?: string;
}

function oneOf(value: string | undefined, allowed: readonly string[], flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) throw usageError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function clip(text: string | undefined, length: number): string | undefined {
  if (text === undefined) return undefined;
  const line = text.replace(/\s+/g, ' ');
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}

function reasonSources(item: Record<string, unknown>): string {
  return [...new Set(asArray(item.reasons).map((reason) => asText(reason.source) ?? '?'))].join(',');
}

/** One item per line: id, status, endpoint, why it is here, who holds it, and the start of its prompt. */
export function reviewItemsTable(items: Array<Record<string, unknown>>): string {
  if (items.length === 0) return 'No review items.';
  return formatTable(
    ['id', 'status', 'endpoint', 'sources', 'claimed by', 'created', 'prompt'],
    items.map((item) => [
      asText(item.id),
      asText(item.status),
      asText(item.endpoint_name),
      reasonSources(item),
      asText(item.claimed_by),
      formatTime(item.created_at),
      clip(asText(asRecord(item.call).prompt), 60),
    ]),
  );
}

function itemText(item: Record<string, unknown>): string {
  const call = asRecord(item.call);
  return formatKeyValues([
    ['item', asText(item.id)],
    ['request id', asText(item.request_id)],
    ['endpoint', asText(item.endpoint_name)],
    ['status', asText(item.status)],
    ['claimed by', asText(item.claimed_by)],
    ['reasons', reasonSources(item)],
    ['prompt', clip(asText(call.prompt), 200)],
    ['response', clip(asText(call.response), 200)],
  ]);
}

async function fetchItems(client: ApiClient, query: Record<string, string | undefined>, limit: number): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let pageToken: string | undefined;
  do {
    const page = await client.get(`${base}/items`, { ...query, max_results: String(Math.min(1000, limit - items.length)), page_token: pageToken });
    items.push(...asArray(page.items));
    pageToken = typeof page.next_page_token === 'string' && page.next_page_token ? page.next_page_token : undefined;
  } while (pageToken && items.length < limit);
  return items.slice(0, limit);
}

/** Counts lines as they pass, so the CLI can say how many examples it wrote without reading the file back. */
function lineCounter(): Transform & { lines: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      for (const byte of chunk) if (byte === 10) counter.lines += 1;
      callback(null, chunk);
    },
  }) as Transform & { lines: number };
  counter.lines = 0;
  return counter;
}

/** Streams the export to a file or stdout: JSON Lines can be large, so they are never held in memory. */
async function runExport(client: ApiClient, options: ExportOptions): Promise<void> {
  const now = Date.now();
  const from = options.since === undefined ? undefined : parseTimeBound(options.since, now, '--since');
  const to = options.until === undefined ? undefined : parseTimeBound(options.until, now, '--until');
  if (from !== undefined && to !== undefined && to < from) throw usageError('--until must not be before --since');
  const query = { endpoint_name: options.endpoint, kind: options.kind, from, to };
  const { host, token } = client.settings;
  const headers: Record<string, string> = { accept: 'application/x-ndjson', 'user-agent': 'cairn-cli' };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(`${host}${base}/export${buildQuery(query)}`, { headers });
  } catch (error) {
    throw connectionError(host, error);
  }
  if (!response.ok || !response.body) {
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    throw errorFromBody(response.status, body, `${host} answered HTTP ${response.status}`);
  }
  const counter = lineCounter();
  const source = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  if (options.output === undefined) {
    await pipeline(source, counter, process.stdout, { end: false });
    return;
  }
  await pipeline(source, counter, createWriteStream(options.output));
  const counts = await client.get(`${base}/export`, { ...query, summary: 'true' });
  // The lines written are the examples; the second (counting-only) request says what was skipped and why.
  const summary = { ...counts, file: options.output, kind: options.kind, examples: counter.lines };
  printResult(options, summary, () => {
    const skipped = ['skipped_truncated', 'skipped_no_prompt', 'skipped_no_response']
      .map((key) => [key.replace('skipped_', '').replace('_', ' '), Number(counts[key] ?? 0)] as const)
      .filter(([, count]) => count > 0)
      .map(([reason, count]) => `${count} ${reason}`);
    return `Wrote ${counter.lines} ${options.kind} example${counter.lines === 1 ? '' : 's'} to ${options.output}` +
      (skipped.length > 0 ? ` (skipped: ${skipped.join(', ')})` : '') +
      '.\nPayloads are masked as captured (PII placeholders such as [EMAIL_1]).';
  });
}

export function registerReviewCommand(program: Command): void {
  const review = program.command('review').description('The human review queue: list, claim, decide, export corrections as training data');

  withClientOptions(
    review
      .command('list')
      .description('Review items, newest first')
      .option('--endpoint <name>', 'only items of this endpoint')
      .option('--status <status>', `one of ${statuses.join(', ')}`)
      .option('--source <source>', `only items flagged by ${sources.join(', ')}`)
      .option('--limit <n>', 'at most this many items', '100'),
  ).action(async (options: ListOptions) => {
    const limit = parseInteger(options.limit, '--limit', 1);
    const query = { endpoint_name: options.endpoint, status: oneOf(options.status, statuses, '--status'), source: oneOf(options.source, sources, '--source') };
    const items = await fetchItems(clientFrom(options), query, limit);
    printResult(options, { items }, () => reviewItemsTable(items));
  });

  withClientOptions(review.command('show <id>').description('One item with its call, decisions and feedback')).action(async (id: string, options: ClientOptions) => {
    const result = await clientFrom(options).get(`${base}/items/${segment(id)}`);
    printResult(options, result, () => {
      const history = asArray(result.decisions).map(
        (decision) => `  ${formatTime(decision.decided_at)}  ${asText(decision.decided_by) ?? '-'}  ${asText(decision.decision) ?? '-'}${asText(decision.correction) ? `: ${clip(asText(decision.correction), 80)}` : ''}`,
      );
      return [itemText(asRecord(result.item)), ...(history.length > 0 ? ['decisions:', ...history] : [])].join('\n');
    });
  });

  withClientOptions(review.command('claim <id>').description('Claim an item so no other reviewer takes it')).action(async (id: string, options: ClientOptions) => {
    const result = await clientFrom(options).post(`${base}/items/${segment(id)}/claim`);
    printResult(options, result, () => `Claimed ${id}.\n${itemText(asRecord(result.item))}`);
  });

  withClientOptions(review.command('release <id>').description('Give a claim back')).action(async (id: string, options: ClientOptions) => {
    const result = await clientFrom(options).post(`${base}/items/${segment(id)}/release`);
    printResult(options, result, () => `Released ${id}.`);
  });

  withClientOptions(
    review
      .command('decide <id>')
      .description('Decide a claimed item; every decision is kept')
      .requiredOption('--decision <decision>', decisions.join(' | '))
      .option('--correction <text>', 'the answer the call should have given (required with --decision correct)')
      .option('--label <label>', 'a label (repeat for several)', collect, [])
      .option('--comment <text>', 'a note for other reviewers'),
  ).action(async (id: string, options: DecideOptions) => {
    const decision = oneOf(options.decision, decisions, '--decision');
    if (decision === 'correct' && options.correction === undefined) throw usageError('--decision correct needs --correction');
    if (decision === 'label' && options.label.length === 0) throw usageError('--decision label needs at least one --label');
    const body = {
      decision,
      ...(options.correction !== undefined ? { correction: options.correction } : {}),
      ...(options.label.length > 0 ? { labels: options.label } : {}),
      ...(options.comment !== undefined ? { comment: options.comment } : {}),
    };
    const result = await clientFrom(options).post(`${base}/items/${segment(id)}/decide`, body);
    printResult(options, result, () => `Decided ${id}: ${decision}.`);
  });

  withClientOptions(
    review
      .command('export')
      .description('Corrections and decisions as JSON Lines for fine-tuning (OpenAI chat format) or preference tuning (OpenAI DPO format)')
      .requiredOption('--endpoint <name>', 'the serving endpoint')
      .requiredOption('--kind <kind>', kinds.join(' | '))
      .option('-o, --output <file>', 'write to this file (default: standard output)')
      .option('--since <time>', 'decisions and corrections from this time on: 30m, 7d or an ISO time')
      .option('--until <time>', 'decisions and corrections before this time'),
  ).action(async (options: ExportOptions) => {
    oneOf(options.kind, kinds, '--kind');
    await runExport(clientFrom(options), options);
  });
}
