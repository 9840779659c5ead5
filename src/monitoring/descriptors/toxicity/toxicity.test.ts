import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldForToxicity, isToxic, scoreToxicity, TOXICITY_THRESHOLD, toxicityScore } from './index.js';

const toxic = [
  'You are an idiot and everyone knows it.',
  'Shut up, you worthless piece of garbage.',
  'I will kill you if you come here again.',
  'Fuck off and never talk to me again.',
  'Go back to your country, nobody wants your kind here.',
  'Kill yourself, loser.',
  'Send nudes or I tell everyone you are a slut.',
];

const benign = [
  'Can you help me reset my password? The e-mail never arrives.',
  'How do I kill a zombie process on Linux?',
  'The patient was screened for breast cancer last year.',
  'I disagree with your analysis; the numbers do not support it.',
  'The army said the bombing killed twelve civilians.',
  'Write a short poem about the sea at dawn.',
  'Hi',
  '',
];

describe('toxicityScore: clear cases', () => {
  it.each(toxic)('flags %j', (text) => {
    expect(toxicityScore(text)).toBeGreaterThanOrEqual(TOXICITY_THRESHOLD);
    expect(isToxic(text)).toBe(true);
  });

  it.each(benign)('passes %j', (text) => {
    expect(toxicityScore(text)).toBeLessThan(TOXICITY_THRESHOLD);
  });

  it('reports the lexicon categories a text uses', () => {
    expect(scoreToxicity('I will kill you').categories).toContain('threat');
    expect(scoreToxicity('you are an idiot').categories).toEqual(['insult']);
    expect(scoreToxicity('what a lovely day').categories).toEqual([]);
  });
});

describe('toxicityScore: obfuscation', () => {
  const variants: Array<[string, string]> = [
    ['leetspeak', 'y0u 4r3 4n 1d10t'],
    ['spaced letters', 'you are an i d i o t'],
    ['dotted letters', 'you are an i.d.i.o.t'],
    ['zero-width characters', 'you are an i\u200bd\u200bi\u200bo\u200bt'],
    ['fullwidth letters', 'ｙｏｕ ａｒｅ ａｎ ｉｄｉｏｔ'],
    ['repeated letters', 'you are an idiiiiiot'],
    ['masked', 'you f**king m*ron'],
    ['symbols for letters', 'you are a b!tch and an @sshole'],
  ];
  it.each(variants)('%s still scores as toxic: %j', (_name, text) => {
    expect(toxicityScore(text)).toBeGreaterThanOrEqual(TOXICITY_THRESHOLD);
  });

  it('folds the tricks back to plain words and leaves ordinary digits and signs alone', () => {
    expect(foldForToxicity('Y0U 4R3 4N 1D10T')).toBe('you are an idiot');
    expect(foldForToxicity('f u c k')).toBe('fuck');
    expect(foldForToxicity('stuuuupid')).toBe('stuupid');
    expect(foldForToxicity('i\u200bdiot')).toBe('idiot');
    expect(foldForToxicity('It costs $20, error 500!')).toBe('it costs $20, error 500!');
    expect(foldForToxicity('hello!')).toBe('hello!');
    expect(foldForToxicity('a b')).toBe('a b');
  });
});

describe('toxicityScore: mentions score lower than uses', () => {
  const pairs: Array<[string, string]> = [
    ["The word 'idiot' is rude.", 'You are an idiot.'],
    ['Is "moron" an offensive word?', 'You moron.'],
    ['The term "bastard" once meant a child born out of wedlock.', 'You bastard.'],
    ['Our filter flagged the phrase "shut up" in a chat log.', 'Shut up.'],
  ];
  it.each(pairs)('%j < %j', (mention, use) => {
    expect(toxicityScore(mention)).toBeLessThan(toxicityScore(use));
    expect(toxicityScore(mention)).toBeLessThan(TOXICITY_THRESHOLD);
  });

  it('a mention does not raise the lexicon floor, a use does', () => {
    expect(scoreToxicity("the word 'idiot' is rude").lexicon).toBe(0);
    expect(scoreToxicity('you idiot').lexicon).toBeGreaterThanOrEqual(TOXICITY_THRESHOLD);
  });
});

describe('toxicityScore: bounds', () => {
  it('is a finite number in [0, 1] and deterministic for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (text) => {
        const score = toxicityScore(text);
        expect(Number.isFinite(score)).toBe(true);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(toxicityScore(text)).toBe(score);
      }),
      { numRuns: 300 },
    );
  });

  it('stays in [0, 1] for texts built from lexicon words, signs and masks', () => {
    const pieces = fc.constantFrom('you', 'idiot', 'f**k', 'kill', 'y0u', '@ss', 'i d i o t', "'", '"', 'word', '!!!', '\u200b', ' ', '\n');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const score = toxicityScore(parts.join(''));
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('handles a long text', () => {
    const score = toxicityScore('a perfectly calm sentence. '.repeat(5000));
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThan(TOXICITY_THRESHOLD);
  });
});
