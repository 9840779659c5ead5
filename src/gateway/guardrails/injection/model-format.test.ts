import { describe, expect, it } from 'vitest';
import { FEATURE_VERSION, HASH_SIZE } from './features.js';
import { decodeModelFile, encodeModelFile } from './model-format.js';
import modelFile from './model.json' with { type: 'json' };

describe('injection model file', () => {
  it('round-trips sparse int8 weights and named heuristic weights', () => {
    const file = encodeModelFile({
      bias: -1.5,
      heuristicWeights: { override_instructions: 2, prompt_leak: 0.5 },
      scale: 0.01,
      buckets: [0, 5, 300, 70_000, HASH_SIZE - 1],
      weights: [1.27, -0.5, 0.004, 5, -0.03],
    });
    // 0.004 rounds to 0 and is dropped; 5 clamps to 127 steps.
    expect(file.count).toBe(4);
    const model = decodeModelFile(JSON.parse(JSON.stringify(file)), ['prompt_leak', 'unknown', 'override_instructions']);
    expect(model.bias).toBe(-1.5);
    expect([...model.heuristicWeights]).toEqual([0.5, 0, 2]);
    expect(model.hashed[0]).toBe(127);
    expect(model.hashed[5]).toBe(-50);
    expect(model.hashed[300]).toBe(0);
    expect(model.hashed[70_000]).toBe(127);
    expect(model.hashed[HASH_SIZE - 1]).toBe(-3);
  });

  it('refuses a model trained on other features or a damaged file', () => {
    const file = encodeModelFile({ bias: 0, heuristicWeights: {}, scale: 1, buckets: [1, 2], weights: [1, 1] });
    expect(() => decodeModelFile({ ...file, featureVersion: 'other' }, [])).toThrow(/retrain/);
    expect(() => decodeModelFile({ ...file, weights: Buffer.from([1]).toString('base64') }, [])).toThrow(/corrupt/);
    expect(() => decodeModelFile({ ...file, buckets: '' }, [])).toThrow(/corrupt/);
  });

  it('the committed model matches the scoring features and stays small', () => {
    expect(modelFile.featureVersion).toBe(FEATURE_VERSION);
    expect(JSON.stringify(modelFile).length).toBeLessThan(1.5 * 1024 * 1024);
  });
});
