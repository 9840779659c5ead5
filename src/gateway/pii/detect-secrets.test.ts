import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectPii } from './detect-pii.js';
import { looksGenerated } from './detect-secrets.js';
import { maskPii } from './mask-pii.js';
import type { EntityType } from './types.js';

function secrets(text: string): Array<[EntityType, string]> {
  return detectPii(text, { secretsOnly: true }).map((finding) => [finding.type, text.slice(finding.start, finding.end)]);
}

/** Random-looking tokens as credential generators make them (fixed, so the test is reproducible). */
const generated = [
  'Xq7Tb2LmZ9pR4vK8wN3cF6hJ1sD5gY0aQe2UoPi',
  'nB4kT9mW2xR7qL5vZ8cJ3hF6sD1gP0yK7tM4bN2w',
  'Zk3P9mQ2rT7wX5vB8nL4cJ6hF1sD0gY3tK9pW2q',
];

describe('SEC-PII-4: secrets', () => {
  it('finds more vendors by their documented prefixes', () => {
    const cases: Array<[EntityType, string]> = [
      ['API_KEY', 'npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'],
      ['API_KEY', `SG.${'aB3'.repeat(7)}x.${'Zy9_'.repeat(10)}abc`],
      ['API_KEY', `dop_v1_${'ab12'.repeat(16)}`],
      ['API_KEY', `shpat_${'0123456789abcdef'.repeat(2)}`],
      ['API_KEY', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      ['GOOGLE_API_KEY', 'ya29.a0AfH6SMBx7Qy-example_Token123'],
      ['SLACK_TOKEN', 'xapp-1-A0123BCDEFG-1234567890123-abcdef0123456789abcdef0123456789'],
    ];
    for (const [type, secret] of cases) expect(secrets(`use ${secret} now`), type).toEqual([[type, secret]]);
  });

  it('finds long random-looking tokens with no known prefix, even with PII masking off', () => {
    for (const token of generated) {
      expect(secrets(`the upstream credential is ${token}, keep it safe`)).toEqual([['HIGH_ENTROPY_TOKEN', token]]);
      expect(maskPii(`x-api: ${token}`, { secretsOnly: true }).text).toBe('x-api: [HIGH_ENTROPY_TOKEN_1]');
    }
  });

  it('does not take identifiers, digests, ids, paths or encoded content for secrets', () => {
    const texts = [
      'request 550e8400-e29b-41d4-a716-446655440000 and 550E8400-E29B-41D4-A716-446655440000',
      'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 and sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'use meta-llama/Meta-Llama-3.1-8B-Instruct or mistralai/Mistral-7B-Instruct-v0.2',
      'AbstractSingletonProxyFactoryBean2 extends ThisIsAVeryLongFileName_v2_final_FINAL2',
      'open src/gateway/pii/detect-secrets.ts and /usr/local/lib/node_modules/typescript/lib/tsc.js',
      `<img src="data:image/png;base64,${generated.join('')}">`,
      'token: 1234 tokens used; secret: sauce; the password policy is strict',
    ];
    for (const text of texts) expect(secrets(text), text).toEqual([]);
  });

  it('masks values after generic credential names only when they look generated', () => {
    expect(secrets('API_TOKEN=ab12cd34ef56gh78')).toEqual([['SECRET_VALUE', 'ab12cd34ef56gh78']]);
    expect(secrets('client_secret = "s3cr3t-v4lue-2024"')).toEqual([['SECRET_VALUE', 's3cr3t-v4lue-2024']]);
    expect(secrets('AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq==')).toHaveLength(1);
  });

  it('looksGenerated: hex digests and UUIDs never count (property)', () => {
    const hex = fc.array(fc.constantFrom(...'0123456789abcdefABCDEF'), { minLength: 32, maxLength: 128 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(hex, (value) => {
        expect(looksGenerated(value.toLowerCase())).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.uuid(), (value) => {
        expect(looksGenerated(value)).toBe(false);
      }),
    );
  });

  it('looksGenerated: text whose letters are over 30 % vowels, or with fewer than two digits, never counts (property)', () => {
    const wordy = fc
      .array(fc.tuple(fc.constantFrom(...'bcdfghklmnprstBCDFGHKLMNPRST'), fc.constantFrom(...'aeiouAEIOU')), { minLength: 16, maxLength: 60 })
      .chain((pairs) => fc.constantFrom('12', '2024', '7x9').map((digits) => pairs.map((pair) => pair.join('')).join('') + digits));
    fc.assert(
      fc.property(wordy, (value) => {
        expect(looksGenerated(value)).toBe(false);
      }),
    );
    const noDigits = fc.array(fc.constantFrom(...'bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ'), { minLength: 32, maxLength: 64 }).map((chars) => `${chars.join('')}7`);
    fc.assert(
      fc.property(noDigits, (value) => {
        expect(looksGenerated(value)).toBe(false);
      }),
    );
  });

  it('looksGenerated: generated mixed-case tokens count (examples)', () => {
    for (const token of generated) expect(looksGenerated(token)).toBe(true);
  });
});
