import { setTimeout as sleep } from 'node:timers/promises';
import { parseInteger, parseStatusFilter, usageError } from '../argument-parsers.js';
import { clientFrom, print, withClientOptions } from '../client-command.js';
import { asArray, asText, formatDuration } from '../output.js';
import { parseTimeBound } from '../time-bound.js';
const logPath = '/api/2.0/cairn/inference-log';
const maxPage = 1000;
const followIntervalMs = 2000;
/** Milliseconds → `2025-01-31 14:05:09.123` (UTC). */
function rowTime(value) {
    return typeof value === 'number' && Number.isFinite(value) ? new Date(value).toISOString().slice(0, 23).replace('T', ' ') : '-';
}
function tokens(row) {
    const input = asText(row.input_tokens);
    const output = asText(row.output_tokens);
    return input === undefined && output === undefined ? '-' : `${input ?? '?'}→${output ?? '?'}`;
}
export const logHeader = formatLogLine({ request_time: 'TIME', status_code: 'STATUS', served_entity_name: 'SERVED ENTITY', request_id: 'REQUEST ID' }, { header: true });
/** One call on one line, in fixed-width columns so `--follow` output stays aligned. */
export function formatLogLine(row, options = {}) {
    const time = options.header ? 'TIME' : rowTime(row.request_time);
    const status = asText(row.status_code) ?? '-';
    const entity = asText(row.served_entity_name) ?? '-';
    const duration = options.header ? 'DURATION' : formatDuration(row.execution_duration_ms);
    const tokenText = options.header ? 'TOKENS' : tokens(row);
    const stream = options.header ? '' : row.stream === true ? 'stream' : '';
    const columns = [
        time.padEnd(23),
        status.padEnd(6),
        entity.padEnd(16),
        duration.padStart(8),
        tokenText.padStart(10),
        stream.padEnd(6),
        asText(row.request_id) ?? '-',
        asText(row.error_code) ?? '',
    ];
    return columns.join('  ').trimEnd();
}
/**
 * Polls ask for rows from `newest` on (inclusive, since several calls can share a millisecond); this keeps
 * the rows not printed yet and moves the cursor past them.
 */
export function advanceFollowCursor(cursor, rows) {
    const fresh = rows.filter((row) => Number(row.request_time) > cursor.newest || !cursor.seenAtNewest.has(asText(row.request_id) ?? ''));
    if (fresh.length === 0)
        return { fresh, cursor };
    const latest = Math.max(cursor.newest, ...fresh.map((row) => Number(row.request_time ?? 0)));
    const atLatest = fresh.filter((row) => Number(row.request_time) === latest).map((row) => asText(row.request_id) ?? '');
    const seenAtNewest = latest === cursor.newest ? new Set([...cursor.seenAtNewest, ...atLatest]) : new Set(atLatest);
    return { fresh, cursor: { newest: latest, seenAtNewest } };
}
function byTime(left, right) {
    return Number(left.request_time ?? 0) - Number(right.request_time ?? 0);
}
async function fetchRows(client, query, limit) {
    const rows = [];
    let pageToken;
    do {
        const page = await client.get(logPath, { ...query, max_results: String(Math.min(maxPage, limit - rows.length)), page_token: pageToken });
        rows.push(...asArray(page.rows));
        pageToken = typeof page.next_page_token === 'string' && page.next_page_token ? page.next_page_token : undefined;
    } while (pageToken && rows.length < limit);
    return rows.slice(0, limit);
}
export function registerLogsCommand(program) {
    withClientOptions(program
        .command('logs')
        .description("An endpoint's inference table: one line per call (oldest first), or JSON Lines with --json")
        .requiredOption('--endpoint <name>', 'the serving endpoint')
        .option('--since <time>', 'calls from this time on: 30s, 15m, 2h, 7d or an ISO time', '1h')
        .option('--until <time>', 'calls before this time (same forms as --since)')
        .option('--status <status>', '2xx, 4xx, 5xx, error or one status code such as 429')
        .option('--served-entity <name>', 'only calls routed to this served entity')
        .option('--requester <name>', 'only calls by this principal')
        .option('--limit <n>', 'at most this many calls', '100')
        .option('--follow', 'keep printing new calls as they are logged (Ctrl-C to stop)')).action(async (options) => {
        const now = Date.now();
        const limit = parseInteger(options.limit, '--limit', 1);
        const start = options.since === undefined ? undefined : parseTimeBound(options.since, now, '--since');
        const end = options.until === undefined ? undefined : parseTimeBound(options.until, now, '--until');
        if (options.follow && end !== undefined)
            throw usageError('--follow and --until do not go together');
        if (start !== undefined && end !== undefined && end <= start)
            throw usageError('--until must be later than --since');
        const query = {
            endpoint_name: options.endpoint,
            served_entity_name: options.servedEntity,
            status_code: options.status === undefined ? undefined : parseStatusFilter(options.status),
            requester: options.requester,
            end_time_ms: end === undefined ? undefined : String(end),
        };
        const client = clientFrom(options);
        const emit = (rows) => {
            for (const row of [...rows].sort(byTime))
                print(options.json ? JSON.stringify(row) : formatLogLine(row));
        };
        const first = await fetchRows(client, { ...query, start_time_ms: start === undefined ? undefined : String(start) }, limit);
        if (!options.json && (first.length > 0 || options.follow))
            print(logHeader);
        if (!options.json && first.length === 0 && !options.follow)
            print(`No calls logged for endpoint ${options.endpoint} in this time range.`);
        emit(first);
        if (!options.follow)
            return;
        let cursor = advanceFollowCursor({ newest: start ?? 0, seenAtNewest: new Set() }, first).cursor;
        for (;;) {
            await sleep(followIntervalMs);
            const step = advanceFollowCursor(cursor, await fetchRows(client, { ...query, start_time_ms: String(cursor.newest) }, 10 * maxPage));
            emit(step.fresh);
            cursor = step.cursor;
        }
    });
}
//# sourceMappingURL=logs.js.map