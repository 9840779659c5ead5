import { describe, expect, it } from 'vitest';
import { detectPii, resolveOverlaps } from './detect-pii.js';
import type { EntityType } from './types.js';

/** The detected entities as [type, text] pairs. */
function found(text: string, options: Parameters<typeof detectPii>[1] = {}): Array<[EntityType, string]> {
  return detectPii(text, options).map((finding) => [finding.type, text.slice(finding.start, finding.end)]);
}

describe('detectPii', () => {
  it('finds e-mail addresses, including IDN domains, and rejects incomplete ones', () => {
    expect(found('write to Jane.Doe+news@example.co.uk today')).toEqual([['EMAIL', 'Jane.Doe+news@example.co.uk']]);
    expect(found('user@xn--80ak6aa92e.com and a@пример.рф')).toEqual([
      ['EMAIL', 'user@xn--80ak6aa92e.com'],
      ['EMAIL', 'a@пример.рф'],
    ]);
    expect(found('my email is info@presidio. and @handle and a@b')).toEqual([]);
  });

  it('finds phone numbers in international and national formats', () => {
    const phones = [
      '+1 415 555 0132',
      '(415) 555-0132',
      '415.555.0132',
      '+44 (20) 7123 4567',
      '+33 1 42 68 53 00',
      '+41 (0)38 549 02 90',
      '090-1234-5678',
      '0341 8387176',
      '01.84.17.61.18',
      '001-253-366-9781',
      '(898)666-3621x0135',
      '+905321234567',
    ];
    for (const phone of phones) expect(found(`call me at ${phone}, thanks`), phone).toEqual([['PHONE', phone]]);
  });

  it('leaves plain numbers alone: years, prices, amounts, ids, dates, versions, times', () => {
    const text =
      'In 2024 we sold 1,299 units at $12.99 (1 234 567 in total), order 123456789, ref 2024-01-15, v1.2.3, ' +
      'from 1999-2005, at 12:30, score 10.5 of 20, invoice INV-2024-000123, build 20240115, 3.14159 2.71828';
    expect(found(text)).toEqual([]);
  });

  it('needs a context word for bare digit strings', () => {
    expect(found('id 5321234567')).toEqual([]);
    expect(found('Phone: 5321234567')).toEqual([['PHONE', '5321234567']]);
    expect(found('My CN number is 13812345678')).toEqual([['PHONE', '13812345678']]);
    // A trunk 0 and ten digits is a national mobile number (Philippines, Turkey, UK) even without a word before it.
    expect(found('First: 09171234567, second: 05321234567')).toEqual([
      ['PHONE', '09171234567'],
      ['PHONE', '05321234567'],
    ]);
    expect(found('ref 00123456789 and 10000000146')).toEqual([]);
  });

  it('takes 3-6 and 5-4 digit SSNs only beside a word like "SSN"; keeps ZIP+4 codes and ids', () => {
    expect(found('my ssn is 078-051121')).toEqual([['US_SSN', '078-051121']]);
    expect(found('SSN: 07805-1121')).toEqual([['US_SSN', '07805-1121']]);
    expect(found('zip 12345-6789')).toEqual([]);
  });

  it('does not take a licence or account number for a phone number', () => {
    expect(found("my driver's license number is 2270-66-1551")).toEqual([]);
    expect(found('They are not answering at 71-33-52-22')).toEqual([['PHONE', '71-33-52-22']]);
  });

  it('SEC-PII-3: cards must pass Luhn, in plain or grouped form', () => {
    expect(found('4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881')).toEqual([
      ['CREDIT_CARD', '4012888888881881'],
      ['CREDIT_CARD', '4012-8888-8888-1881'],
      ['CREDIT_CARD', '4012 8888 8888 1881'],
    ]);
    expect(found('my credit card number is 4012-8888-8888-1882')).toEqual([]);
    expect(found('created 1748503543012')).toEqual([]);
    expect(found('card # 503890547220 declined')).toEqual([['CREDIT_CARD', '503890547220']]);
  });

  it('SEC-PII-3: IBANs must pass mod-97, compact or printed in groups of four', () => {
    expect(found('pay DE89 3704 0044 0532 0130 00 now')).toEqual([['IBAN', 'DE89 3704 0044 0532 0130 00']]);
    expect(found('pay GB82WEST12345698765432.')).toEqual([['IBAN', 'GB82WEST12345698765432']]);
    expect(found('pay DE89 3704 0044 0532 0130 01 now')).toEqual([]);
  });

  it('SEC-PII-3: SSNs follow the SSA rules', () => {
    expect(found('SSN 078-05-1123 or 078 05 1123 or 078.05.1123')).toEqual([
      ['US_SSN', '078-05-1123'],
      ['US_SSN', '078 05 1123'],
      ['US_SSN', '078.05.1123'],
    ]);
    expect(found('000-12-3456 666-12-3456 912-12-3456 078-00-1123 078-05-0000 693-09.4444')).toEqual([]);
    expect(found('my ssn is 078051123')).toEqual([['US_SSN', '078051123']]);
    expect(found('order 078051123')).toEqual([]);
  });

  it('SEC-PII-3: IP addresses are validated by net.isIP, with prefixes and zones', () => {
    expect(found('from 192.168.1.1, 10.0.0.0/8 and [2001:db8::1]:8080 or fe80::1%eth0.')).toEqual([
      ['IP_ADDRESS', '192.168.1.1'],
      ['IP_ADDRESS', '10.0.0.0/8'],
      ['IP_ADDRESS', '2001:db8::1'],
      ['IP_ADDRESS', 'fe80::1%eth0'],
    ]);
    expect(found('256.1.1.1 192.168.1 std::cout MyClass::toString 12:34:56 aa:bb:cc:dd:ee:ff text192.168.1.1 fe80::1text')).toEqual([]);
  });

  it('SEC-PII-4: finds API keys and credentials', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const cases: Array<[EntityType, string]> = [
      ['OPENAI_API_KEY', 'sk-proj-Abc123def456GHI789jkl012MNO345'],
      ['ANTHROPIC_API_KEY', 'sk-ant-api03-Abc123def456GHI789jkl012MNO345'],
      ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE'],
      ['GITHUB_TOKEN', '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'],
      ['SLACK_TOKEN', 'xoxb-1234567890-abcdefghijkl'],
      ['STRIPE_KEY', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
      ['GOOGLE_API_KEY', 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'],
      ['GITLAB_TOKEN', 'glpat-xxxxxxxxxxxxxxxxxxxx1'],
      ['HUGGINGFACE_TOKEN', 'hf_abcdefghijklmnopqrstuvwxyzABCDEFGH'],
      ['CAIRN_TOKEN', 'cairn_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY'],
      ['JWT', jwt],
    ];
    for (const [type, secret] of cases) expect(found(`key: ${secret} end`), type).toEqual([[type, secret]]);
  });

  it('SEC-PII-4: masks only the secret part of assignments, URLs and bearer headers', () => {
    expect(found('aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"')).toEqual([
      ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ]);
    expect(found('Use this URL: https://username:password@llm-guard.com')).toEqual([['URL_PASSWORD', 'password']]);
    expect(found('db_password=hunter2hunter2 and api_key: abcdef123')).toEqual([
      ['SECRET_VALUE', 'hunter2hunter2'],
      ['SECRET_VALUE', 'abcdef123'],
    ]);
    expect(found('Authorization: Bearer abcdefghijklmnop1234')).toEqual([['BEARER_TOKEN', 'abcdefghijklmnop1234']]);
  });

  it('SEC-PII-4: a PEM private key is masked whole, and to the end of the text when cut', () => {
    const block = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
    expect(found(`before ${block} after`)).toEqual([['PRIVATE_KEY', block]]);
    expect(found('x -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq')).toEqual([['PRIVATE_KEY', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq']]);
    expect(found('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----')).toEqual([]);
  });

  it('does not take ordinary hyphenated words for keys', () => {
    expect(found('use sk-learn-is-a-python-library-name and task-abcdefghijklmnopqrstuvwxyz123')).toEqual([]);
  });

  it('secretsOnly finds secrets and nothing else; types restricts the kinds', () => {
    const text = 'mail a@b.com, key sk-proj-Abc123def456GHI789jkl012MNO345, card 4111111111111111';
    expect(found(text, { secretsOnly: true }).map(([type]) => type)).toEqual(['OPENAI_API_KEY']);
    expect(found(text, { types: ['EMAIL'] }).map(([type]) => type)).toEqual(['EMAIL']);
  });

  it('merges overlapping findings so no part of either stays visible, typed by the more specific', () => {
    expect(
      resolveOverlaps([
        { type: 'PHONE', category: 'pii', start: 0, end: 20 },
        { type: 'US_SSN', category: 'pii', start: 5, end: 25 },
        { type: 'EMAIL', category: 'pii', start: 30, end: 40 },
      ]),
    ).toEqual([
      { type: 'US_SSN', category: 'pii', start: 0, end: 25 },
      { type: 'EMAIL', category: 'pii', start: 30, end: 40 },
    ]);
    expect(found('password=4111111111111111')).toEqual([['SECRET_VALUE', '4111111111111111']]);
  });

  it('SEC-DOS-7: adversarial inputs scan in linear time and only up to the cap', () => {
    // Each of these makes a backtracking pattern quadratic or worse; they must finish well inside the test timeout.
    const size = 200_000;
    const adversarial = [
      'a'.repeat(size) + '@',
      'eyJ'.repeat(size / 3),
      'eyJaaaaa.'.repeat(size / 9),
      '1 '.repeat(size / 2) + 'x',
      '-'.repeat(size) + '1',
      'sk-'.repeat(size / 3),
      ':'.repeat(size),
      'a1'.repeat(size / 2),
      '-----BEGIN '.repeat(size / 11),
      'aws_secret_access_key=' + ' '.repeat(size),
      '0.'.repeat(size / 2),
      // Name and address scans: capitals, honorifics, lists, street types and numbers everywhere.
      'Anna Smith, '.repeat(size / 12),
      'Mr. '.repeat(size / 4),
      '12 Main Street, Apt. 4\n'.repeat(size / 23),
      'Via '.repeat(size / 4) + '1',
      '1 A 2 B '.repeat(size / 8),
    ];
    for (const text of adversarial) expect(Array.isArray(detectPii(text))).toBe(true);
    const beyondCap = `${'x '.repeat(600)}a@b.com`;
    expect(detectPii(beyondCap, { maxScanLength: 1000 })).toEqual([]);
  });
});
