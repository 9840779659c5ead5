import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
/**
 * Runs SQLite's WAL checkpoints on a worker thread. By default SQLite checkpoints inside the COMMIT that
 * crosses the WAL size threshold, and better-sqlite3 runs that on the event loop: the benchmark saw capture
 * commits block requests for 14-26 ms, 35-70 % of it checkpointing. With auto-checkpoint off on the main
 * connection, this worker's own connection checkpoints (PASSIVE: it never blocks writers) on a timer.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;
export function startSqliteCheckpointer(file, intervalMs = 1000) {
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(workerSource, { eval: true, workerData: { file, driverPath, intervalMs } });
    worker.unref();
    const exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('error', () => undefined);
    return {
        async stop() {
            worker.postMessage('stop');
            const timeout = new Promise((resolve) => setTimeout(resolve, 2_000).unref());
            await Promise.race([exited, timeout]);
            await worker.terminate();
        },
    };
}
//# sourceMappingURL=sqlite-checkpointer.js.map