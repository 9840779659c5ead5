import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const mainScript = path.join(repositoryRoot, 'src/cli/main.ts');
// An empty data dir, so a developer's own `.cairn/admin-token` never stands in for the token under test.
const emptyDataDir = mkdtempSync(path.join(tmpdir(), 'cairn-cli-test-'));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cairn ARGS` as a real process (through tsx) with the given environment on top of a clean one. */
export function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const { CAIRN_HOST: _host, CAIRN_TOKEN: _token, CAIRN_DATA_DIR: _dataDir, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', mainScript, ...args], {
      cwd: repositoryRoot,
      env: { ...inherited, CAIRN_DATA_DIR: emptyDataDir, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
