import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { runCli } from '../test-support/run-cli.js';
import { formatActions, formatEvents, formatRules } from './alerts.js';

describe('cairn alerts', () => {
  let server: TestServer;
  let directory: string;
  beforeAll(async () => {
    server = await startTestServer({ config: { monitoring: { alerts: { evaluation_interval_ms: 3_600_000 } } } });
    directory = mkdtempSync(path.join(tmpdir(), 'cairn-alerts-cli-'));
  });
  afterAll(async () => {
    await server?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });
  const cli = (args: string[]) => runCli(args, { CAIRN_HOST: server.url, CAIRN_TOKEN: server.adminToken });

  it('rules create -f, list, get, test, delete; events and actions; a bad rule is a clear error', async () => {
    const file = path.join(directory, 'rule.json');
    writeFileSync(file, JSON.stringify({ name: 'cli-errors', endpoint_name: 'demo-chat', series: 'error_rate', window_seconds: 300, comparator: '>', threshold: 0.2, for_seconds: 60, severity: 'critical' }));
    const created = await cli(['alerts', 'rules', 'create', '-f', file]);
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('Created alert rule cli-errors');
    expect(created.stdout).toContain('avg(error_rate)[300s] > 0.2 for 60s');

    const listed = await cli(['alerts', 'rules', 'list']);
    expect(listed.stdout).toMatch(/cli-errors\s+demo-chat\s+avg\(error_rate\)\[300s\] > 0\.2 for 60s\s+critical/);
    const json = await cli(['alerts', 'rules', 'list', '--json']);
    const rules = (JSON.parse(json.stdout) as { rules: Array<{ name: string; id: string }> }).rules;
    expect(rules.map((rule) => rule.name)).toEqual(['cli-errors']);
    expect((await cli(['alerts', 'rules', 'get', 'cli-errors'])).stdout).toContain(`id:`);
    const tested = await cli(['alerts', 'rules', 'test', rules[0]!.id, '--json']);
    expect(JSON.parse(tested.stdout)).toMatchObject({ rule_id: rules[0]!.id });

    expect((await cli(['alerts', 'events'])).stdout).toContain('No alert events.');
    expect((await cli(['alerts', 'actions', '--endpoint', 'demo-chat'])).stdout).toContain('No remediation actions.');
    expect(JSON.parse((await cli(['alerts', 'events', '--rule', 'cli-errors', '--json'])).stdout)).toEqual({ events: [] });

    writeFileSync(file, JSON.stringify({ name: 'bad', series: 'no_such_series', window_seconds: 300, comparator: '>', threshold: 1 }));
    const bad = await cli(['alerts', 'rules', 'create', '-f', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown series "no_such_series"');
    expect(bad.stderr).toContain('error_rate');

    expect((await cli(['alerts', 'rules', 'delete', 'cli-errors'])).stdout).toContain('Deleted alert rule cli-errors.');
    expect((await cli(['alerts', 'rules', 'get', 'cli-errors'])).code).toBe(1);
  }, 180_000);

  it('formats history rows', () => {
    expect(formatRules([])).toBe('No alert rules.');
    expect(formatEvents([{ time: 0, rule_name: 'r', endpoint_name: null, series_key: 'green', kind: 'firing', from_state: 'pending', to_state: 'firing', value: 0.5, threshold: 0.2 }])).toMatch(
      /r\s+\(global\)\s+green\s+firing\s+pending → firing\s+0\.5\s+0\.2/,
    );
    expect(formatActions([{ time: 0, rule_name: 'r', endpoint_name: 'ep', action: 'shift_traffic', status: 'dry_run', details: { value: 0.5, message: 'Would shift.' } }])).toMatch(
      /r\s+ep\s+shift_traffic\s+dry_run\s+0\.5\s+Would shift\./,
    );
  });
});
