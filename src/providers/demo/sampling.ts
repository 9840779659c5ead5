import type { Random } from '../../lib/seeded-random.js';
import type { Distribution } from './ngram-model.js';

/** A uniform [0, 1) source; seeded when the request has a seed, so the same seed replays the same text. */
export type RandomSource = Random;

/** FNV-1a over the parts' text: mixes the request seed with the input so each (seed, input) has its own stream. */
export function hashParts(...parts: ReadonlyArray<string | number>): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === 'number' ? `#${part}` : part;
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 0xff;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface SamplingControls {
  /** 0 = greedy. */
  temperature: number;
  /** Nucleus mass kept, in [0, 1]; 0 keeps only the most likely token. */
  topP: number;
  presencePenalty: number;
  frequencyPenalty: number;
}

/**
 * Picks the next token: OpenAI-style penalties on log-probabilities, temperature, then nucleus (top-p)
 * truncation. Ties break on candidate order, which is fixed by training, so greedy decoding is stable.
 */
export function sampleToken(
  distribution: Distribution,
  controls: SamplingControls,
  generatedCounts: ReadonlyMap<number, number>,
  random: RandomSource,
): number {
  const { tokens, probabilities } = distribution;
  const logits = new Array<number>(tokens.length);
  let best = 0;
  for (let index = 0; index < tokens.length; index++) {
    const count = generatedCounts.get(tokens[index]!) ?? 0;
    let logit = Math.log(probabilities[index]!);
    if (count > 0) logit -= controls.frequencyPenalty * count + controls.presencePenalty;
    logits[index] = logit;
    if (logit > logits[best]!) best = index;
  }
  if (controls.temperature === 0 || tokens.length === 1) return tokens[best]!;

  const maxLogit = logits[best]!;
  const weights = logits.map((logit) => Math.exp((logit - maxLogit) / controls.temperature));
  const order = weights.map((_, index) => index).sort((left, right) => weights[right]! - weights[left]! || left - right);
  let total = 0;
  for (const weight of weights) total += weight;

  let kept = 0;
  let keptMass = 0;
  while (kept < order.length) {
    keptMass += weights[order[kept]!]!;
    kept++;
    if (keptMass >= controls.topP * total) break;
  }

  let target = random() * keptMass;
  for (let rank = 0; rank < kept; rank++) {
    const index = order[rank]!;
    target -= weights[index]!;
    if (target < 0) return tokens[index]!;
  }
  return tokens[order[kept - 1]!]!;
}
