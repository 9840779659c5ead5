import { createFeatureBuffer, HASH_SIZE } from '../../src/gateway/guardrails/injection/features.js';
import { encodeModelFile, type InjectionModelFile } from '../../src/gateway/guardrails/injection/model-format.js';
import {
  extractToxicityFeatures,
  LEXICON_FEATURE_COUNT,
  lexiconFeatureNames,
} from '../../src/monitoring/descriptors/toxicity/extract-toxicity-features.js';
import { HEURISTIC_FEATURE_COUNT } from '../../src/gateway/guardrails/injection/extract.js';
import { exampleFrom, train, type Example, type TrainingOptions } from '../injection/logistic-regression.js';
import type { ToxicityText } from './dataset.js';

/**
 * How the committed toxicity model is trained. The learner is the injection classifier's (AdaGrad logistic
 * regression, seeded shuffle, balanced classes: scripts/injection/logistic-regression.ts), reused as is; only the
 * examples (toxicity features) and the pruning to a small file are specific.
 */
export const trainingOptions: TrainingOptions = { epochs: 20, learningRate: 0.1, l2: 1e-3, seed: 20250105 };

/** Hashed weights kept in the committed file (largest magnitudes): about 5.5 bytes each, so well under 200 KB. */
export const MAX_HASHED_WEIGHTS = 20_000;

// The shared learner sizes its named-feature weights for the injection heuristics; ours are fewer and use the
// first slots (the rest stay 0 because no example sets them).
if (LEXICON_FEATURE_COUNT > HEURISTIC_FEATURE_COUNT) throw new Error('too many lexicon features for the shared learner');

const buffer = createFeatureBuffer();

/** One text as the classifier sees it: the exact features scoring computes, merged per bucket. */
export function toExample(text: string, toxic: boolean): Example {
  const heuristics = new Float64Array(LEXICON_FEATURE_COUNT);
  extractToxicityFeatures(text, buffer, heuristics);
  return exampleFrom(buffer, heuristics, toxic ? 1 : 0);
}

export function toExamples(texts: readonly ToxicityText[]): Example[] {
  return texts.map((item) => toExample(item.text, item.toxic));
}

/** Trains on `examples` and returns the model file exactly as it would be committed. */
export function trainModelFile(examples: readonly Example[], training: Record<string, unknown>): InjectionModelFile {
  const weights = train(examples, trainingOptions);
  const ranked: number[] = [];
  for (let bucket = 0; bucket < HASH_SIZE; bucket++) if ((weights.hashed[bucket] ?? 0) !== 0) ranked.push(bucket);
  // Largest magnitudes first, bucket order breaking ties, so the cut is deterministic.
  ranked.sort((a, b) => Math.abs(weights.hashed[b] ?? 0) - Math.abs(weights.hashed[a] ?? 0) || a - b);
  const kept = ranked.slice(0, MAX_HASHED_WEIGHTS).sort((a, b) => a - b);
  const magnitudes = kept.map((bucket) => Math.abs(weights.hashed[bucket] ?? 0)).sort((a, b) => a - b);
  const scale = (magnitudes[Math.floor(magnitudes.length * 0.999)] ?? 1) / 127;
  const heuristicWeights: Record<string, number> = {};
  lexiconFeatureNames.forEach((name, index) => {
    heuristicWeights[name] = Number((weights.heuristics[index] ?? 0).toFixed(5));
  });
  return encodeModelFile({
    bias: Number(weights.bias.toFixed(5)),
    heuristicWeights,
    scale,
    buckets: kept,
    weights: kept.map((bucket) => weights.hashed[bucket] ?? 0),
    training: { task: 'toxicity', ...training },
  });
}
