import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Where js-worker lives and how to start it. From dist this module is `.js` and the worker beside it is loaded as
 * is; from source (vitest, tsx) it is `.ts`, and plain Node cannot load TypeScript, so the bootstrap registers tsx's
 * loader inside the thread first (as the descriptor worker does). Both paths go through the same eval'd CommonJS
 * bootstrap.
 */
export const workerBootstrap = `
const { workerData } = require('node:worker_threads');
(workerData.tsxApi ? import(workerData.tsxApi).then((tsx) => tsx.register()) : Promise.resolve())
  .then(() => import(workerData.moduleUrl))
  .catch((error) => { setImmediate(() => { throw error; }); });
`;

export function workerModule(): { moduleUrl: string; tsxApi: string | null } {
  const fromSource = import.meta.url.endsWith('.ts');
  const moduleUrl = new URL(fromSource ? './js-worker.ts' : './js-worker.js', import.meta.url).href;
  // tsx's ESM register API (its CommonJS build resolves its hooks relative to the wrong folder when imported here).
  const tsxApi = fromSource ? new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'))).href : null;
  return { moduleUrl, tsxApi };
}
