import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Replica, ReplicaFactory } from '../../replica.js';
import { createJsReplicaFactory, type JsReplicaFactoryOptions } from '../index.js';

/**
 * Model packages for the JS runtime's tests: small directories of plain .mjs files written to a temp dir, and a
 * harness that starts replicas, collects their log lines and ends every replica and directory afterwards.
 */
export interface LogLine {
  line: string;
  stream: string | undefined;
}

export interface JsHarness {
  /** Writes the files (path → content) into a fresh directory and returns it. */
  writePackage(files: Record<string, string>): Promise<string>;
  factory(options: Partial<JsReplicaFactoryOptions> & Pick<JsReplicaFactoryOptions, 'packageDir' | 'capabilities'>): ReplicaFactory;
  start(factory: ReplicaFactory): Promise<Replica>;
  readonly logs: LogLine[];
  cleanUp(): Promise<void>;
}

export function createJsHarness(): JsHarness {
  const directories: string[] = [];
  const replicas: Replica[] = [];
  const logs: LogLine[] = [];
  let replicaNumber = 0;
  return {
    logs,
    async writePackage(files) {
      const dir = await mkdtemp(join(tmpdir(), 'cairn-js-model-'));
      directories.push(dir);
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), content);
      }
      return dir;
    },
    factory(options) {
      return createJsReplicaFactory({
        entry: 'model.mjs',
        manifest: { flavors: { js: { entry: 'model.mjs', capabilities: options.capabilities } } },
        modelName: 'test-model/1',
        memoryMb: 64,
        callTimeoutMs: 5_000,
        startTimeoutMs: 20_000,
        replicaConcurrency: 1,
        ...options,
      });
    },
    async start(factory) {
      replicaNumber++;
      const replica = await factory.start({ replicaId: `replica-${replicaNumber}`, log: (line, stream) => logs.push({ line, stream }) });
      replicas.push(replica);
      return replica;
    },
    async cleanUp() {
      await Promise.all(replicas.splice(0).map((replica) => replica.close()));
      await Promise.all(directories.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
      logs.length = 0;
    },
  };
}

export function request<T extends object>(fields: T): T & { signal: AbortSignal; requestId: string } {
  return { signal: new AbortController().signal, requestId: 'test', ...fields };
}
