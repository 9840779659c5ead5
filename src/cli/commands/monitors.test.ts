import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { runCli } from '../test-support/run-cli.js';
import { resultSummary } from './monitors.js';

describe('cairn monitors', () => {
  let server: TestServer;
  let directory: string;

  beforeAll(async () => {
    server = await startTestServer();
    directory = mkdtempSync(path.join(tmpdir(), 'cairn-monitors-cli-'));
  });
  afterAll(async () => {
    await server?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  const cli = (args: string[]) => runCli(args, { CAIRN_HOST: server.url, CAIRN_TOKEN: server.adminToken });
  const file = (name: string, text: string) => {
    const target = path.join(directory, name);
    writeFileSync(target, text);
    return target;
  };

  it('summarises results', () => {
    expect(resultSummary({ drifted: 1, share_drifted: 0.5, result: { status: 'ok', drifted_columns: ['prompt_language'] } })).toBe('DRIFT  share 0.500  drifted: prompt_language');
    expect(resultSummary({ result: { status: 'insufficient_data', reference_size: 3, current_size: 0, min_rows: 30 } })).toBe('insufficient data (reference 3, current 0, min 30)');
    expect(resultSummary({ result: { status: 'ok', scores: { refusal_rate: 0.25, diversity: null } } })).toBe('refusal_rate=0.250  diversity=-');
    expect(resultSummary({ result: { status: 'error', error: 'boom' } })).toBe('error: boom');
  });

  it('creates, uploads a reference, runs, lists results and deletes', async () => {
    const definition = file('monitor.yaml', ['endpoint_name: demo-chat', 'name: cli-drift', 'kind: drift', 'reference: {type: dataset}', 'current_window_seconds: 600', 'columns: [prompt_chars]', ''].join('\n'));
    const created = await cli(['monitors', 'create', '-f', definition, '--json']);
    expect(created.code, created.stderr).toBe(0);
    const id = (JSON.parse(created.stdout) as { id: string }).id;

    const bad = await cli(['monitors', 'upload-reference', id, file('bad.jsonl', '{"colour": "red"}\n')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown columns: colour');
    const upload = await cli(['monitors', 'upload-reference', id, file('ref.jsonl', '{"prompt": "hello there"}\n{"prompt_chars": 30}\n')]);
    expect(upload.code, upload.stderr).toBe(0);
    expect(upload.stdout).toContain('Uploaded 2 reference rows (columns compared: prompt_chars)');

    const run = await cli(['monitors', 'run', id]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('insufficient data (reference 2');
    const listed = await cli(['monitors', 'list', '--endpoint', 'demo-chat']);
    expect(listed.stdout).toContain('cli-drift');
    const results = await cli(['monitors', 'results', id, '--json']);
    // The loop may have run it too (a new monitor is due at once).
    expect((JSON.parse(results.stdout) as { results: unknown[] }).results.length).toBeGreaterThanOrEqual(1);
    expect((await cli(['monitors', 'get', id])).stdout).toContain('Reference rows');
    expect((await cli(['monitors', 'delete', id])).code).toBe(0);
    expect((await cli(['monitors', 'get', id])).code).toBe(1);
    // Nine CLI processes (each starts tsx): generous on a loaded machine; nothing here measures time.
  }, 180_000);
});
