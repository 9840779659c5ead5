import { CaptureWriter } from './capture-writer.js';
import { createInferenceLogReader } from './inference-log-query.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './inference-log-query.js';
export function createCapture(dependencies) {
    const { db, config, metrics, logger } = dependencies;
    const writer = new CaptureWriter({
        db,
        metrics,
        logger,
        enabled: config.capture.enabled,
        queueSize: config.capture.queue_size,
        batchSize: config.capture.batch_size,
        flushIntervalMs: config.capture.flush_interval_ms,
        row: { maskPii: config.capture.mask_pii, maxPayloadBytes: config.capture.max_payload_bytes },
        ...(dependencies.retryDelaysMs ? { retryDelaysMs: dependencies.retryDelaysMs } : {}),
    });
    const reader = createInferenceLogReader(db);
    return {
        enqueue: (record) => writer.enqueue(record),
        onRowsWritten: (listener) => writer.onRowsWritten(listener),
        stats: () => writer.stats(),
        flush: () => writer.flush(),
        close: () => writer.close(),
        query: (filters) => reader.query(filters),
        get: (requestId) => reader.get(requestId),
    };
}
//# sourceMappingURL=index.js.map