import type { JudgeConfig } from './monitor-config.js';

/**
 * The pure half of LLM-as-judge: the prompt sent to the judge, and the score read back from its answer.
 * Scores follow OpenTelemetry's `gen_ai.evaluation.result` event: `gen_ai.evaluation.name`,
 * `gen_ai.evaluation.score.value`, `gen_ai.evaluation.score.label`, `gen_ai.evaluation.explanation`.
 */

export interface JudgeMessage {
  role: 'system' | 'user';
  content: string;
}

export interface JudgeScore {
  score: number;
  label: string | null;
  explanation: string | null;
}

/** Longest explanation kept (judges can ramble; the score is what matters). */
const MAX_EXPLANATION = 2_000;

/** Replaces `{{prompt}}`, `{{response}}`, `{{context}}` in one pass, so a text containing `{{…}}` is not expanded again. */
export function renderRubric(rubric: string, texts: { prompt: string; response: string; context: string }): string {
  return rubric.replace(/\{\{\s*(prompt|response|context)\s*\}\}/g, (_match, name: 'prompt' | 'response' | 'context') => texts[name]);
}

export function judgeMessages(judge: JudgeConfig, texts: { prompt: string; response: string; context: string }): JudgeMessage[] {
  const labels = judge.labels && judge.labels.length > 0 ? `, "label": one of ${judge.labels.map((label) => JSON.stringify(label)).join(' | ')}` : ', "label": a short word';
  return [
    {
      role: 'system',
      content: `You are an evaluator. Answer with one JSON object only: {"score": a number from ${judge.score_min} to ${judge.score_max}${labels}, "explanation": one sentence}.`,
    },
    { role: 'user', content: renderRubric(judge.rubric, texts) },
  ];
}

function finiteNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

/** A label's position among the configured labels, mapped onto [score_min, score_max]. */
function labelScore(judge: JudgeConfig, label: string): number | null {
  const labels = judge.labels ?? [];
  const index = labels.findIndex((candidate) => candidate.toLowerCase() === label.toLowerCase());
  if (index < 0) return null;
  if (labels.length === 1) return judge.score_max;
  return judge.score_min + ((judge.score_max - judge.score_min) * index) / (labels.length - 1);
}

function inRange(judge: JudgeConfig, score: number): boolean {
  return score >= judge.score_min && score <= judge.score_max;
}

function fromObject(judge: JudgeConfig, value: Record<string, unknown>): JudgeScore | null {
  const label = typeof value.label === 'string' && value.label.trim() !== '' ? value.label.trim().slice(0, 64) : null;
  const rawExplanation = value.explanation ?? value.reason ?? value.reasoning;
  const explanation = typeof rawExplanation === 'string' ? rawExplanation.slice(0, MAX_EXPLANATION) : null;
  const score = finiteNumber(value.score) ?? (label !== null ? labelScore(judge, label) : null);
  if (score === null || !inRange(judge, score)) return null;
  return { score, label, explanation };
}

/**
 * Reads a score from the judge's answer: a JSON object `{score, label?, explanation?}` (also inside a code fence or
 * prose), a bare label from `labels`, or a bare number. null when nothing in range can be read.
 */
export function parseJudgeReply(judge: JudgeConfig, text: string): JudgeScore | null {
  const trimmed = text.trim();
  const start = trimmed.indexOf('{');
  const end = trimmed.lastIndexOf('}');
  if (start >= 0 && end > start) {
    try {
      const value = JSON.parse(trimmed.slice(start, end + 1)) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return fromObject(judge, value as Record<string, unknown>);
    } catch {
      // Not JSON after all: fall through to a bare number or label.
    }
  }
  const bare = trimmed.replace(/^["'`]+|["'`.]+$/g, '');
  const asLabel = labelScore(judge, bare);
  if (asLabel !== null) return { score: asLabel, label: bare, explanation: null };
  const match = /^(?:score\s*[:=]\s*)?(-?\d+(?:\.\d+)?)(?:\s*\/\s*\d+(?:\.\d+)?)?\b/i.exec(bare);
  if (match) {
    const score = Number(match[1]);
    if (inRange(judge, score)) return { score, label: null, explanation: null };
  }
  return null;
}
