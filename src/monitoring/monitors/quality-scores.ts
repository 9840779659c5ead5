import type { QualityEvaluator } from './monitor-config.js';

/**
 * Window quality scores from per-call descriptors: averages of the call-level scores, rates of boolean markers,
 * and output diversity across repeated prompts. Pure.
 */

/** One call of the window: its descriptors and, for diversity, keys (hashes) of its prompt and answer texts. */
export interface QualityRow {
  descriptors: Readonly<Record<string, unknown>>;
  promptKey?: string | null;
  responseKey?: string | null;
}

export interface QualityScores {
  /** null when no call of the window carried the descriptor (or, for diversity, no prompt repeated). */
  scores: Partial<Record<QualityEvaluator, number | null>>;
  /** Calls behind each score (for diversity: calls whose prompt repeated). */
  samples: Partial<Record<QualityEvaluator, number>>;
}

/** Which descriptor each averaged evaluator reads, and whether it is a rate of a boolean marker. */
export const QUALITY_SOURCES: Record<Exclude<QualityEvaluator, 'diversity'>, { descriptor: string; rate: boolean }> = {
  relevance: { descriptor: 'relevance', rate: false },
  groundedness: { descriptor: 'groundedness', rate: false },
  hallucination_markers: { descriptor: 'hallucination_markers', rate: false },
  refusal_rate: { descriptor: 'response_refusal', rate: true },
  empty_rate: { descriptor: 'response_empty', rate: true },
};

function numeric(value: unknown, rate: boolean): number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isFinite(value)) return rate ? (value > 0 ? 1 : 0) : value;
  return null;
}

/**
 * Distinct answers ÷ calls, over the calls whose prompt occurs more than once in the window: 1 means every
 * repeat got a new answer, 1/n that n repeats all got the same one. null when no prompt repeats.
 */
export function diversity(rows: readonly QualityRow[]): { value: number | null; calls: number } {
  const byPrompt = new Map<string, string[]>();
  for (const row of rows) {
    if (!row.promptKey || row.responseKey === undefined || row.responseKey === null) continue;
    const answers = byPrompt.get(row.promptKey);
    if (answers) answers.push(row.responseKey);
    else byPrompt.set(row.promptKey, [row.responseKey]);
  }
  let calls = 0;
  let distinct = 0;
  for (const answers of byPrompt.values()) {
    if (answers.length < 2) continue;
    calls += answers.length;
    distinct += new Set(answers).size;
  }
  return { value: calls === 0 ? null : distinct / calls, calls };
}

export function qualityScores(rows: readonly QualityRow[], evaluators: readonly QualityEvaluator[]): QualityScores {
  const result: QualityScores = { scores: {}, samples: {} };
  for (const evaluator of evaluators) {
    if (evaluator === 'diversity') {
      const { value, calls } = diversity(rows);
      result.scores.diversity = value;
      result.samples.diversity = calls;
      continue;
    }
    const { descriptor, rate } = QUALITY_SOURCES[evaluator];
    let sum = 0;
    let count = 0;
    for (const row of rows) {
      const value = numeric(row.descriptors[descriptor], rate);
      if (value === null) continue;
      sum += value;
      count++;
    }
    result.scores[evaluator] = count === 0 ? null : sum / count;
    result.samples[evaluator] = count;
  }
  return result;
}
