import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CairnError } from '../../errors/index.js';
import { matchesScimFilter, parseScimFilter, parseScimPath } from './scim-filter.js';

const attributeName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/);

describe('SCIM filters', () => {
  it('round-trips any attribute and any string value through `attr eq "value"`', () => {
    fc.assert(
      fc.property(attributeName, fc.string({ maxLength: 50 }), fc.constantFrom('eq', 'EQ', 'co', 'sw', 'ew', 'ne'), (attribute, value, operator) => {
        const filter = parseScimFilter(`${attribute} ${operator} ${JSON.stringify(value)}`);
        expect(filter).toEqual({ attribute, operator: operator.toLowerCase(), value });
      }),
    );
  });

  it('rejects anything else with INVALID_PARAMETER_VALUE, never another error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseScimFilter(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CairnError);
          expect((error as CairnError).code).toBe('INVALID_PARAMETER_VALUE');
        }
      }),
    );
    for (const text of ['userName', 'userName eq', 'userName eq "a" and active eq true', 'userName eq "unterminated', 'userName ~ "x"']) {
      expect(() => parseScimFilter(text)).toThrow(CairnError);
    }
  });

  it('matches case-insensitively on names and values, as SCIM defines for userName', () => {
    const user = { userName: 'Ada@Example.com', displayName: 'Ada', active: true, id: '1' };
    expect(matchesScimFilter(parseScimFilter('username eq "ada@example.com"'), user)).toBe(true);
    expect(matchesScimFilter(parseScimFilter('userName sw "ada"'), user)).toBe(true);
    expect(matchesScimFilter(parseScimFilter('displayName co "d"'), user)).toBe(true);
    expect(matchesScimFilter(parseScimFilter('active eq false'), user)).toBe(false);
    expect(matchesScimFilter(parseScimFilter('displayName pr'), user)).toBe(true);
    expect(() => matchesScimFilter(parseScimFilter('password eq "x"'), user)).toThrow(CairnError);
  });

  it('parses PATCH paths with a value selector', () => {
    expect(parseScimPath('members[value eq "42"]')).toEqual({ attribute: 'members', filter: { attribute: 'value', operator: 'eq', value: '42' } });
    expect(parseScimPath('active')).toEqual({ attribute: 'active', filter: null });
    expect(() => parseScimPath('members[')).toThrow(CairnError);
  });
});
