import { CairnError } from '../../errors/index.js';
import { scoreInjection, warmUpInjectionScoring, type InjectionScore } from './injection/index.js';
import type { Guardrail, GuardrailFinding, GuardrailVerdict, SegmentSource, TextSegment } from './types.js';

/**
 * `prompt_injection`: scores each scanned segment with the injection classifier (heuristics plus a logistic
 * regression the project trains itself, `injection/`) and blocks or flags the call when the highest score reaches
 * the threshold. Local and synchronous: no promise, no I/O per call.
 *
 * Which segments (SEC-PI-1): an injection arrives as much through a tool result or an earlier turn as through the
 * last user message, so with `scanHistory` every segment whose source is in `scanRoles` is scored (default: user,
 * tool, prompt and completion texts); without it, only the last such segment. `prompt` and `completion` segments
 * (the completions API and model output) are always eligible: `scan_roles` in the endpoint config lists chat roles
 * only, and must not switch off scanning of a completion prompt or of the answer.
 *
 * Each segment is read up to its first and last 32 KiB (see `injection/normalize.ts`); a longer segment gets a
 * `scan_truncated` finding.
 */

export interface PromptInjectionOptions {
  behavior: 'FLAG' | 'BLOCK';
  /** Score (0–1) at or above which a segment counts as an injection. */
  threshold: number;
  scanHistory: boolean;
  scanRoles?: readonly SegmentSource[];
}

export const DEFAULT_INJECTION_SCAN_ROLES: readonly SegmentSource[] = ['user', 'tool', 'prompt', 'completion'];
const ALWAYS_SCANNED: readonly SegmentSource[] = ['prompt', 'completion'];
const NAME = 'prompt_injection';

/**
 * Scores of recently seen texts. With history scanning every turn of a chat re-sends the earlier messages; they
 * are scored once per process, not once per request. Keyed by the text itself (a hash could be made to collide
 * with a benign text's), so only short texts are kept and the cache is small: at most 512 × 8 Ki UTF-16 units.
 */
const scoreCache = new Map<string, InjectionScore>();
const CACHE_ENTRIES = 512;
const CACHE_TEXT_LENGTH = 8 * 1024;

function cachedScore(text: string): InjectionScore {
  if (text.length > CACHE_TEXT_LENGTH) return scoreInjection(text);
  const cached = scoreCache.get(text);
  if (cached !== undefined) {
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    scoreCache.delete(text);
    scoreCache.set(text, cached);
    return cached;
  }
  const scored = scoreInjection(text);
  if (scoreCache.size >= CACHE_ENTRIES) scoreCache.delete(scoreCache.keys().next().value as string);
  scoreCache.set(text, scored);
  return scored;
}

export function createPromptInjectionGuardrail(options: PromptInjectionOptions): Guardrail {
  if (!(options.threshold > 0 && options.threshold < 1)) {
    throw new CairnError('INVALID_PARAMETER_VALUE', `Guardrail prompt_injection: threshold must be between 0 and 1 (exclusive), got ${options.threshold}.`);
  }
  const scanned = new Set<SegmentSource>([...(options.scanRoles ?? DEFAULT_INJECTION_SCAN_ROLES), ...ALWAYS_SCANNED]);
  const hitAction = options.behavior === 'BLOCK' ? 'block' : 'flag';
  // Decode the model and compile the patterns now: the first request pays nothing, a broken model file fails
  // configuration.
  warmUpInjectionScoring();

  function judged(segments: readonly TextSegment[]): number[] {
    const indexes: number[] = [];
    for (let index = 0; index < segments.length; index++) if (scanned.has((segments[index] as TextSegment).source)) indexes.push(index);
    if (options.scanHistory || indexes.length <= 1) return indexes;
    return [indexes[indexes.length - 1] as number];
  }

  return {
    name: NAME,
    check(segments, context): GuardrailVerdict {
      try {
        let best = 0;
        const findings: GuardrailFinding[] = [];
        for (const segmentIndex of judged(segments)) {
          const { score, findings: found } = cachedScore((segments[segmentIndex] as TextSegment).text);
          if (score > best) best = score;
          if (score < options.threshold) continue;
          findings.push({ type: 'injection', segment: segmentIndex, score, detail: `injection score ${score.toFixed(3)}` });
          for (const finding of found) findings.push({ ...finding, segment: segmentIndex });
        }
        return { guardrail: NAME, stage: context.stage, action: best >= options.threshold ? hitAction : 'allow', findings, score: best };
      } catch (error) {
        // Scoring is local and should not fail; if it does, a blocking guardrail fails closed.
        return { guardrail: NAME, stage: context.stage, action: hitAction, findings: [], error: `injection scoring failed: ${(error as Error).message}` };
      }
    },
  };
}
