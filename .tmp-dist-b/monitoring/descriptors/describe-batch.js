import { describeCall } from './describe-call.js';
import { createDescriptorDemoEmbedder, STORED_DEMO_DIMENSIONS } from './embeddings.js';
let demo;
/** One row, isolated: a row that throws yields an error result and the others go on. */
export function describeOne(row, withDemoEmbeddings) {
    try {
        demo ??= withDemoEmbeddings ? createDescriptorDemoEmbedder() : undefined;
        const description = describeCall(row, withDemoEmbeddings && demo ? { embedSync: demo.embedSync, foldTo: STORED_DEMO_DIMENSIONS } : {});
        return { ok: true, description };
    }
    catch (error) {
        return { ok: false, error: error instanceof Error ? error.message.slice(0, 200) : 'describe failed' };
    }
}
//# sourceMappingURL=describe-batch.js.map