import { parentPort } from 'node:worker_threads';
import { describeOne } from './describe-batch.js';
parentPort?.on('message', (message) => {
    const started = performance.now();
    const results = message.rows.map((row) => describeOne(row, message.demoEmbeddings));
    const response = { id: message.id, results, elapsedMs: performance.now() - started };
    parentPort?.postMessage(response);
});
//# sourceMappingURL=descriptor-worker.js.map