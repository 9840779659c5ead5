import { spawn } from 'node:child_process';
import { CairnError } from '../../errors/index.js';

export interface DependencyInstallOptions {
  /** The directory holding the lockfile and package.json. */
  cwd: string;
  /** `models.npm_command`. */
  npmCommand: string;
  timeoutMs: number;
  signal?: AbortSignal;
  environment?: NodeJS.ProcessEnv;
}

/** npm's own arguments: exactly the lockfile, no lifecycle scripts (SEC-SC-1), no dev dependencies, no network noise. */
export const npmCiArguments = ['ci', '--ignore-scripts', '--omit=dev', '--no-audit', '--no-fund'] as const;

// A child process must not inherit Cairn's credentials: its config, provider keys, database URL.
const secretLike = /(SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL|DATABASE_URL|REDIS_URL)/i;

/**
 * The environment npm runs with: Cairn's own variables (`CAIRN_*`) and anything that looks like a secret are dropped;
 * npm's settings (`npm_config_*`, `NPM_*`, e.g. a private registry's token) are kept, and scripts are forced off.
 */
export function installEnvironment(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const npmSetting = /^npm_config_/i.test(key) || /^NPM_/.test(key);
    if (/^CAIRN_/i.test(key)) continue;
    if (!npmSetting && secretLike.test(key)) continue;
    result[key] = value;
  }
  result.npm_config_ignore_scripts = 'true';
  result.npm_config_update_notifier = 'false';
  result.npm_config_fund = 'false';
  result.npm_config_audit = 'false';
  return result;
}

const maxCapturedBytes = 64 * 1024;

/** The lines of npm's output that say why it failed (`npm error …`), shortened for a status message. */
export function npmFailureSummary(output: string): string {
  const lines = output.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const errors = lines.filter((line) => /^npm (error|ERR!)/.test(line) && !/A complete log of this run/.test(line) && !/^npm (error|ERR!)\s*\d*\s*$/.test(line));
  const chosen = (errors.length > 0 ? errors : lines.slice(-5)).slice(0, 4).join(' | ');
  return chosen.length > 1000 ? `${chosen.slice(0, 997)}...` : chosen;
}

/**
 * Runs `<npm> ci --ignore-scripts --omit=dev --no-audit --no-fund` in `cwd` (the version's own directory, never
 * Cairn's), bounded by `timeoutMs`; the whole process group is killed on timeout or abort. A failure is a CairnError
 * PACKAGE_INVALID whose message quotes npm's error lines.
 */
export async function installDependencies(options: DependencyInstallOptions): Promise<void> {
  if (options.signal?.aborted) throw new CairnError('PACKAGE_INVALID', 'dependency install failed: the install was cancelled (Cairn is shutting down)');
  let output = '';
  const capture = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > maxCapturedBytes) output = output.slice(-maxCapturedBytes);
  };
  const outcome = await new Promise<{ code: number | null; reason?: string }>((resolve) => {
    // detached: npm's own children (git, node-gyp) are in its process group, so a timeout can kill them all.
    const child = spawn(options.npmCommand, [...npmCiArguments], {
      cwd: options.cwd,
      env: options.environment ?? installEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    let reason: string | undefined;
    const kill = (why: string) => {
      reason ??= why;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => kill(`npm ci did not finish within ${options.timeoutMs} ms (models.npm_install_timeout_ms)`), options.timeoutMs);
    const onAbort = () => kill('the install was cancelled (Cairn is shutting down)');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', capture);
    child.stderr.on('data', capture);
    child.on('error', (error) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ code: null, reason: `could not run ${options.npmCommand}: ${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ code, reason });
    });
  });
  if (outcome.code === 0 && !outcome.reason) return;
  const why = outcome.reason ?? `npm ci exited with code ${outcome.code}: ${npmFailureSummary(output) || 'no output'}`;
  throw new CairnError('PACKAGE_INVALID', `dependency install failed: ${why}`);
}
