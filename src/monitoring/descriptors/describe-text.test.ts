import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeText, textDescriptorColumns } from './describe-text.js';
import { detectLanguage } from './language.js';
import { countPlaceholders, piiCount } from './pii-count.js';
import { fleschReadingEase } from './readability.js';
import { isRefusal } from './refusal.js';
import { distinctBigramRatio, isEmptyText, words } from './text-stats.js';

describe('describeText', () => {
  it('yields every column textDescriptorColumns names, with the right value types', () => {
    const values = describeText('The weather in Paris is mild in spring. Bring a light jacket.');
    const columns = textDescriptorColumns('question');
    expect(columns.map((column) => column.name)).toEqual(Object.keys(values).map((key) => `question.${key}`));
    for (const column of columns) {
      const value = values[column.name.slice('question.'.length) as keyof typeof values];
      if (column.type === 'numerical') expect(value === null || typeof value === 'number').toBe(true);
      else expect(['string', 'boolean']).toContain(typeof value);
    }
  });

  it('counts characters and o200k tokens', () => {
    expect(describeText('')).toMatchObject({ chars: 0, tokens: 0, empty: true, language: 'unknown', distinct_2: null, readability: null, pii_count: 0 });
    expect(describeText('hello world')).toMatchObject({ chars: 11, tokens: 2 });
  });

  it('chars and tokens grow with the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (left, right) => {
        const a = describeText(left);
        const b = describeText(left + right);
        expect(b.chars).toBe(a.chars + right.length);
        // BPE can merge across the join, but the longer text never needs fewer tokens than its longer part alone would lose.
        expect(b.tokens).toBeGreaterThanOrEqual(a.tokens - 1);
        expect(b.tokens).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws and keeps every score in range (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const values = describeText(text);
        expect(values.toxicity).toBeGreaterThanOrEqual(0);
        expect(values.toxicity).toBeLessThanOrEqual(1);
        expect(values.pii_count).toBeGreaterThanOrEqual(0);
        if (values.distinct_2 !== null) {
          expect(values.distinct_2).toBeGreaterThan(0);
          expect(values.distinct_2).toBeLessThanOrEqual(1);
        }
        expect(values.language === 'unknown' || /^[a-z]{2}$/.test(values.language)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('language', () => {
  it.each([
    ['en', 'What is the capital of France, and how many people live there?'],
    ['fr', "Quelle est la capitale de la France et combien de personnes y vivent ?"],
    ['de', 'Was ist die Hauptstadt von Frankreich und wie viele Menschen leben dort?'],
    ['es', '¿Cuál es la capital de Francia y cuántas personas viven allí?'],
    ['it', 'Qual è la capitale della Francia e quante persone ci vivono?'],
    ['pt', 'Qual é a capital da França e quantas pessoas vivem lá? Não sei.'],
    ['ru', 'Какая столица Франции и сколько людей там живёт?'],
    ['zh', '法国的首都是哪里，那里住着多少人？'],
    ['ja', 'フランスの首都はどこですか？そこには何人が住んでいますか？'],
  ])('detects %s', (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it("is 'unknown' for short, empty or letterless text", () => {
    for (const text of ['', 'ok', 'hi there', '12345 67890 !!!', '   ']) expect(detectLanguage(text)).toBe('unknown');
  });
});

describe('refusal', () => {
  it.each([
    "I'm sorry, but I can't help with that request.",
    'I’m sorry, but that is not possible.',
    'I cannot assist with creating malware.',
    'As an AI language model, I do not have opinions.',
    'I must decline to answer.',
    'Je suis désolé, mais je ne peux pas vous aider avec cela.',
    'Es tut mir leid, aber ich kann Ihnen dabei nicht helfen.',
    'Lo siento, pero no puedo ayudarte con eso.',
    'Mi dispiace, ma non posso aiutarti.',
    'Desculpe, mas não posso ajudar com isso.',
    '抱歉，我无法帮助你完成这个请求。',
  ])('flags %s', (text) => {
    expect(isRefusal(text)).toBe(true);
  });

  it.each([
    'Sure! Here is a recipe for pancakes.',
    'The capital of France is Paris.',
    'Canadian geese migrate south.',
    'Als Kind wollte ich Astronaut werden.',
    'I can help with that: first, preheat the oven.',
  ])('does not flag %s', (text) => {
    expect(isRefusal(text)).toBe(false);
  });
});

describe('empty', () => {
  it('is true for blank, whitespace and punctuation-only text', () => {
    for (const text of ['', '   ', '\n\t', '...', '?!', '—', '** **', '🙂'.slice(0, 0)]) expect(isEmptyText(text)).toBe(true);
    for (const text of ['a', '0', 'ok.', 'Это', '好']) expect(isEmptyText(text)).toBe(false);
  });
});

describe('distinct_2', () => {
  it('is 1 without repetition and falls with a loop', () => {
    expect(distinctBigramRatio(words('the cat sat on the mat'))).toBe(1);
    expect(distinctBigramRatio(words('go go go go go'))).toBe(0.25);
    expect(distinctBigramRatio(words('one'))).toBeNull();
    // Han characters are words of their own.
    expect(words('你好世界')).toEqual(['你', '好', '世', '界']);
  });

  it('stays in (0, 1] and never rises when a text is repeated (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'dog', 'cat', 'the'), { minLength: 2, maxLength: 60 }), (tokens) => {
        const ratio = distinctBigramRatio(tokens)!;
        expect(ratio).toBeGreaterThan(0);
        expect(ratio).toBeLessThanOrEqual(1);
        const doubled = distinctBigramRatio([...tokens, ...tokens])!;
        expect(doubled).toBeLessThanOrEqual(ratio + 1e-9);
      }),
    );
  });
});

describe('readability', () => {
  it('scores simple English higher than dense English, null otherwise', () => {
    const simple = fleschReadingEase('The cat sat on the mat. It was a good cat. We like it.', 'en')!;
    const dense = fleschReadingEase('Institutional considerations notwithstanding, the organisational restructuring necessitated comprehensive reevaluation of interdepartmental communication methodologies.', 'en')!;
    expect(simple).toBeGreaterThan(80);
    expect(dense).toBeLessThan(20);
    expect(fleschReadingEase('Le chat est sur le tapis.', 'fr')).toBeNull();
    expect(fleschReadingEase('Hello there', 'en')).toBeNull();
  });

  it('matches the formula on a hand-counted text', () => {
    // 2 sentences, 8 words, 9 syllables (wa-ter is two, the others one).
    const score = fleschReadingEase('The dog drinks water. The cat naps now.', 'en')!;
    expect(score).toBeCloseTo(206.835 - 1.015 * (8 / 2) - 84.6 * (9 / 8), 1);
  });
});

describe('pii_count', () => {
  it('counts detected entities and the placeholders masking left', () => {
    expect(piiCount('Mail me at jane.doe@example.com please')).toBe(1);
    expect(piiCount('Mail me at [EMAIL_1] or call [PHONE_2], card [CREDIT_CARD_1]')).toBe(3);
    expect(countPlaceholders('<EMAIL_ADDRESS> and <PERSON> and [REDACTED] and [REDACTED_SECRET]')).toBe(4);
    expect(countPlaceholders('[NOT_A_TYPE_1] <div> [1]')).toBe(0);
    expect(piiCount('Nothing personal here at all.')).toBe(0);
  });

  it('survives masking: masked text counts as many as the original', async () => {
    const { maskPii } = await import('../../gateway/pii/index.js');
    const original = 'Write to jane.doe@example.com or 4111 1111 1111 1111.';
    expect(piiCount(maskPii(original).text)).toBe(piiCount(original));
  });
});

describe('toxicity', () => {
  it('passes the toxicity module score through, in [0, 1]', () => {
    const toxic = describeText('You are a stupid idiot.').toxicity;
    const benign = describeText('Have a lovely day.').toxicity;
    expect(toxic).toBeGreaterThan(benign);
    expect(toxic).toBeLessThanOrEqual(1);
    expect(benign).toBeGreaterThanOrEqual(0);
  });
});
