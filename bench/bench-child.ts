import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ProcessUsage } from './ipc.js';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface StartChildOptions {
  /** A script under `bench/`, run with `node --import tsx`. */
  script: string;
  name: string;
  /** Where the child's stdout and stderr go. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  /** Extra Node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
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
    const log = openSync(options.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, ['--import', 'tsx', ...(options.nodeFlags ?? []), path.join(repositoryRoot, 'bench', options.script)], {
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
