import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { createMaxInputTokensGuardrail } from './max-input-tokens.js';
import type { GuardrailContext, GuardrailVerdict, TextSegment } from './types.js';

const context: GuardrailContext = { stage: 'input', endpointName: 'bot', requestId: 'r1', signal: new AbortController().signal };
const segments = (...texts: string[]): TextSegment[] => texts.map((text, index) => ({ source: 'user', text, index }));

describe('max_input_tokens guardrail', () => {
  it('blocks when the texts together exceed the limit, counted with the given tokenizer', () => {
    const guardrail = createMaxInputTokensGuardrail({ limit: 10, countTokens });
    expect((guardrail.check(segments('hello world'), context) as GuardrailVerdict).action).toBe('allow');
    const verdict = guardrail.check(segments('one two three four five six', 'seven eight nine ten eleven'), context) as GuardrailVerdict;
    expect(verdict.action).toBe('block');
    expect(verdict.findings).toEqual([{ type: 'max_input_tokens', segment: 1, detail: 'more than 10 tokens' }]);
  });

  it('allows exactly the limit', () => {
    const guardrail = createMaxInputTokensGuardrail({ limit: 3, countTokens: (text) => text.length });
    expect((guardrail.check(segments('ab', 'c'), context) as GuardrailVerdict).action).toBe('allow');
    expect((guardrail.check(segments('ab', 'cd'), context) as GuardrailVerdict).action).toBe('block');
  });

  it('stops counting at the text that crosses the limit', () => {
    const counted: string[] = [];
    const guardrail = createMaxInputTokensGuardrail({ limit: 1, countTokens: (text) => (counted.push(text), 5) });
    guardrail.check(segments('a', 'b', 'c'), context);
    expect(counted).toEqual(['a']);
  });
});
