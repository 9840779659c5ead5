import { extractFeatures, HEURISTIC_FEATURE_COUNT, heuristicFeatureNames } from '../../src/gateway/guardrails/injection/extract.js';
import { createFeatureBuffer, HASH_SIZE, type HashedFeatures } from '../../src/gateway/guardrails/injection/features.js';
import { encodeModelFile, type InjectionModelFile } from '../../src/gateway/guardrails/injection/model-format.js';
import { seededRandom } from '../../src/lib/seeded-random.js';

/**
 * Logistic regression for the injection classifier, trained with AdaGrad SGD (fixed seed, fixed order, so a
 * retrain reproduces the committed weights bit for bit on the same Node version), L2 on the weights each step
 * touches, and class weights that give both classes the same total weight.
 */

/** One text as the classifier sees it: the exact features scoring computes, merged per bucket. */
export interface Example {
  buckets: Int32Array;
  values: Float64Array;
  heuristics: Float64Array;
  label: 0 | 1;
  /** Relative weight of the example within its class (default 1). */
  weight?: number;
}

export interface TrainingOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const defaultTrainingOptions: TrainingOptions = { epochs: 12, learningRate: 0.2, l2: 1e-5, seed: 20250101 };

export interface TrainedWeights {
  bias: number;
  heuristics: Float64Array;
  hashed: Float64Array;
}

const buffer = createFeatureBuffer();

export function toExample(text: string, injection: boolean): Example {
  const heuristics = new Float64Array(HEURISTIC_FEATURE_COUNT);
  extractFeatures(text, buffer, heuristics);
  return exampleFrom(buffer, heuristics, injection ? 1 : 0);
}

/**
 * The example for a text whose features were just extracted into `buffer` (word and character hashes) and
 * `heuristics` (named features): hashed entries merged per bucket, each family scaled by 1/sqrt(its count).
 * Shared with the toxicity recipe, whose named features differ but whose hashed features are these.
 */
export function exampleFrom(buffer: HashedFeatures, heuristics: Float64Array, label: 0 | 1): Example {
  const merged = new Map<number, number>();
  const add = (from: number, to: number, scale: number): void => {
    for (let index = from; index < to; index++) {
      const entry = buffer.entries[index] as number;
      const bucket = entry >= 0 ? entry : ~entry;
      merged.set(bucket, (merged.get(bucket) ?? 0) + (entry >= 0 ? scale : -scale));
    }
  };
  if (buffer.wordCount > 0) add(0, buffer.wordCount, 1 / Math.sqrt(buffer.wordCount));
  if (buffer.charCount > 0) add(buffer.wordCount, buffer.wordCount + buffer.charCount, 1 / Math.sqrt(buffer.charCount));
  const buckets = Int32Array.from([...merged.keys()].sort((a, b) => a - b));
  const values = Float64Array.from(buckets, (bucket) => merged.get(bucket) ?? 0);
  return { buckets, values, heuristics, label };
}

function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}

export function logitOf(weights: TrainedWeights, example: Example): number {
  let logit = weights.bias;
  for (let index = 0; index < example.heuristics.length; index++) {
    logit += (weights.heuristics[index] ?? 0) * (example.heuristics[index] ?? 0);
  }
  for (let index = 0; index < example.buckets.length; index++) {
    logit += (weights.hashed[example.buckets[index] as number] ?? 0) * (example.values[index] ?? 0);
  }
  return logit;
}

export function train(examples: readonly Example[], options: TrainingOptions = defaultTrainingOptions): TrainedWeights {
  // Each class carries half the total weight, spread over its examples by their relative weights.
  const classTotals = [0, 0];
  for (const example of examples) classTotals[example.label] = (classTotals[example.label] ?? 0) + (example.weight ?? 1);
  const classWeight = classTotals.map((total) => examples.length / (2 * Math.max(1e-9, total)));
  const weights: TrainedWeights = {
    bias: 0,
    heuristics: new Float64Array(HEURISTIC_FEATURE_COUNT),
    hashed: new Float64Array(HASH_SIZE),
  };
  const squaredHashed = new Float64Array(HASH_SIZE);
  const squaredHeuristics = new Float64Array(HEURISTIC_FEATURE_COUNT);
  let squaredBias = 0;
  const random = seededRandom(options.seed);
  const order = examples.map((_, index) => index);
  const epsilon = 1e-8;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let index = order.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [order[index], order[other]] = [order[other] as number, order[index] as number];
    }
    for (const position of order) {
      const example = examples[position] as Example;
      const error =
        (sigmoid(logitOf(weights, example)) - example.label) * (classWeight[example.label] as number) * (example.weight ?? 1);
      squaredBias += error * error;
      weights.bias -= (options.learningRate * error) / Math.sqrt(squaredBias + epsilon);
      for (let feature = 0; feature < example.heuristics.length; feature++) {
        const value = example.heuristics[feature] ?? 0;
        if (value === 0) continue;
        const gradient = error * value + options.l2 * (weights.heuristics[feature] ?? 0);
        squaredHeuristics[feature] = (squaredHeuristics[feature] ?? 0) + gradient * gradient;
        weights.heuristics[feature] =
          (weights.heuristics[feature] ?? 0) - (options.learningRate * gradient) / Math.sqrt((squaredHeuristics[feature] ?? 0) + epsilon);
      }
      for (let entry = 0; entry < example.buckets.length; entry++) {
        const bucket = example.buckets[entry] as number;
        const gradient = error * (example.values[entry] ?? 0) + options.l2 * (weights.hashed[bucket] ?? 0);
        squaredHashed[bucket] = (squaredHashed[bucket] ?? 0) + gradient * gradient;
        weights.hashed[bucket] =
          (weights.hashed[bucket] ?? 0) - (options.learningRate * gradient) / Math.sqrt((squaredHashed[bucket] ?? 0) + epsilon);
      }
    }
  }
  return weights;
}

/** Quantisation step: the 99.9th percentile of |weight| maps to 127 (the few larger ones clamp). */
function quantisationScale(hashed: Float64Array): number {
  const magnitudes: number[] = [];
  for (const weight of hashed) if (weight !== 0) magnitudes.push(Math.abs(weight));
  magnitudes.sort((a, b) => a - b);
  const high = magnitudes[Math.floor(magnitudes.length * 0.999)] ?? 1;
  return high / 127;
}

/** The weights as a committed model file: sparse, int8, small. */
export function toModelFile(weights: TrainedWeights, training: unknown): InjectionModelFile {
  const scale = quantisationScale(weights.hashed);
  const buckets: number[] = [];
  const values: number[] = [];
  weights.hashed.forEach((weight, bucket) => {
    if (Math.abs(weight) >= scale / 2) {
      buckets.push(bucket);
      values.push(weight);
    }
  });
  const heuristicWeights: Record<string, number> = {};
  heuristicFeatureNames.forEach((name, index) => {
    heuristicWeights[name] = Number((weights.heuristics[index] ?? 0).toFixed(5));
  });
  return encodeModelFile({ bias: Number(weights.bias.toFixed(5)), heuristicWeights, scale, buckets, weights: values, training });
}
