import { normalizeForDetection } from '../../../gateway/guardrails/injection/index.js';

/**
 * Text folding before toxicity matching. Abusive text hides its words the same way injections do, so the
 * injection guardrail's normaliser (SEC-PI-2: NFKC, zero-width / soft-hyphen / tag characters removed, look-alike
 * letters folded, base64 decoded) runs first; on top of it this undoes the tricks aimed at word lists:
 *   - leetspeak inside a word that has letters: 0→o 1→i 3→e 4→a 5→s 7→t @→a $→s, and ! or | between letters → i
 *     ("500 errors", "$20" and "hello!" keep their digits and signs: the token has no letter or the sign ends it);
 *   - letters repeated three or more times squashed to two ("stuuuupid" → "stuupid"; the lexicon then also tries
 *     doubles as singles, so "ass" survives and "stupid" is found);
 *   - three or more single letters spaced or dotted out joined ("f u c k", "i.d.i.o.t" → one word).
 * The result is lower case. `*` is kept: the lexicon reads "f**k"-style masks as wildcards. Linear in the input.
 */
export function foldForToxicity(text: string): string {
  return joinSpacedLetters(squashRepeats(unLeet(normalizeForDetection(text).toLowerCase())));
}

function isLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0xdf && code <= 0x24f && code !== 0xf7);
}

function leetLetter(code: number): number {
  switch (code) {
    case 0x30:
      return 0x6f; // 0 → o
    case 0x31:
      return 0x69; // 1 → i
    case 0x33:
      return 0x65; // 3 → e
    case 0x34:
      return 0x61; // 4 → a
    case 0x35:
      return 0x73; // 5 → s
    case 0x37:
      return 0x74; // 7 → t
    case 0x40:
      return 0x61; // @ → a
    case 0x24:
      return 0x73; // $ → s
    case 0x21:
    case 0x7c:
      return 0x69; // ! | → i
    default:
      return 0;
  }
}

/** Characters that may belong to an obfuscated word. */
function isTokenCode(code: number): boolean {
  return isLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x40 || code === 0x24 || code === 0x21 || code === 0x7c || code === 0x2a;
}

const leetSign = /[0-9@$!|]/;

function unLeet(text: string): string {
  if (!leetSign.test(text)) return text;
  let output: string[] | undefined;
  let copied = 0;
  const length = text.length;
  let index = 0;
  while (index < length) {
    if (!isTokenCode(text.charCodeAt(index))) {
      index++;
      continue;
    }
    const start = index;
    let letters = 0;
    let leet = 0;
    while (index < length) {
      const code = text.charCodeAt(index);
      if (!isTokenCode(code)) break;
      if (isLetter(code)) letters++;
      else if (leetLetter(code) !== 0) leet++;
      index++;
    }
    if (letters === 0 || leet === 0) continue;
    let token = '';
    for (let position = start; position < index; position++) {
      const code = text.charCodeAt(position);
      const mapped = leetLetter(code);
      // A sign ending the token is punctuation ("idiot!", "cost$"), not a letter; `@` only stands for a letter
      // before one ("@ss", "b@stard"), so "user@" stays.
      const signAtEnd = (code === 0x21 || code === 0x24 || code === 0x7c || code === 0x40) && position === index - 1;
      const signAtStart = (code === 0x21 || code === 0x24 || code === 0x7c) && position === start;
      token += mapped !== 0 && !signAtEnd && !signAtStart ? String.fromCharCode(mapped) : text[position];
    }
    output ??= [];
    output.push(text.slice(copied, start), token);
    copied = index;
  }
  if (output === undefined) return text;
  output.push(text.slice(copied));
  return output.join('');
}

/** Runs of three or more of the same letter become two; copies nothing when there are none (the usual case). */
function squashRepeats(text: string): string {
  let parts: string[] | undefined;
  let copied = 0;
  const length = text.length;
  let previous = -1;
  let run = 0;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code !== previous) {
      previous = code;
      run = 1;
      continue;
    }
    run++;
    if (run !== 3 || !isLetter(code)) continue;
    // The third of a run: keep the text before it, skip to the run's end.
    let end = index + 1;
    while (end < length && text.charCodeAt(end) === code) end++;
    parts ??= [];
    parts.push(text.slice(copied, index));
    copied = end;
    index = end - 1;
  }
  if (parts === undefined) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

function isSeparator(code: number): boolean {
  return code === 0x20 || code === 0x2e || code === 0x2d || code === 0x5f;
}

/** A letter standing alone: no letter right before or after it. */
function isLoneLetter(text: string, index: number): boolean {
  return isLetter(text.charCodeAt(index)) && !isLetter(text.charCodeAt(index - 1)) && !isLetter(text.charCodeAt(index + 1));
}

/** Three or more lone letters each separated by one space, dot, hyphen or underscore become one word. */
function joinSpacedLetters(text: string): string {
  let parts: string[] | undefined;
  let copied = 0;
  const length = text.length;
  // Tracks whether the previous character was a letter, so a lone letter costs one test per character.
  let previousIsLetter = false;
  for (let index = 0; index + 4 < length; index++) {
    const isLetterHere = isLetter(text.charCodeAt(index));
    const lone = isLetterHere && !previousIsLetter && !isLetter(text.charCodeAt(index + 1));
    previousIsLetter = isLetterHere;
    if (!lone || !isSeparator(text.charCodeAt(index + 1))) continue;
    let end = index; // last letter of the run
    let letters = 1;
    while (end + 2 < length && isSeparator(text.charCodeAt(end + 1)) && isLoneLetter(text, end + 2)) {
      end += 2;
      letters++;
    }
    if (letters < 3) continue;
    parts ??= [];
    parts.push(text.slice(copied, index));
    for (let letter = index; letter <= end; letter += 2) parts.push(text[letter] as string);
    copied = end + 1;
    index = end;
    previousIsLetter = true;
  }
  if (parts === undefined) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}
