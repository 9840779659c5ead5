import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type FakeOpenAiUpstream, startFakeOpenAiUpstream } from '../providers/test-support/fake-openai-upstream.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { runCli } from './test-support/run-cli.js';

/**
 * The `cairn` client commands as a user runs them: a real process (through tsx) talking HTTP to a real
 * server. One flow per command group; the flows touch different objects and run concurrently.
 */
describe('cairn CLI against a running server', () => {
  let server: TestServer;
  let upstream: FakeOpenAiUpstream;
  let directory: string;

  beforeAll(async () => {
    [server, upstream] = await Promise.all([startTestServer(), startFakeOpenAiUpstream({ mode: { kind: 'drop-mid-stream', afterChunks: 2 } })]);
    directory = mkdtempSync(path.join(tmpdir(), 'cairn-cli-files-'));
  });
  afterAll(async () => {
    await Promise.all([server?.close(), upstream?.close()]);
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  const cli = (args: string[], token: string | undefined = server.adminToken) => runCli(args, { CAIRN_HOST: server.url, CAIRN_TOKEN: token });
  const file = (name: string, text: string) => {
    const target = path.join(directory, name);
    writeFileSync(target, text);
    return target;
  };

  it.concurrent('endpoints: create from YAML, list, query (plain and streamed), update, roll back, delete', async ({ expect }) => {
    const createFile = file(
      'cli-bot.yaml',
      ['name: cli-bot', 'config:', '  served_entities:', '    - name: blue', '      entity_name: demo', '      entity_version: "1"', 'tags:', '  - key: team', '    value: cli', ''].join(
        '\n',
      ),
    );
    const created = await cli(['endpoints', 'create', createFile]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created endpoint cli-bot.');
    expect(created.stdout).toMatch(/blue\s+demo v1\s+100%/);

    const listed = await cli(['endpoints', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { endpoints: Array<{ name: string }> }).endpoints.map((endpoint) => endpoint.name)).toContain('cli-bot');

    const answered = await cli(['endpoints', 'query', 'cli-bot', '--message', 'How do I monitor a model?', '--max-tokens', '12']);
    expect(answered.code).toBe(0);
    expect(answered.stdout.trim()).not.toBe('');
    expect(answered.stdout).not.toMatch(/^[{[]/);

    const streamed = await cli(['endpoints', 'query', 'cli-bot', '--message', 'How do I monitor a model?', '--max-tokens', '12', '--stream']);
    expect(streamed.stderr).toBe('');
    expect(streamed.code).toBe(0);
    expect(streamed.stdout.trim()).not.toBe('');
    expect(streamed.stdout).not.toContain('data:');

    const updateFile = file(
      'cli-bot-config.json',
      JSON.stringify({
        served_entities: [
          { name: 'blue', entity_name: 'demo', entity_version: '1' },
          { name: 'green', entity_name: 'demo', entity_version: '1' },
        ],
        traffic_config: { routes: [{ served_entity_name: 'blue', traffic_percentage: 50 }, { served_entity_name: 'green', traffic_percentage: 50 }] },
      }),
    );
    const updated = await cli(['endpoints', 'update', 'cli-bot', updateFile]);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('Updated endpoint cli-bot: config version 2.');

    const rolledBack = await cli(['endpoints', 'rollback', 'cli-bot', '--to', '1']);
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.stdout).toContain('applied as config version 3');
    const versions = (await (await server.request('/api/2.0/cairn/serving-endpoints/cli-bot/config-versions')).json()) as {
      config_versions: Array<{ config_version: number; current: boolean; served_entities: Array<{ name: string }> }>;
    };
    const current = versions.config_versions.find((version) => version.current);
    expect(current?.config_version).toBe(3);
    expect(current?.served_entities.map((entity) => entity.name)).toEqual(['blue']);

    const tagged = await cli(['endpoints', 'tags', 'cli-bot', 'tier=gold', 'canary', '--delete', 'team']);
    expect(tagged.code).toBe(0);
    const afterTags = (await (await server.request('/api/2.0/serving-endpoints/cli-bot')).json()) as { tags: Array<{ key: string; value?: string }> };
    expect(afterTags.tags.filter((tag) => tag.key !== 'team')).toEqual(expect.arrayContaining([{ key: 'tier', value: 'gold' }, { key: 'canary' }]));
    expect(afterTags.tags.some((tag) => tag.key === 'team')).toBe(false);

    const serverLogs = await cli(['endpoints', 'server-logs', 'cli-bot', 'blue']);
    expect(serverLogs.code).toBe(0);
    expect(serverLogs.stdout).toMatch(/\[pool\] \[system\] replica-1 started/);

    const deleted = await cli(['endpoints', 'delete', 'cli-bot']);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe('Deleted endpoint cli-bot.\n');
    expect((await server.request('/api/2.0/serving-endpoints/cli-bot')).status).toBe(404);

    // The error path: exit code 1, the server's message and code on stderr, nothing on stdout.
    const missing = await cli(['endpoints', 'get', 'cli-bot']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe('cairn: Serving endpoint cli-bot does not exist. (RESOURCE_DOES_NOT_EXIST)\n');
  });

  it.concurrent('endpoints query --stream exits 1 with the error event when the upstream drops mid-stream', async ({ expect }) => {
    const response = await server.request('/api/2.0/serving-endpoints', {
      method: 'POST',
      json: {
        name: 'cli-dropping',
        config: {
          served_entities: [
            {
              name: 'upstream',
              external_model: {
                name: 'gpt-4o-mini',
                provider: 'openai',
                task: 'llm/v1/chat',
                openai_config: { openai_api_base: upstream.url, openai_api_key_plaintext: 'sk-test-cli-0123456789abcdefghijklmnop' },
              },
            },
          ],
        },
      },
    });
    expect(response.status).toBe(200);
    const result = await cli(['endpoints', 'query', 'cli-dropping', '--message', 'hi', '--stream']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cairn: .+ \(UPSTREAM_CONNECTION_ERROR\)\n$/);
  });

  it.concurrent('tokens: create prints the value once, list shows it, revoke stops it working', async ({ expect }) => {
    const created = await cli(['tokens', 'create', '--comment', 'cli-test', '--lifetime-seconds', '3600', '--json']);
    expect(created.code).toBe(0);
    const { token_value: value, token_info: info } = JSON.parse(created.stdout) as { token_value: string; token_info: { token_id: string } };
    expect((await server.request('/api/2.0/token/list', { token: value })).status).toBe(200);

    // No CAIRN_TOKEN: the admin token saved in the data dir is used, silently.
    const dataDir = mkdtempSync(path.join(directory, 'data-'));
    writeFileSync(path.join(dataDir, 'admin-token'), `${server.adminToken}\n`, { mode: 0o600 });
    const listed = await runCli(['tokens', 'list'], { CAIRN_HOST: server.url, CAIRN_DATA_DIR: dataDir });
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^TOKEN ID\\s+COMMENT\\s+CREATED\\s+EXPIRES$`, 'm'));
    expect(listed.stdout).toMatch(new RegExp(`^${info.token_id}\\s+cli-test\\s+`, 'm'));
    expect(listed.stdout).not.toContain(value);

    const revoked = await cli(['tokens', 'revoke', info.token_id]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe(`Revoked token ${info.token_id}.\n`);
    await expect.poll(async () => (await server.request('/api/2.0/token/list', { token: value })).status, { timeout: 5_000 }).toBe(401);
  });

  it.concurrent('models: create, add a version, set an alias, move it to Production', async ({ expect }) => {
    const created = await cli(['models', 'create', 'cli-model', '--description', 'made by the CLI test']);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created model cli-model.');
    const version = await cli(['models', 'create-version', 'cli-model', '--source', 'demo://builtin', '--run-id', 'run-1']);
    expect(version.code).toBe(0);
    expect(version.stdout).toContain('Created version 1 of cli-model.');
    const aliased = await cli(['models', 'alias', 'cli-model', 'champion', '1']);
    expect(aliased.stdout).toBe('cli-model@champion now points at version 1.\n');
    const staged = await cli(['models', 'stage', 'cli-model', '1', 'production', '--archive-existing']);
    expect(staged.stdout).toBe('cli-model version 1 is now in stage Production.\n');

    const listed = await cli(['models', 'versions', 'cli-model', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({
      model_versions: [{ name: 'cli-model', version: '1', current_stage: 'Production', run_id: 'run-1', aliases: ['champion'] }],
    });
  });

  it.concurrent('permissions: grant a service principal CAN_QUERY on an endpoint by name', async ({ expect }) => {
    const principal = await server.request('/api/2.0/preview/scim/v2/ServicePrincipals', { method: 'POST', json: { applicationId: 'cli-app' } });
    expect(principal.status).toBe(201);
    const granted = await cli(['permissions', 'grant', 'endpoint', 'demo-chat', '--service-principal', 'cli-app', '--level', 'query']);
    expect(granted.code).toBe(0);
    expect(granted.stdout).toMatch(/^cli-app\s+service principal\s+CAN_QUERY$/m);

    const shown = await cli(['permissions', 'get', 'endpoint', 'demo-chat', '--json']);
    const acl = JSON.parse(shown.stdout) as { access_control_list: Array<{ service_principal_name?: string; all_permissions: Array<{ permission_level: string }> }> };
    expect(acl.access_control_list.find((entry) => entry.service_principal_name === 'cli-app')?.all_permissions).toEqual([
      { permission_level: 'CAN_QUERY', inherited: false },
    ]);
  });

  it.concurrent('logs: one line per call, --json as JSON Lines, filtered by status', async ({ expect }) => {
    const query = (json: unknown) => server.request('/serving-endpoints/demo-chat/invocations', { method: 'POST', json });
    expect((await query({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 })).status).toBe(200);
    expect((await query({ messages: [{ role: 'user', content: 'again' }], max_tokens: 4 })).status).toBe(200);
    expect((await query({ messages: 'not a list' })).status).toBe(400);
    await server.app.services.capture.flush();

    const lines = await cli(['logs', '--endpoint', 'demo-chat', '--since', '10m', '--json']);
    expect(lines.code).toBe(0);
    const rows = lines.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { status_code: number; request_time: number; endpoint_name: string });
    expect(rows.map((row) => row.status_code)).toEqual(expect.arrayContaining([200, 200, 400]));
    expect(rows.every((row) => row.endpoint_name === 'demo-chat')).toBe(true);
    expect(rows.map((row) => row.request_time)).toEqual([...rows.map((row) => row.request_time)].sort((a, b) => a - b));

    const failed = await cli(['logs', '--endpoint', 'demo-chat', '--status', '4xx']);
    expect(failed.code).toBe(0);
    const [header, ...calls] = failed.stdout.trim().split('\n');
    expect(header).toMatch(/^TIME\s+STATUS\s+SERVED ENTITY\s+DURATION\s+TOKENS\s+REQUEST ID$/);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.every((line) => /^\d{4}-\d{2}-\d{2} [\d:.]+\s+400\s/.test(line))).toBe(true);
  });
});
