import fc from 'fast-check';

/** Appends the Luhn check digit (computed here independently of the code under test). */
export function withCheckDigit(body: string): string {
  let sum = 0;
  for (let index = 0; index < body.length; index += 1) {
    let digit = Number(body[body.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return body + String((10 - (sum % 10)) % 10);
}

const digits = (length: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((list) => list.join(''));

const notAllOneDigit = (value: string) => !/^(\d)\1*$/.test(value);

export const luhnValid16 = digits(15).map(withCheckDigit).filter(notAllOneDigit);

/** 16 digits whose check digit is wrong. */
export const luhnInvalid16 = fc
  .tuple(digits(15), fc.integer({ min: 1, max: 9 }))
  .map(([body, offset]) => {
    const valid = withCheckDigit(body);
    return body + String((Number(valid.at(-1)) + offset) % 10);
  });

/** A card number written plain or in groups of four. */
export function formatCard(number: string, style: 'plain' | 'spaces' | 'dashes'): string {
  if (style === 'plain') return number;
  return number.replace(/(\d{4})(?=\d)/g, style === 'spaces' ? '$1 ' : '$1-');
}

/** German IBANs with a correct mod-97 check (BigInt arithmetic, independent of the validator). */
export const germanIban = digits(18).map((bban) => {
  const numeric = BigInt(`${bban}131400`);
  const check = 98n - (numeric % 97n);
  return `DE${String(check).padStart(2, '0')}${bban}`;
});

export const validSsn = fc
  .tuple(fc.integer({ min: 1, max: 899 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }))
  .filter(([area]) => area !== 666)
  .map(([area, group, serial]) => `${String(area).padStart(3, '0')}-${String(group).padStart(2, '0')}-${String(serial).padStart(4, '0')}`);

const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz');
const word = (min: number, max: number) => fc.array(lower, { minLength: min, maxLength: max }).map((list) => list.join(''));

export const email = fc
  .tuple(word(1, 10), fc.option(word(1, 6), { nil: undefined }), word(2, 10), fc.constantFrom('com', 'org', 'de', 'co.uk', 'io'))
  .map(([user, suffix, domain, tld]) => `${user}${suffix ? `.${suffix}` : ''}@${domain}.${tld}`);

export const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));

const base62 = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');

export const openAiKey = fc
  .array(base62, { minLength: 40, maxLength: 48 })
  .map((list) => `sk-proj-${list.join('')}7a`);

export const fillerWord = fc.constantFrom('hello', 'the', 'price', 'is', 'and', 'in', 'order', 'please', 'thanks', 'ok', '2024', '42', '$19.99');
