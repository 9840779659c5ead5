import { heuristicFeatureNames } from '../../src/gateway/guardrails/injection/extract.js';
import { decodeModelFile, type InjectionModel, type InjectionModelFile } from '../../src/gateway/guardrails/injection/model-format.js';
import type { LabelledText } from './dataset.js';
import { toExample, toModelFile, train, type Example, type TrainingOptions } from './logistic-regression.js';

/**
 * How the committed injection model is trained, shared by the training script and the cross-validation in the
 * evaluation so that both measure the same recipe.
 */
export const trainingOptions: TrainingOptions = { epochs: 20, learningRate: 0.1, l2: 1e-3, seed: 20250101 };

/**
 * Benign texts come from corpora of very different sizes (1,400 synthetic PII sentences, a dozen benign prompts):
 * weighting each benign text by 1/sqrt(its corpus size) keeps the large, easy corpora from drowning the small,
 * prompt-like ones that teach the classifier what an ordinary instruction looks like. Injections weigh 1 each.
 */
export function toExamples(texts: readonly LabelledText[]): Example[] {
  const benignPerSource = new Map<string, number>();
  for (const item of texts) if (!item.injection) benignPerSource.set(item.source, (benignPerSource.get(item.source) ?? 0) + 1);
  return texts.map((item) => {
    const example = toExample(item.text, item.injection);
    example.weight = item.injection ? 1 : 1 / Math.sqrt(benignPerSource.get(item.source) ?? 1);
    return example;
  });
}

/** Trains on `examples` and returns the model file exactly as it would be committed. */
export function trainModelFile(examples: readonly Example[], training: unknown): InjectionModelFile {
  return toModelFile(train(examples, trainingOptions), training);
}

/** A model file decoded for scoring, as the guardrail would load it. */
export function decodeForScoring(file: InjectionModelFile): InjectionModel {
  return decodeModelFile(file, heuristicFeatureNames);
}
