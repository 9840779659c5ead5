import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  it('is sha256= and the hex HMAC-SHA256 of the exact body (RFC 4231 test case 2)', () => {
    expect(signPayload('Jefe', 'what do ya want for nothing?')).toBe('sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('verifies what it signs, and nothing else', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.string({ minLength: 1 }), (secret, body, suffix) => {
        const signature = signPayload(secret, body);
        expect(verifySignature(secret, body, signature)).toBe(true);
        expect(verifySignature(secret, body + suffix, signature)).toBe(false);
        expect(verifySignature(secret + suffix, body, signature)).toBe(false);
      }),
    );
  });

  it('refuses malformed headers and stale or future timestamps', () => {
    const body = '{"a":1}';
    const signature = signPayload('s3cret-s3cret-s3cret', body);
    expect(verifySignature('s3cret-s3cret-s3cret', body, undefined)).toBe(false);
    expect(verifySignature('s3cret-s3cret-s3cret', body, signature.replace('sha256=', 'sha1='))).toBe(false);
    expect(verifySignature('s3cret-s3cret-s3cret', body, signature.slice(0, -1))).toBe(false);
    expect(verifySignature('s3cret-s3cret-s3cret', body, signature, { timestamp: '1000', now: 1000 + 5 * 60_000 })).toBe(true);
    expect(verifySignature('s3cret-s3cret-s3cret', body, signature, { timestamp: '1000', now: 1001 + 5 * 60_000 })).toBe(false);
    expect(verifySignature('s3cret-s3cret-s3cret', body, signature, { timestamp: 'soon', now: 1000 })).toBe(false);
  });
});
