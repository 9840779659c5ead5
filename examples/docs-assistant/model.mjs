/**
 * A small retrieval-augmented docs assistant over Cairn's own docs, as a Cairn `js` model.
 *
 * Retrieval: BM25 over heading-sized chunks (artifacts/index.json, built by build-index.mjs). Answering is
 * extractive: the passages of the best chunks that share the most (idf-weighted) terms with the question are quoted,
 * each with a numbered citation of its file and heading. No network, no sampling: the same question always gets
 * the same answer. `chat` streams that answer word by word; `predict` returns it with its sources.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stem, terms, words } from './text.mjs';

const defaultMaxSources = 3;
const defaultMaxSentences = 5;
/** Below this share of the question's idf-weighted terms found in the best chunk, the docs do not cover it. */
const minimumCoverage = 0.5;
/** Chunks scoring under this fraction of the best one are too weak to cite. */
const relativeChunkFloor = 0.35;

export const notFoundAnswer =
  'I could not find anything about that in the Cairn docs. Try asking about serving endpoints, the model registry, ' +
  'gateway policies, inference tables, monitoring or alerting.';
const noQuestionAnswer = 'Ask me a question about Cairn, for example "How do I create a serving endpoint?".';

let index;

export async function load(context) {
  const text = await readFile(path.join(context.artifactsDir, 'index.json'), 'utf8');
  const parsed = JSON.parse(text);
  if (parsed.format !== 'cairn-docs-bm25/1') throw new Error(`index.json has format ${String(parsed.format)}, expected cairn-docs-bm25/1`);
  // Maps, not the parsed objects: a question word such as "constructor" must not meet Object.prototype.
  index = { ...parsed, df: new Map(Object.entries(parsed.df)), postings: new Map(Object.entries(parsed.postings)) };
  context.log?.(`docs-assistant ready: ${index.chunk_count} chunks from ${index.sources.length} files`);
}

function idf(term) {
  const documentFrequency = index.df.get(term) ?? 0;
  return Math.log(1 + (index.chunk_count - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** BM25 score of every chunk that contains at least one query term, best first (ties: earlier chunk first). */
function rank(queryTerms) {
  const { k1, b } = index.bm25;
  const scores = new Map();
  for (const term of queryTerms) {
    const weight = idf(term);
    for (const [chunk, frequency] of index.postings.get(term) ?? []) {
      const norm = frequency + k1 * (1 - b + (b * index.lengths[chunk]) / index.average_length);
      scores.set(chunk, (scores.get(chunk) ?? 0) + (weight * frequency * (k1 + 1)) / norm);
    }
  }
  return [...scores].map(([chunk, score]) => ({ chunk, score })).sort((left, right) => right.score - left.score || left.chunk - right.chunk);
}

function inChunk(term, chunk) {
  return (index.postings.get(term) ?? []).some(([id]) => id === chunk);
}

/**
 * Share of the question's idf weight that a chunk contains (terms unknown to the docs count at full weight). A
 * compound the docs use ("roll back" → "rollback") stands for both its words.
 */
function coverage(queryTerms, compounds, chunk) {
  const found = new Set(queryTerms.filter((term) => inChunk(term, chunk)));
  for (const [compound, parts] of compounds) if (inChunk(compound, chunk)) for (const part of parts) found.add(part);
  const total = queryTerms.reduce((sum, term) => sum + idf(term), 0);
  const shared = queryTerms.filter((term) => found.has(term)).reduce((sum, term) => sum + idf(term), 0);
  return total === 0 ? 0 : shared / total;
}

/** Adjacent question words written as one word in the docs ("roll back" → "rollback", "end point" → "endpoint"). */
function compoundsOf(question) {
  const questionWords = words(question);
  const compounds = new Map();
  for (let position = 0; position + 1 < questionWords.length; position += 1) {
    const [first, second] = [questionWords[position], questionWords[position + 1]];
    const compound = stem(first + second);
    if (index.df.has(compound)) compounds.set(compound, [...terms(first), ...terms(second)]);
  }
  return compounds;
}

function limit(value, fallback, maximum) {
  return Number.isInteger(value) && value >= 1 ? Math.min(value, maximum) : fallback;
}

/** A passage that says something on its own: not a lead-in ("keyed by:") nor a bold label ("Across instances."). */
function isStatement(text) {
  return !text.endsWith(':') && text.split(/\s+/).length >= 4;
}

/** The text of a chat message's content: a string, or OpenAI content parts. */
function contentText(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join(' ');
  return '';
}

export function lastUserMessage(messages) {
  for (let position = (messages ?? []).length - 1; position >= 0; position -= 1) {
    if (messages[position]?.role === 'user') return contentText(messages[position].content);
  }
  return '';
}

/** The answer to one question: `{answer, sources}`; the same question always gives the same answer. */
export function answer(question, params = {}) {
  if (!index) throw new Error('docs-assistant: load() has not run');
  const baseTerms = [...new Set(terms(question))];
  if (baseTerms.length === 0) return { answer: question.trim() === '' ? noQuestionAnswer : notFoundAnswer, sources: [] };
  const compounds = compoundsOf(question);
  const queryTerms = [...new Set([...baseTerms, ...compounds.keys()])];
  const ranked = rank(queryTerms);
  const best = ranked[0];
  if (!best || coverage(baseTerms, compounds, best.chunk) < minimumCoverage) return { answer: notFoundAnswer, sources: [] };

  const maxSources = limit(params.max_sources, defaultMaxSources, 5);
  const maxSentences = limit(params.max_sentences, defaultMaxSentences, 12);
  const chosenChunks = ranked.filter((entry) => entry.score >= best.score * relativeChunkFloor).slice(0, maxSources);

  // Every unit of the chosen chunks that shares a term with the question, scored by the idf of the shared terms,
  // weighted by how good its chunk is; code counts once at most so an answer is mostly prose.
  const candidates = [];
  chosenChunks.forEach((entry, rankPosition) => {
    index.chunks[entry.chunk].units.forEach((unit, position) => {
      if (unit.kind === 'text' && !isStatement(unit.text)) return;
      const unitTerms = new Set(terms(unit.text));
      const shared = queryTerms.filter((term) => unitTerms.has(term));
      if (shared.length === 0) return;
      const score = (shared.reduce((sum, term) => sum + idf(term), 0) * entry.score) / best.score;
      candidates.push({ rankPosition, position, unit, score });
    });
  });
  candidates.sort((left, right) => right.score - left.score || left.rankPosition - right.rankPosition || left.position - right.position);
  const picked = [];
  let codeBlocks = 0;
  for (const candidate of candidates) {
    if (picked.length >= maxSentences) break;
    if (candidate.unit.kind === 'code') {
      if (codeBlocks >= 1) continue;
      codeBlocks += 1;
    }
    picked.push(candidate);
  }
  // Read in the docs' order: by chunk rank, then by position inside the chunk.
  picked.sort((left, right) => left.rankPosition - right.rankPosition || left.position - right.position);

  const cited = [...new Set(picked.map((candidate) => candidate.rankPosition))];
  const number = new Map(cited.map((rankPosition, position) => [rankPosition, position + 1]));
  const parts = [];
  for (const candidate of picked) {
    const citation = `[${number.get(candidate.rankPosition)}]`;
    if (candidate.unit.kind === 'code') parts.push(`\`\`\`\n${candidate.unit.text}\n\`\`\`\n${citation}`);
    else parts.push(`${candidate.unit.text} ${citation}`);
  }
  const sources = cited.map((rankPosition) => {
    const { chunk, score } = chosenChunks[rankPosition];
    return { source: index.chunks[chunk].source, heading: index.chunks[chunk].heading, score: Math.round(score * 1000) / 1000 };
  });
  const sourceLines = sources.map((source, position) => `[${position + 1}] ${source.source} — ${source.heading}`);
  return { answer: `From the Cairn docs:\n\n${parts.join('\n\n')}\n\nSources:\n${sourceLines.join('\n')}`, sources };
}

/** Word-sized deltas (each keeps its trailing whitespace), so their concatenation is exactly the text. */
export function deltas(text) {
  return text.split(/(?<=\s)(?=\S)/);
}

async function* stream(text) {
  for (const delta of deltas(text)) yield delta;
}

export async function predict(records, params = {}) {
  return records.map((record) => answer(typeof record.question === 'string' ? record.question : lastUserMessage(record.messages), params ?? {}));
}

export async function chat(messages, params = {}) {
  return stream(answer(lastUserMessage(messages), params ?? {}).answer);
}
