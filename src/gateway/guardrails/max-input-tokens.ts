import { CairnError } from '../../errors/index.js';
import type { Guardrail, GuardrailVerdict } from './types.js';

/**
 * `max_input_tokens`: blocks a call whose texts together exceed a token limit, counted with the tokenizer the
 * gateway wires in (the real tokenizer, not an estimate: this is a hard limit). Counting stops at the first text
 * that takes the sum past the limit.
 */

export interface MaxInputTokensOptions {
  limit: number;
  countTokens(text: string): number;
}

export function createMaxInputTokensGuardrail(options: MaxInputTokensOptions): Guardrail {
  const { limit, countTokens } = options;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new CairnError('INVALID_PARAMETER_VALUE', 'Guardrail max_input_tokens: the limit must be a positive integer.');
  }
  return {
    name: 'max_input_tokens',
    check(segments, context): GuardrailVerdict {
      let total = 0;
      for (let index = 0; index < segments.length; index++) {
        total += countTokens(segments[index]!.text);
        if (total > limit) {
          return {
            guardrail: 'max_input_tokens',
            stage: context.stage,
            action: 'block',
            findings: [{ type: 'max_input_tokens', segment: index, detail: `more than ${limit} tokens` }],
          };
        }
      }
      return { guardrail: 'max_input_tokens', stage: context.stage, action: 'allow', findings: [] };
    },
  };
}
