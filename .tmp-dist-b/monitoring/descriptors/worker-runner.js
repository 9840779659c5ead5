import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
/**
 * Starts descriptor-worker on a thread. From dist this module is `.js` and the worker file beside it is loaded
 * as is; from source (vitest, tsx) it is `.ts`, and plain Node cannot load TypeScript, so a small bootstrap
 * registers tsx's loader inside the worker first. Both go through an eval'd CommonJS bootstrap, as the SQLite
 * checkpointer does, so the same code path starts either.
 */
const bootstrap = `
const { workerData } = require('node:worker_threads');
(workerData.tsxApi ? import(workerData.tsxApi).then((tsx) => tsx.register()) : Promise.resolve())
  .then(() => import(workerData.moduleUrl))
  .catch((error) => { setImmediate(() => { throw error; }); });
`;
export function startDescriptorWorker(onError) {
    const fromSource = import.meta.url.endsWith('.ts');
    const moduleUrl = new URL(fromSource ? './descriptor-worker.ts' : './descriptor-worker.js', import.meta.url).href;
    // tsx's ESM register API (its CommonJS build resolves its hooks relative to the wrong folder when imported here).
    const tsxApi = fromSource ? new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'))).href : null;
    const worker = new Worker(bootstrap, { eval: true, workerData: { moduleUrl, tsxApi } });
    worker.unref();
    let alive = true;
    let nextId = 1;
    const pending = new Map();
    const failAll = (error) => {
        alive = false;
        for (const entry of pending.values())
            entry.reject(error);
        pending.clear();
    };
    worker.on('message', (message) => {
        const entry = pending.get(message.id);
        pending.delete(message.id);
        entry?.resolve(message);
    });
    worker.on('error', (error) => {
        onError(error);
        failAll(error instanceof Error ? error : new Error(String(error)));
    });
    worker.on('exit', () => failAll(new Error('descriptor worker exited')));
    return {
        get alive() {
            return alive;
        },
        describe(rows, demoEmbeddings) {
            if (!alive)
                return Promise.reject(new Error('descriptor worker is not running'));
            const id = nextId++;
            return new Promise((resolve, reject) => {
                pending.set(id, { resolve, reject });
                // Keep the process alive while a batch is out; unref'd again when idle.
                worker.ref();
                const request = { id, rows, demoEmbeddings };
                worker.postMessage(request);
            }).then((response) => {
                if (pending.size === 0)
                    worker.unref();
                return { results: response.results, elapsedMs: response.elapsedMs };
            }, (error) => {
                if (pending.size === 0)
                    worker.unref();
                throw error;
            });
        },
        async close() {
            alive = false;
            await worker.terminate();
        },
    };
}
//# sourceMappingURL=worker-runner.js.map