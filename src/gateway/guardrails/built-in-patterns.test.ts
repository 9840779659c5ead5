import safeRegex from 'safe-regex2';
import { describe, expect, it } from 'vitest';
import { LINK_SCANNER_PATTERNS } from './link-scanner.js';
import { NORMALIZATION_PATTERNS } from './normalize-text.js';
import { URL_POLICY_PATTERNS } from './url-policy.js';

describe('built-in guardrail regular expressions (SEC-DOS-7)', () => {
  it.each([...LINK_SCANNER_PATTERNS, ...URL_POLICY_PATTERNS, ...NORMALIZATION_PATTERNS].map((pattern) => [pattern.source, pattern] as const))(
    '%s is judged safe by safe-regex2',
    (_source, pattern) => {
      expect(safeRegex(pattern)).toBe(true);
    },
  );
});
