import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeMessages, parseJudgeReply, renderRubric } from './judge-reply.js';
import type { JudgeConfig } from './monitor-config.js';

const judge: JudgeConfig = {
  endpoint: 'judge', rubric: 'Q: {{prompt}}\nA: {{response}}\nC: {{ context }}', sample_fraction: 1, max_cost_usd_per_day: 1,
  max_calls_per_minute: 10, score_min: 1, score_max: 5, max_tokens: 64, labels: ['bad', 'ok', 'good'],
};

describe('judge replies', () => {
  it('renders the rubric in one pass', () => {
    expect(renderRubric(judge.rubric, { prompt: 'say {{response}}', response: 'R', context: '' })).toBe('Q: say {{response}}\nA: R\nC: ');
    const messages = judgeMessages(judge, { prompt: 'p', response: 'r', context: 'c' });
    expect(messages[0]!.content).toContain('from 1 to 5');
    expect(messages[1]!.content).toBe('Q: p\nA: r\nC: c');
  });

  it.each([
    ['{"score": 4, "label": "good", "explanation": "fine"}', { score: 4, label: 'good', explanation: 'fine' }],
    ['```json\n{"score": "2", "reason": "meh"}\n```', { score: 2, label: null, explanation: 'meh' }],
    ['Here you go: {"label": "ok"}', { score: 3, label: 'ok', explanation: null }],
    ['5', { score: 5, label: null, explanation: null }],
    ['Score: 3/5', { score: 3, label: null, explanation: null }],
    ['"good"', { score: 5, label: 'good', explanation: null }],
  ])('reads %j', (text, expected) => {
    expect(parseJudgeReply(judge, text)).toEqual(expected);
  });

  it.each(['', 'I cannot judge this.', '{"score": 9}', '7', '{"label": "great"}', '{not json'])('gives up on %j', (text) => {
    expect(parseJudgeReply(judge, text)).toBeNull();
  });

  it('never throws and only returns scores in range', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue().map((value) => JSON.stringify(value))), (text) => {
        const parsed = parseJudgeReply(judge, text);
        if (parsed) expect(parsed.score >= 1 && parsed.score <= 5).toBe(true);
      }),
    );
  });
});
