/**
 * Tokenisation shared by the index builder and the model, so query terms and indexed terms always agree:
 * camelCase split, lower case, split on anything that is not a letter or digit, drop stop words and 1-letter tokens,
 * then a light suffix-stripping stemmer ("serving", "served", "serves" → "serv"; "endpoints" → "endpoint").
 */

const stopWords = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing down during each either else for from further get gets got had has have having he
her here hers him his how i if in into is it its itself just let like may me might more most must my no nor not now of
off on once only or other our ours out over own per please same she should so some such than that the their theirs them
then there these they this those through to too under until up upon us very via was we were what when where which while
who whom whose why will with within without would yes yet you your yours tell know want need`.split(/\s+/),
);

export function stem(word) {
  let stemmed = word;
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (stemmed.endsWith(suffix) && stemmed.length - suffix.length >= 3 && !stemmed.endsWith('ss')) {
      stemmed = stemmed.slice(0, -suffix.length);
      break;
    }
  }
  if (stemmed.length > 3 && stemmed.endsWith('e')) stemmed = stemmed.slice(0, -1);
  return stemmed;
}

/** The lower-case words of a text; camelCase is split too ("servingEndpoints" → "serving", "endpoints"). */
export function words(text) {
  return text
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** The index terms of a text, in order, repeats kept (term frequencies count them). */
export function terms(text) {
  const result = [];
  for (const token of words(text)) {
    if (token.length < 2 || stopWords.has(token)) continue;
    result.push(stem(token));
  }
  return result;
}
