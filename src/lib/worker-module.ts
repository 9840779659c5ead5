import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Starting a worker thread on one of Cairn's own modules, from dist and from source alike. From dist the module is
 * `.js` and is loaded as is; from source (vitest, tsx) it is `.ts`, which plain Node cannot load, so the bootstrap
 * registers tsx's loader inside the thread first. Both go through the same eval'd CommonJS bootstrap:
 * `new Worker(workerBootstrap, { eval: true, workerData: { ...workerModule(import.meta.url, 'name'), … } })`.
 */
export const workerBootstrap = `
const { workerData } = require('node:worker_threads');
(workerData.tsxApi ? import(workerData.tsxApi).then((tsx) => tsx.register()) : Promise.resolve())
  .then(() => import(workerData.moduleUrl))
  .catch((error) => { setImmediate(() => { throw error; }); });
`;

export interface WorkerModule {
  moduleUrl: string;
  /** tsx's ESM register API when running from source, else null. */
  tsxApi: string | null;
}

/** The worker module `baseName` beside the caller (`callerUrl` = the caller's `import.meta.url`). */
export function workerModule(callerUrl: string, baseName: string): WorkerModule {
  const fromSource = callerUrl.endsWith('.ts');
  const moduleUrl = new URL(`./${baseName}${fromSource ? '.ts' : '.js'}`, callerUrl).href;
  // tsx's ESM register API (its CommonJS build resolves its hooks relative to the wrong folder when imported here).
  const tsxApi = fromSource ? new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(callerUrl).resolve('tsx/package.json'))).href : null;
  return { moduleUrl, tsxApi };
}
