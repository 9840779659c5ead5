import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `cairn serve` as a real process: first start creates the admin token file (0600) and the demo endpoint;
 * SIGTERM drains the capture queue before exit, so no captured call is lost.
 */
describe('cairn serve process', () => {
  it('bootstraps, serves the demo endpoint and drains capture on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-serve-'));
    const configFile = path.join(dataDir, 'cairn.yaml');
    // A flush interval far beyond the test keeps every row queued until shutdown drains it.
    writeFileSync(configFile, 'capture:\n  flush_interval_ms: 600000\n  batch_size: 10000\nlogging:\n  level: warn\n');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'serve', '--port', '0', '--config', configFile], {
      cwd: root,
      env: { ...process.env, CAIRN_DATA_DIR: dataDir, CAIRN_ADMIN_TOKEN: '', CAIRN_DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${stderr}`)), 20_000);
      child.stderr.setEncoding('utf8').on('data', (text: string) => {
        stderr += text;
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const tokenFile = path.join(dataDir, 'admin-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const { readFileSync } = await import('node:fs');
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(stderr).toContain(token);
    expect(token).toMatch(/^cairn_/);

    const calls = 25;
    const statuses = await Promise.all(
      Array.from({ length: calls }, (_, index) =>
        fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content: `question ${index}` }], max_tokens: 4 }),
        }).then((response) => response.status),
      ),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const database = new SQLite(path.join(dataDir, 'cairn.db'), { readonly: true });
    try {
      const row = database.prepare("select count(*) as count from inference_log where endpoint_name = 'demo-chat'").get() as { count: number };
      expect(row.count).toBe(calls);
    } finally {
      database.close();
    }
  });
});
