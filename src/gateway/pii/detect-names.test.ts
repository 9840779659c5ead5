import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectPii } from './detect-pii.js';
import { maskPii } from './mask-pii.js';
import { AMBIGUOUS_NAMES, SURNAMES } from './name-lexicon.js';

/** The PERSON spans found in `text`. */
function names(text: string): string[] {
  return detectPii(text, { types: ['PERSON'] }).map((finding) => text.slice(finding.start, finding.end));
}

describe('SEC-PII-5: person names (best effort)', () => {
  it('finds given names with surnames, initials and particles', () => {
    expect(names('Steffen Mauer recorded it.')).toEqual(['Steffen Mauer']);
    expect(names('Richard M. Nixon and Stephan M Urner met Ludwig van Beethoven.')).toEqual(['Richard M. Nixon', 'Stephan M Urner', 'Ludwig van Beethoven']);
    expect(names('I forwarded it to María José García-López yesterday.')).toEqual(['María José García-López']);
    expect(names("Jennifer's daughter called.")).toEqual(['Jennifer']);
  });

  it('finds names introduced by an honorific or a phrase, known or not', () => {
    expect(names('They call me Mr. Mayers')).toEqual(['Mayers']);
    expect(names('My name is Rubija')).toEqual(['Rubija']);
    expect(names("What's your last name? Boyle")).toEqual(['Boyle']);
    expect(names('Dear Wahlqvist, thanks for the quick reply.')).toEqual(['Wahlqvist']);
    expect(names('I would like to remove my kid Tadzio from the will.')).toEqual(['Tadzio']);
    expect(names('"It works," says Iwase.')).toEqual(['Iwase']);
    expect(names('Name: Xochitl Quispe')).toEqual(['Xochitl Quispe']);
  });

  it('finds names by their place: a middle initial, a dialogue, a list, a surname ending, a repeat', () => {
    expect(names('Landerico B Hidalgo joined the team.')).toEqual(['Landerico B Hidalgo']);
    expect(names('Ubul: What a wife.\nNicolas: Remember me?')).toEqual(['Ubul', 'Nicolas']);
    expect(names('The founders: Eklund, Michael and Hodge.')).toEqual(['Eklund', 'Michael', 'Hodge']);
    expect(names('Unlike the Christiansen novel, early Yefremova is bleak.')).toEqual(['Christiansen', 'Yefremova']);
    expect(names('Directed by Jindřich Holinka and starring Holinka himself.')).toEqual(['Jindřich Holinka', 'Holinka']);
    expect(names('Dreux Joly\nPaxata Inc.\n12 Baker Street\nLondon')).toEqual(['Dreux Joly']);
  });

  it('reads all-lower-case text by known names and strong cues only', () => {
    expect(names('block my card asap? my name is lena andersson.')).toEqual(['lena andersson']);
    expect(names('they had 3 kids: emily, james and olivia')).toEqual(['emily', 'james', 'olivia']);
    expect(names('we will meet in may and mark the date')).toEqual([]);
  });

  it('leaves ordinary capitalised words alone: sentence starts, calendar words, roles, products, headings', () => {
    const texts = [
      'The meeting is on Monday. Please bring the report.',
      'Will you call me in May? April showers bring May flowers.',
      'Grace period ends on Friday, June 3.',
      'We use YouTube, iPhone, GitHub and PostgreSQL at work.',
      'Hello Team, the Project Manager approved the Release Notes.',
      'QUARTERLY REPORT\nSummary: Revenue grew. Next Steps: Hire.',
      'Thanks! Best regards, The Support Team',
      'Google Cloud and Amazon Web Services both offer Machine Learning.',
      'The Princess Royal arrived at the station.',
      'Morgan Stanley Investments and Civis Analytics are clients.',
      'In New York and San Francisco the Golden Gate Bridge is famous.',
      'I am happy. I am Tired. It is Fine.',
    ];
    for (const text of texts) expect(names(text), text).toEqual([]);
  });

  it('treats a list of bare surnames with a singular verb or an organisation word as a company', () => {
    expect(names('Lopez, Santos and Coleman is a design agency.')).toEqual([]);
    expect(names('The Davis, Reynolds and Williamson Orchestra played.')).toEqual([]);
    expect(names('Barlow & Williams PLLC charged $200.')).toEqual([]);
  });

  it('is idempotent on placeholders: masked names are not found again', () => {
    const once = maskPii('Dear Anna Kowalska, Mr. Lee and Ms. Quinzia agree.').text;
    expect(once).toBe('Dear [PERSON_1], Mr. [PERSON_2] and Ms. [PERSON_3] agree.');
    expect(maskPii(once).text).toBe(once);
  });

  it('finds a known given name and a capitalised surname in any sentence (property)', () => {
    const given = fc.constantFrom('Anna', 'Mohammed', 'Sofia', 'Hiroshi', 'Olga', 'Chidi', 'Priya', 'Lars', 'Fatima', 'Mateo');
    const surname = fc
      .tuple(fc.constantFrom(...'BCDFGHKLMNPRSTVZ'), fc.array(fc.constantFrom(...'aeiou'), { minLength: 1, maxLength: 1 }), fc.constantFrom('rn', 'lk', 'nd', 'st', 'rt', 'ng'), fc.constantFrom('er', 'a', 'o', 'ski', 'sen', 'ez'))
      .map(([first, vowel, middle, end]) => `${first}${vowel.join('')}${middle}${end}`)
      // Words that are also brands or ordinary words ("Honda") need more than a given name before them.
      .filter((word) => !AMBIGUOUS_NAMES.has(word.toLowerCase()) || SURNAMES.has(word.toLowerCase()));
    const template = fc.constantFrom('Please forward this to {} today.', '{} will join the call.', 'Thanks, {}', 'Meeting notes from {}:');
    fc.assert(
      fc.property(given, surname, template, (first, last, shape) => {
        const name = `${first} ${last}`;
        expect(names(shape.replace('{}', name))).toContain(name);
      }),
      { numRuns: 200 },
    );
  });

  it('finds no person in sentences made of common words (property)', () => {
    const word = fc.constantFrom('the', 'report', 'is', 'ready', 'please', 'send', 'it', 'to', 'our', 'team', 'before', 'Monday', 'and', 'check', 'the', 'numbers', 'again', 'Project', 'Update', 'Next', 'Week', 'Summary', 'We', 'They', 'Invoice', 'Total', 'Price', 'Order');
    fc.assert(
      fc.property(fc.array(word, { minLength: 3, maxLength: 15 }), (words) => {
        const sentence = words.join(' ');
        const text = sentence.charAt(0).toUpperCase() + sentence.slice(1) + '.';
        expect(names(text)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
