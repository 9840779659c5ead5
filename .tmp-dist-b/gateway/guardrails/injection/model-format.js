import { FEATURE_VERSION, HASH_SIZE } from './features.js';
/**
 * Encodes a trained model: `weights[i]` is the float weight of `buckets[i]` (buckets ascending), quantised here to
 * `round(weight / scale)` clamped to ±127; weights that round to 0 are dropped.
 */
export function encodeModelFile(model) {
    const kept = [];
    const quantised = [];
    model.buckets.forEach((bucket, index) => {
        const value = Math.max(-127, Math.min(127, Math.round((model.weights[index] ?? 0) / model.scale)));
        if (value === 0)
            return;
        kept.push(bucket);
        quantised.push(value);
    });
    const varints = [];
    let previous = 0;
    for (const bucket of kept) {
        let delta = bucket - previous;
        if (delta < 0 || (delta === 0 && varints.length > 0))
            throw new Error('buckets must be strictly ascending');
        previous = bucket;
        while (delta >= 0x80) {
            varints.push((delta & 0x7f) | 0x80);
            delta >>>= 7;
        }
        varints.push(delta);
    }
    return {
        format: 'cairn-injection-logreg/1',
        featureVersion: FEATURE_VERSION,
        bias: model.bias,
        heuristicWeights: model.heuristicWeights,
        scale: model.scale,
        count: kept.length,
        buckets: Buffer.from(varints).toString('base64'),
        weights: Buffer.from(Int8Array.from(quantised).buffer).toString('base64'),
        training: model.training,
    };
}
/** Decodes a model file for scoring; refuses one built for other features. */
export function decodeModelFile(file, heuristicNames) {
    if (file.format !== 'cairn-injection-logreg/1')
        throw new Error(`unknown injection model format ${String(file.format)}`);
    if (file.featureVersion !== FEATURE_VERSION) {
        throw new Error(`injection model was trained on features ${file.featureVersion}, scoring uses ${FEATURE_VERSION}: retrain it`);
    }
    const varints = Buffer.from(file.buckets, 'base64');
    const values = Buffer.from(file.weights, 'base64');
    if (values.length !== file.count)
        throw new Error('injection model is corrupt: weight count mismatch');
    const hashed = new Int8Array(HASH_SIZE);
    let bucket = 0;
    let offset = 0;
    for (let index = 0; index < file.count; index++) {
        let delta = 0;
        let shift = 0;
        for (;;) {
            const byte = varints[offset++];
            if (byte === undefined)
                throw new Error('injection model is corrupt: bucket list too short');
            delta |= (byte & 0x7f) << shift;
            if (byte < 0x80)
                break;
            shift += 7;
        }
        bucket += delta;
        if (bucket >= HASH_SIZE)
            throw new Error('injection model is corrupt: bucket out of range');
        hashed[bucket] = values[index] << 24 >> 24;
    }
    const heuristicWeights = Float64Array.from(heuristicNames, (name) => file.heuristicWeights[name] ?? 0);
    return { bias: file.bias, heuristicWeights, hashed, scale: file.scale };
}
//# sourceMappingURL=model-format.js.map