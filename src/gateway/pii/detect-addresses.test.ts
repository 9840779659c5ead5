import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectPii } from './detect-pii.js';

/** The STREET_ADDRESS spans found in `text`. */
function addresses(text: string): string[] {
  return detectPii(text, { types: ['STREET_ADDRESS'] }).map((finding) => text.slice(finding.start, finding.end));
}

describe('SEC-PII-5: street addresses (best effort)', () => {
  it('finds number-first streets with unit, city, region and postcode', () => {
    expect(addresses('Ship to 1600 Pennsylvania Avenue NW, Washington, DC 20500 please')).toEqual(['1600 Pennsylvania Avenue NW, Washington, DC 20500']);
    expect(addresses('Our office: 655 Montgomery Street, Suite 490, San Francisco, CA 94111.')).toEqual(['655 Montgomery Street, Suite 490, San Francisco, CA 94111']);
    expect(addresses('He lived at 221B Baker Street, London NW1 6XE.')).toEqual(['221B Baker Street, London NW1 6XE']);
    expect(addresses('Meet at 5 Oak Ave. tomorrow')).toEqual(['5 Oak Ave.']);
    expect(addresses('Send it to 350 5th Avenue, New York, NY 10118')).toEqual(['350 5th Avenue, New York, NY 10118']);
  });

  it('finds streets written the European way: type or name first, number after', () => {
    const cases = [
      'Musterstraße 12, 10115 Berlin',
      'Villacher Strasse 89',
      'Via Roma 12, 00184 Roma',
      '12 rue de la Paix, 75002 Paris',
      'Keizersgracht 123, 1015 CJ Amsterdam',
      'ul. Marszałkowska 10',
      'Calle Mayor 5, 28013 Madrid',
      'Snellmaninkatu 55',
      'Vesterskovvej 79',
      'Rua Cidade de Maracajá 468',
      'Kálmán Imre u. 12.',
    ];
    for (const address of cases) expect(addresses(`The office is at ${address}`), address).toEqual([address]);
  });

  it('follows an address over its lines: unit, city, country and postcode', () => {
    const letter = 'Benito Bianchi\n> 040 Snellmaninkatu 55\n> Apt. 022\n> ESPOO\n> Finland 02150\n\nThanks';
    expect(addresses(letter)).toEqual(['040 Snellmaninkatu 55\n> Apt. 022\n> ESPOO\n> Finland 02150']);
  });

  it('finds post-office and military boxes', () => {
    expect(addresses('Mail to P.O. Box 242, Anchorage, AK 99501')).toEqual(['P.O. Box 242, Anchorage, AK 99501']);
    expect(addresses('PSC 9009, Box 9725\nAPO AA 33274')).toEqual(['PSC 9009, Box 9725\nAPO AA 33274']);
    expect(addresses('USNS Khadzhiyev\nFPO AA 65607')).toEqual(['USNS Khadzhiyev\nFPO AA 65607']);
  });

  it('takes a street without a house number only after a phrase like "lives on" or with a full street type', () => {
    expect(addresses('The early shows on Isaac Lodge Street were important.')).toEqual(['Isaac Lodge Street']);
    expect(addresses('The bus station is on Pod Floriánem 1677')).toEqual(['Pod Floriánem 1677']);
    expect(addresses('Meet me at the corner of 35 Pentelis Str. and Waechter Turnpike')).toEqual(['the corner of 35 Pentelis Str. and Waechter Turnpike']);
  });

  it('leaves numbers that are not house numbers alone: dates, amounts, versions, counts, identifiers', () => {
    const texts = [
      'The following day, 1 November, Kevin Barry was arrested.',
      "You've received $2 657.81 via ACH from Stripe.",
      'Sent $11,055.00 via ACH Payment yesterday.',
      'Please send 3 via email and 2 via post.',
      'Chapter 3 Section 5 covers the basics.',
      'In 2019 Apple sold 5 million units.',
      'Upgrade to Node 20 LTS and TypeScript 5 today.',
      'Order 66 was issued. Version 2 Beta ships in 14 days.',
      'URL fragment 6AEwAQ#v=onepage and 38Avenue.',
      'Due Date\n\n07 Feb 2022\n\nTOTAL\n\nUS$2 500.00',
    ];
    for (const text of texts) expect(addresses(text), text).toEqual([]);
  });

  it('never reports a span outside the text or out of order, for any text (property)', () => {
    const piece = fc.oneof(
      fc.constantFrom('12', 'Main', 'Street', 'St.', 'Apt.', '4', 'Via', 'Roma', 'ul.', 'London', 'NW1 6XE', ',', '\n', '>', 'and', 'the corner of', 'Box', 'PSC'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join(' ');
        let previousEnd = 0;
        for (const finding of detectPii(text, { types: ['STREET_ADDRESS'] })) {
          expect(finding.start).toBeGreaterThanOrEqual(previousEnd);
          expect(finding.end).toBeLessThanOrEqual(text.length);
          expect(finding.end).toBeGreaterThan(finding.start);
          previousEnd = finding.end;
        }
      }),
      { numRuns: 400 },
    );
  });
});
