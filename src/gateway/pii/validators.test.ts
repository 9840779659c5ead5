import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withCheckDigit } from './test-support/pii-arbitraries.js';
import { cardNumberValid, ibanValid, ipVersion, luhnValid, ssnValid } from './validators.js';

describe('SEC-PII-3: validators', () => {
  it('Luhn accepts published test card numbers and rejects a changed digit', () => {
    for (const card of ['4111111111111111', '5555555555554444', '371449635398431', '30569309025904', '6011000400000000']) {
      expect(luhnValid(card)).toBe(true);
      const changed = card.slice(0, -1) + String((Number(card.at(-1)) + 1) % 10);
      expect(luhnValid(changed)).toBe(false);
    }
  });

  it('Luhn: changing any single digit of a valid number breaks it (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 }), fc.nat(15), fc.integer({ min: 1, max: 9 }), (body, index, delta) => {
        const valid = withCheckDigit(body.join(''));
        const digits = [...valid];
        digits[index] = String((Number(digits[index]) + delta) % 10);
        expect(luhnValid(valid)).toBe(true);
        expect(luhnValid(digits.join(''))).toBe(false);
      }),
    );
  });

  it('cards: 13–19 digits, not all one digit, not a 13-digit millisecond timestamp; 12 only when asked', () => {
    expect(cardNumberValid('4111111111111111')).toBe(true);
    expect(cardNumberValid('0000000000000000')).toBe(false);
    expect(cardNumberValid('1748503543012')).toBe(false);
    expect(cardNumberValid('503890547220')).toBe(false);
    expect(cardNumberValid('503890547220', 12)).toBe(true);
    expect(cardNumberValid('41111111111111111111')).toBe(false);
  });

  it('IBAN: ISO 13616 mod-97 and the country length', () => {
    for (const iban of ['DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'gb82west12345698765432']) {
      expect(ibanValid(iban)).toBe(true);
    }
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(ibanValid('DE8937040044053201300')).toBe(false);
    expect(ibanValid('ZZ89370400440532013000')).toBe(false);
  });

  it('SSN: SSA area, group and serial rules', () => {
    expect(ssnValid('078', '05', '1123')).toBe(true);
    expect(ssnValid('000', '05', '1123')).toBe(false);
    expect(ssnValid('666', '05', '1123')).toBe(false);
    expect(ssnValid('900', '05', '1123')).toBe(false);
    expect(ssnValid('078', '00', '1123')).toBe(false);
    expect(ssnValid('078', '05', '0000')).toBe(false);
  });

  it('IP literals are checked by net.isIP', () => {
    expect(ipVersion('192.168.1.1')).toBe(4);
    expect(ipVersion('256.1.1.1')).toBe(0);
    expect(ipVersion('2001:db8::1')).toBe(6);
    expect(ipVersion('2001::db8::1')).toBe(0);
  });
});
