import type { Command } from 'commander';
import { segment } from '../api-client.js';
import { parseInteger, readDocument } from '../argument-parsers.js';
import { type ClientOptions, clientFrom, printResult, withClientOptions } from '../client-command.js';
import { asArray, asRecord, asText, type Cell, formatKeyValues, formatTable, formatTime } from '../output.js';

const BASE = '/api/2.0/cairn/alerts';

interface HistoryOptions extends ClientOptions {
  rule?: string;
  endpoint?: string;
  limit: string;
}

function condition(rule: Record<string, unknown>): string {
  const group = rule.group_by ? ` by ${String(rule.group_by)}` : '';
  const forText = Number(rule.for_seconds) > 0 ? ` for ${String(rule.for_seconds)}s` : '';
  return `${String(rule.aggregation ?? 'avg')}(${String(rule.series)})[${String(rule.window_seconds)}s]${group} ${String(rule.comparator)} ${String(rule.threshold)}${forText}`;
}

function actionsText(rule: Record<string, unknown>): string {
  const actions = asArray(rule.actions).map((action) => String(action.kind));
  if (actions.length === 0) return '-';
  return `${actions.join(', ')}${rule.dry_run === true ? ' (dry run)' : ''}`;
}

export function formatRules(rules: Array<Record<string, unknown>>): string {
  if (rules.length === 0) return 'No alert rules.';
  return formatTable(
    ['name', 'endpoint', 'condition', 'severity', 'actions', 'enabled', 'id'],
    rules.map((rule) => [asText(rule.name), asText(rule.endpoint_name) ?? '(global)', condition(rule), asText(rule.severity), actionsText(rule), rule.enabled === true ? 'yes' : 'no', asText(rule.id)]),
  );
}

export function formatRule(rule: Record<string, unknown>): string {
  const channels = asArray(rule.channels).map((channel) => `${String(channel.kind)}:${String(channel.name)}`);
  const entries: Array<[string, Cell]> = [
    ['name', asText(rule.name)],
    ['id', asText(rule.id)],
    ['endpoint', asText(rule.endpoint_name) ?? '(global)'],
    ['condition', condition(rule)],
    ['filter', Object.entries(asRecord(rule.filter)).map(([key, value]) => `${key}=${String(value)}`).join(', ') || undefined],
    ['severity', asText(rule.severity)],
    ['no data', asText(rule.no_data)],
    ['min samples', asText(rule.min_samples)],
    ['renotify', rule.renotify_seconds === undefined ? undefined : `every ${String(rule.renotify_seconds)}s`],
    ['channels', channels.join(', ') || '-'],
    ['actions', actionsText(rule)],
    ['enabled', rule.enabled === true ? 'yes' : 'no'],
    ['created', `${formatTime(rule.created_at)}${rule.created_by ? ` by ${String(rule.created_by)}` : ''}`],
  ];
  return formatKeyValues(entries);
}

export function formatEvents(events: Array<Record<string, unknown>>): string {
  if (events.length === 0) return 'No alert events.';
  return formatTable(
    ['time', 'rule', 'endpoint', 'group', 'event', 'transition', 'value', 'threshold'],
    events.map((event) => [
      formatTime(event.time), asText(event.rule_name), asText(event.endpoint_name) ?? '(global)', asText(event.series_key) || '-', asText(event.kind),
      `${String(event.from_state)} → ${String(event.to_state)}`, event.value === null ? 'no data' : asText(event.value), asText(event.threshold),
    ]),
  );
}

export function formatActions(actions: Array<Record<string, unknown>>): string {
  if (actions.length === 0) return 'No remediation actions.';
  return formatTable(
    ['time', 'rule', 'endpoint', 'action', 'status', 'value', 'message'],
    actions.map((action) => {
      const details = asRecord(action.details);
      return [formatTime(action.time), asText(action.rule_name), asText(action.endpoint_name) ?? '(global)', asText(action.action), asText(action.status), asText(details.value) ?? '-', asText(details.message)];
    }),
  );
}

function historyQuery(options: HistoryOptions): Record<string, string | undefined> {
  return { rule_id: options.rule, endpoint_name: options.endpoint, max_results: String(parseInteger(options.limit, '--limit', 1)) };
}

export function registerAlertsCommand(program: Command): void {
  const alerts = program.command('alerts').description('Alert rules, alert history and remediation history');
  const rules = alerts.command('rules').description('Create, list, show and delete alert rules');

  withClientOptions(rules.command('list').description('Alert rules you may view').option('--endpoint <name>', 'only rules of this endpoint')).action(
    async (options: ClientOptions & { endpoint?: string }) => {
      const body = await clientFrom(options).get(`${BASE}/rules`, { endpoint_name: options.endpoint });
      printResult(options, body, () => formatRules(asArray(body.rules)));
    },
  );

  withClientOptions(
    rules
      .command('create')
      .description('Create a rule from a JSON or YAML file (fields as in POST /api/2.0/cairn/alerts/rules; see docs/alerting.md)')
      .requiredOption('-f, --file <file>', 'the rule ("-" reads standard input)'),
  ).action(async (options: ClientOptions & { file: string }) => {
    const rule = await clientFrom(options).post(`${BASE}/rules`, readDocument(options.file));
    printResult(options, rule, () => `Created alert rule ${String(rule.name)} (${String(rule.id)}).\n${formatRule(rule)}`);
  });

  withClientOptions(rules.command('get <rule>').description('Show one rule (by id or name)')).action(async (rule: string, options: ClientOptions) => {
    const body = await clientFrom(options).get(`${BASE}/rules/${segment(rule)}`);
    printResult(options, body, () => formatRule(body));
  });

  withClientOptions(rules.command('delete <rule>').description('Delete a rule (by id or name); its history stays')).action(async (rule: string, options: ClientOptions) => {
    const body = await clientFrom(options).delete(`${BASE}/rules/${segment(rule)}`);
    printResult(options, body, () => `Deleted alert rule ${rule}.`);
  });

  withClientOptions(rules.command('test <rule>').description('Evaluate a rule now (nothing is stored) and send a test notification')).action(
    async (rule: string, options: ClientOptions) => {
      const body = await clientFrom(options).post(`${BASE}/rules/${segment(rule)}/test`, {});
      printResult(options, body, () => {
        const groups = asArray(body.groups);
        const table = groups.length === 0
          ? `No data in the window${body.error ? ` (${String(body.error)})` : ''}.`
          : formatTable(['group', 'value', 'samples', 'state', 'would be', 'events'], groups.map((group) => [
            asText(group.series_key) || '-', group.value === null ? 'no data' : asText(group.value), asText(group.samples), asText(group.state), asText(group.would_be),
            (group.events as unknown[] | undefined)?.join(', ') || '-',
          ]));
        const sent = asArray(body.notifications).map((item) => `${String(item.channel)}: ${item.ok === true ? 'sent' : `failed (${String(item.error ?? '')})`}`);
        return sent.length > 0 ? `${table}\n${sent.join('\n')}` : table;
      });
    },
  );

  withClientOptions(
    alerts
      .command('events')
      .description('Alert history (pending, firing, renotify, resolved, no_data), newest first')
      .option('--rule <rule>', 'only this rule (id or name)')
      .option('--endpoint <name>', 'only rules of this endpoint')
      .option('--limit <n>', 'at most this many events', '50'),
  ).action(async (options: HistoryOptions) => {
    const body = await clientFrom(options).get(`${BASE}/events`, historyQuery(options));
    printResult(options, body, () => formatEvents(asArray(body.events)));
  });

  withClientOptions(
    alerts
      .command('actions')
      .description('Remediation history (rollback, shift_traffic, disable, webhook), newest first')
      .option('--rule <rule>', 'only this rule (id or name)')
      .option('--endpoint <name>', 'only this endpoint')
      .option('--limit <n>', 'at most this many actions', '50'),
  ).action(async (options: HistoryOptions) => {
    const body = await clientFrom(options).get(`${BASE}/actions`, historyQuery(options));
    printResult(options, body, () => formatActions(asArray(body.actions)));
  });

  withClientOptions(alerts.command('states').description('Current state of every rule group').option('--endpoint <name>', 'only rules of this endpoint')).action(
    async (options: ClientOptions & { endpoint?: string }) => {
      const body = await clientFrom(options).get(`${BASE}/states`, { endpoint_name: options.endpoint });
      printResult(options, body, () => {
        const states = asArray(body.states);
        if (states.length === 0) return 'No alert states yet.';
        return formatTable(['rule', 'endpoint', 'group', 'state', 'since', 'last value'], states.map((state) => [
          asText(state.rule_name), asText(state.endpoint_name) ?? '(global)', asText(state.series_key) || '-', asText(state.state), formatTime(state.since),
          state.last_value === null ? 'no data' : asText(state.last_value),
        ]));
      });
    },
  );
}
