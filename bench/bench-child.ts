import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ProcessUsage } from './ipc.js';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface StartChildOptions {
  /** A script under `bench/`, run with `node --import tsx`, or an absolute path to compiled JavaScript. */
  script: string;
  name: string;
  /** Where the child's stdout and stderr go. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  /** CPU list for `taskset` (e.g. `"1"`), or undefined to let the OS schedule. */
  cpus?: string | undefined;
  readyTimeoutMs?: number;
}

/** Pins every thread of a running process (and the threads it starts later) to the given CPUs. */
export function pinProcess(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

/** A process started by the benchmark, spoken to over IPC (see `ipc.ts`). */
export class BenchChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  private exited = false;
  private readonly exitPromise: Promise<number | null>;
  /** Called when the child dies without being asked to stop. */
  onUnexpectedExit: ((code: number | null, signal: NodeJS.Signals | null) => void) | undefined;
  private stopping = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly info: Record<string, unknown>,
    readonly logFile: string,
  ) {
    this.exitPromise = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = true;
        for (const { reject, timer } of this.pending.values()) {
          clearTimeout(timer);
          reject(new Error(`${name} exited (code ${code}, signal ${signal})`));
        }
        this.pending.clear();
        if (!this.stopping) this.onUnexpectedExit?.(code, signal);
        resolve(code);
      });
    });
    child.on('message', (raw: unknown) => {
      const message = raw as ChildMessage;
      if (message.kind !== 'reply') return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      clearTimeout(waiter.timer);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(`${name}: ${message.error}`));
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  static async start(options: StartChildOptions): Promise<BenchChild> {
    const log = openSync(options.logFile, 'w');
    let child: ChildProcess;
    try {
      const compiled = path.isAbsolute(options.script);
      const entry = compiled ? [options.script] : ['--import', 'tsx', path.join(repositoryRoot, 'bench', options.script)];
      child = spawn(process.execPath, entry, {
        cwd: repositoryRoot,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', log, log, 'ipc'],
      });
    } finally {
      closeSync(log);
    }
    const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${options.name} did not start within ${options.readyTimeoutMs ?? 30_000} ms (see ${options.logFile})`));
      }, options.readyTimeoutMs ?? 30_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${options.name} exited with code ${code} while starting (see ${options.logFile})`));
      });
      child.on('message', (raw: unknown) => {
        const message = raw as ChildMessage;
        if (message.kind !== 'ready') return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(message.info);
      });
    });
    child.removeAllListeners('message');
    const handle = new BenchChild(options.name, child, info, options.logFile);
    if (options.cpus !== undefined && child.pid !== undefined) pinProcess(child.pid, options.cpus);
    return handle;
  }

  call<T>(type: string, payload?: unknown, timeoutMs = 15_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name} did not answer "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.child.send({ kind: 'request', id, type, payload });
    });
  }

  usage(): Promise<ProcessUsage> {
    return this.call<ProcessUsage>('usage');
  }

  /** Asks the child to stop (Cairn drains its capture queue then) and waits; SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<number | null> {
    if (this.exited) return this.exitPromise;
    this.stopping = true;
    this.call('stop', undefined, timeoutMs).catch(() => {});
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exitPromise;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Immediate teardown on error paths. */
  kill(): void {
    this.stopping = true;
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

// Under node_modules/.cache: ignored by git and eslint, and packages resolve from there as from src/.
const buildDirectory = path.join(repositoryRoot, 'node_modules', '.cache', 'cairn-bench');
export const compiledCairnEntry = path.join(buildDirectory, 'bench', 'cairn-process.js');

/**
 * Compiles Cairn (src/, without tests) and the Cairn process script with tsc, as `npm run build` does, so
 * the benchmark runs the JavaScript a user runs rather than tsx's on-the-fly transform. Returns the entry.
 */
export async function buildCairn(logFile: string): Promise<string> {
  const tsc = path.join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const project = path.join(repositoryRoot, 'bench', 'tsconfig.cairn-build.json');
  // A clean build each time: nothing stale from a deleted source file or a hand-edited experiment.
  rmSync(buildDirectory, { recursive: true, force: true });
  const output = await new Promise<string>((resolve) => {
    execFile(process.execPath, [tsc, '-p', project], { cwd: repositoryRoot, timeout: 300_000, maxBuffer: 16 * 2 ** 20 }, (error, stdout, stderr) => {
      resolve(error ? `${stdout}${stderr}`.trim() || error.message : '');
    });
  });
  const entry = compiledCairnEntry;
  if (output !== '') {
    writeFileSync(logFile, `${output}\n`);
    // tsc still emits on type errors (others may be mid-edit); the check queries catch a broken build.
    if (!existsSync(entry)) throw new Error(`compiling Cairn failed; see ${logFile}`);
    console.warn(`[bench] tsc reported problems (see ${logFile}); running what it emitted`);
  }
  // Node stops looking for the package scope at node_modules; this one makes the output ESM, like Cairn's own.
  const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  writeFileSync(path.join(buildDirectory, 'package.json'), `${JSON.stringify({ name: `${manifest.name}-bench-build`, version: manifest.version, type: 'module', private: true })}\n`);
  return entry;
}

export function benchLog(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}
