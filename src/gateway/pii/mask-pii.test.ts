import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEPTH_MARKER, maskJson, maskPii, TRUNCATION_MARKER } from './mask-pii.js';
import {
  email,
  fillerWord,
  formatCard,
  germanIban,
  ipv4,
  luhnInvalid16,
  luhnValid16,
  openAiKey,
  validSsn,
} from './test-support/pii-arbitraries.js';

const cardStyle = fc.constantFrom('plain' as const, 'spaces' as const, 'dashes' as const);
// Words only: a number right beside a card forms a longer run whose windows are a different question.
const filler = fc
  .array(fc.constantFrom('hello', 'the', 'price', 'is', 'and', 'please', 'thanks'), { minLength: 0, maxLength: 4 })
  .map((words) => words.join(' '));

describe('maskPii', () => {
  it('replaces entities by typed placeholders, the same value by the same placeholder', () => {
    const result = maskPii('Mail Jane@Example.com, then jane@example.com; bob@example.org; card 4111 1111 1111 1111 = 4111111111111111');
    expect(result.text).toBe('Mail [EMAIL_1], then [EMAIL_1]; [EMAIL_2]; card [CREDIT_CARD_1] = [CREDIT_CARD_1]');
    expect(result.findings.map((finding) => finding.placeholder)).toEqual(['[EMAIL_1]', '[EMAIL_1]', '[EMAIL_2]', '[CREDIT_CARD_1]', '[CREDIT_CARD_1]']);
    expect(result.truncated).toBe(false);
  });

  it('SEC-PII-6: the result holds placeholders and positions only, never the values', () => {
    const result = maskPii('ssn 078-05-1123 key sk-proj-Abc123def456GHI789jkl012MNO345');
    expect(JSON.stringify(result)).not.toContain('078-05-1123');
    expect(JSON.stringify(result)).not.toContain('Abc123def456');
  });

  it('does not reuse a placeholder already written in the text', () => {
    expect(maskPii('earlier [EMAIL_1], now a@b.com').text).toBe('earlier [EMAIL_1], now [EMAIL_2]');
  });

  it('SEC-PII-4: secretsOnly masks keys and leaves personal data', () => {
    const result = maskPii('a@b.com uses 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', { secretsOnly: true });
    expect(result.text).toBe('a@b.com uses [GITHUB_TOKEN_1]');
  });

  it('SEC-DOS-7: text beyond the scan cap is dropped, never returned unscanned', () => {
    const text = `${'word '.repeat(2000)}tail-secret@example.com`;
    const result = maskPii(text, { maxScanLength: 5000 });
    expect(result.truncated).toBe(true);
    expect(result.text.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(result.text).not.toContain('tail-secret');
    expect(result.text.length).toBeLessThanOrEqual(5000 + TRUNCATION_MARKER.length);
  });

  it('SEC-PII-3: random Luhn-valid 16-digit numbers in text are masked (property)', () => {
    fc.assert(
      fc.property(luhnValid16, cardStyle, filler, filler, (number, style, before, after) => {
        const card = formatCard(number, style);
        const result = maskPii(`${before} ${card} ${after}`);
        expect(result.text).not.toContain(card);
        expect(result.findings.map((finding) => finding.type)).toContain('CREDIT_CARD');
      }),
      { numRuns: 300 },
    );
  });

  it('SEC-PII-3: random Luhn-invalid 16-digit numbers are left as they are (property)', () => {
    fc.assert(
      fc.property(luhnInvalid16, cardStyle, filler, filler, (number, style, before, after) => {
        const text = `${before} ${formatCard(number, style)} ${after}`;
        expect(maskPii(text).text).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  const entity = fc.oneof(
    email,
    luhnValid16,
    germanIban,
    validSsn,
    ipv4.filter((ip) => !ip.startsWith('0.')),
    openAiKey,
  );
  const document = fc.array(fc.oneof(entity.map((value) => ({ value, secret: true })), fillerWord.map((value) => ({ value, secret: false }))), {
    minLength: 1,
    maxLength: 12,
  });
  const joiner = fc.constantFrom(' ', ', ', '\n', ' | ');

  it('never returns an original value (property)', () => {
    fc.assert(
      fc.property(document, joiner, (parts, separator) => {
        const text = parts.map((part) => part.value).join(separator);
        const masked = maskPii(text).text;
        for (const part of parts) if (part.secret) expect(masked).not.toContain(part.value);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: masking masked text changes nothing (property)', () => {
    const anyText = fc.oneof(
      document.chain((parts) => joiner.map((separator) => parts.map((part) => part.value).join(separator))),
      fc.string({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        const once = maskPii(text).text;
        expect(maskPii(once).text).toBe(once);
      }),
      { numRuns: 400 },
    );
  });
});

describe('maskJson', () => {
  it('masks every string, keeps keys, numbers, booleans and structure', () => {
    const input = {
      model: 'demo-chat',
      temperature: 0.7,
      stream: false,
      messages: [
        { role: 'user', content: 'I am jane@example.com' },
        { role: 'assistant', content: 'Hello jane@example.com, your IP is 10.1.2.3' },
      ],
      'jane@example.com': 'key kept',
    };
    const { value, findings } = maskJson(input);
    expect(value).toEqual({
      model: 'demo-chat',
      temperature: 0.7,
      stream: false,
      messages: [
        { role: 'user', content: 'I am [EMAIL_1]' },
        { role: 'assistant', content: 'Hello [EMAIL_1], your IP is [IP_ADDRESS_1]' },
      ],
      'jane@example.com': 'key kept',
    });
    expect(findings.map((finding) => finding.path)).toEqual([
      ['messages', 0, 'content'],
      ['messages', 1, 'content'],
      ['messages', 1, 'content'],
    ]);
  });

  it('SEC-PII-4: values under credential keys are masked whole, even with secretsOnly', () => {
    const { value } = maskJson({ password: 'hunter2', openai_api_key: 'abc', config: { client_secret: 'x1' }, token: 'Hello' }, { secretsOnly: true });
    expect(value).toEqual({ password: '[SECRET_VALUE_1]', openai_api_key: '[SECRET_VALUE_2]', config: { client_secret: '[SECRET_VALUE_3]' }, token: 'Hello' });
  });

  it('masks card numbers sent as JSON numbers but not millisecond timestamps', () => {
    expect(maskJson({ card: 4111111111111111, created: 1748503543012, id: 42 }).value).toEqual({
      card: '[CREDIT_CARD_1]',
      created: 1748503543012,
      id: 42,
    });
  });

  it('keeps a `__proto__` key as data', () => {
    const input = JSON.parse('{"__proto__": {"polluted": "a@b.com"}}') as unknown;
    const { value } = maskJson(input);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(JSON.stringify(value)).toBe('{"__proto__":{"polluted":"[EMAIL_1]"}}');
  });

  it('replaces subtrees deeper than maxDepth and strings beyond maxTotalLength', () => {
    expect(maskJson({ a: { b: { c: 'a@b.com' } } }, { maxDepth: 2 })).toMatchObject({ value: { a: { b: DEPTH_MARKER } }, truncated: true });
    const result = maskJson(['x'.repeat(100), 'second@example.com', 'third'], { maxTotalLength: 50 });
    expect(result.value).toEqual(['x'.repeat(100), '', '']);
    expect(result.truncated).toBe(true);
  });
});
