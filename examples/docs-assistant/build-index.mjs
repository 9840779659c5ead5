#!/usr/bin/env node
/**
 * Builds the docs assistant's BM25 index from Cairn's own docs: README.md and docs/*.md, chunked by heading.
 *
 *   node examples/docs-assistant/build-index.mjs [--root DIR]     (DIR defaults to the repository root)
 *
 * Writes artifacts/index.json beside this script and the sha256 of the source docs into MLmodel
 * (metadata.training_data_digest). Plain Node, no dependencies; the output depends only on the docs' bytes.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { terms } from './text.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Sections longer than this are split at paragraph breaks so a chunk stays about one topic. */
const maxChunkChars = 1800;
/** Code blocks longer than this are too long to quote in an answer; their words are still indexed. */
const maxQuotedCodeChars = 1200;
/** Heading words say what a section is about: they count this many times in the section's term frequencies. */
const headingWeight = 2;

function sourceFiles(root) {
  const docs = readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

/** `**bold**`, `[text](link)` and HTML comments out; inline code keeps its backticks (it names commands and fields). */
function plain(text) {
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[\s(])_([^_]+)_(?=[\s).,;:]|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Sentences of a prose paragraph: split after . ! ? when the next sentence starts like one. */
function sentences(paragraph) {
  return paragraph
    .split(/(?<=[.!?])\s+(?=[A-Z`"(\d])/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

/** A table row as text: `| a | b |` → `a: b`; separator rows and header rows give nothing. */
function tableRow(line, isHeader) {
  if (isHeader || /^\|[\s:|-]+\|?\s*$/.test(line)) return undefined;
  const cells = line
    .replace(/^\||\|\s*$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => plain(cell))
    .filter((cell) => cell.length > 0 && cell !== '—' && cell !== '-');
  if (cells.length === 0) return undefined;
  return cells.length === 1 ? cells[0] : `${cells[0]}: ${cells.slice(1).join('; ')}`;
}

/**
 * The quotable units of a section body: sentences of prose and list items, table rows, short code blocks.
 * Each unit is what an answer may quote; together they are what the section's terms are counted from.
 */
function units(lines) {
  const result = [];
  let paragraph = [];
  let code;
  let tableLines = 0;
  const flushParagraph = () => {
    if (paragraph.length > 0) for (const sentence of sentences(plain(paragraph.join(' ')))) result.push({ kind: 'text', text: sentence });
    paragraph = [];
  };
  for (const line of lines) {
    if (code) {
      if (/^\s*(```|~~~)/.test(line)) {
        const text = code.lines.join('\n').replace(/\s+$/, '');
        if (text.length > 0) result.push({ kind: 'code', language: code.language, text, quotable: text.length <= maxQuotedCodeChars });
        code = undefined;
      } else code.lines.push(line);
      continue;
    }
    const fence = /^\s*(?:```|~~~)\s*([\w+-]*)/.exec(line);
    if (fence) {
      flushParagraph();
      code = { language: fence[1] ?? '', lines: [] };
      continue;
    }
    if (/^\s*\|/.test(line)) {
      flushParagraph();
      const row = tableRow(line.trim(), tableLines === 0);
      tableLines += 1;
      if (row) result.push({ kind: 'text', text: row });
      continue;
    }
    tableLines = 0;
    if (line.trim() === '') {
      flushParagraph();
      continue;
    }
    // A list item starts a new paragraph; its continuation lines (indented) join it.
    if (/^\s*(?:[-*+]|\d+[.)])\s+/.test(line)) {
      flushParagraph();
      paragraph.push(line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ''));
      continue;
    }
    paragraph.push(line.replace(/^\s*>\s?/, ''));
  }
  if (code && code.lines.length > 0) result.push({ kind: 'code', language: code.language, text: code.lines.join('\n'), quotable: false });
  flushParagraph();
  return result;
}

/** Splits a markdown file into sections by heading (any level), each with its heading path. */
function sections(source, text) {
  const result = [];
  const headings = [];
  let current = { lines: [] };
  let inCode = false;
  const flush = () => {
    if (current.lines.some((line) => line.trim() !== '')) {
      result.push({ source, heading: headings.map((entry) => entry.text).join(' › ') || source, lines: current.lines });
    }
    current = { lines: [] };
  };
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) inCode = !inCode;
    const heading = inCode ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1].length;
      while (headings.length > 0 && headings[headings.length - 1].level >= level) headings.pop();
      headings.push({ level, text: plain(heading[2]) });
      continue;
    }
    current.lines.push(line);
  }
  flush();
  return result;
}

/** Sections become chunks; a long section is split at unit boundaries into chunks of about maxChunkChars. */
function chunksOf(section) {
  const all = units(section.lines);
  const chunks = [];
  let part = [];
  let size = 0;
  for (const unit of all) {
    if (part.length > 0 && size + unit.text.length > maxChunkChars) {
      chunks.push({ source: section.source, heading: section.heading, units: part });
      part = [];
      size = 0;
    }
    part.push(unit);
    size += unit.text.length;
  }
  if (part.length > 0) chunks.push({ source: section.source, heading: section.heading, units: part });
  return chunks;
}

export function buildIndex(root) {
  const files = sourceFiles(root).map((relative) => ({ path: relative, text: readFileSync(path.join(root, relative), 'utf8') }));
  const digest = createHash('sha256');
  for (const file of files) digest.update(file.text);

  const chunks = files.flatMap((file) => sections(file.path, file.text).flatMap(chunksOf));
  // Maps, not objects: a term such as "constructor" must not meet Object.prototype.
  const df = new Map();
  const postings = new Map();
  const lengths = [];
  chunks.forEach((chunk, index) => {
    const frequencies = new Map();
    const add = (term, count) => frequencies.set(term, (frequencies.get(term) ?? 0) + count);
    for (const term of terms(chunk.heading)) add(term, headingWeight);
    for (const unit of chunk.units) for (const term of terms(unit.text)) add(term, 1);
    let length = 0;
    for (const [term, count] of [...frequencies].sort(([left], [right]) => (left < right ? -1 : 1))) {
      length += count;
      df.set(term, (df.get(term) ?? 0) + 1);
      if (!postings.has(term)) postings.set(term, []);
      postings.get(term).push([index, count]);
    }
    lengths.push(length);
  });
  const sortedTerms = [...df.keys()].sort();
  const sortedDf = Object.fromEntries(sortedTerms.map((term) => [term, df.get(term)]));
  const sortedPostings = Object.fromEntries(sortedTerms.map((term) => [term, postings.get(term)]));
  return {
    format: 'cairn-docs-bm25/1',
    training_data_digest: `sha256:${digest.digest('hex')}`,
    sources: files.map((file) => ({ path: file.path, sha256: createHash('sha256').update(file.text).digest('hex') })),
    bm25: { k1: 1.2, b: 0.75 },
    chunk_count: chunks.length,
    average_length: lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, lengths.length),
    lengths,
    df: sortedDf,
    postings: sortedPostings,
    chunks: chunks.map((chunk) => ({
      source: chunk.source,
      heading: chunk.heading,
      // Code too long to quote is indexed (above) but not stored: the answer never shows it.
      units: chunk.units.filter((unit) => unit.kind === 'text' || unit.quotable).map(({ kind, text }) => ({ kind, text })),
    })),
  };
}

function main() {
  const rootFlag = process.argv.indexOf('--root');
  const root = rootFlag === -1 ? path.resolve(here, '..', '..') : path.resolve(process.argv[rootFlag + 1] ?? '.');
  const index = buildIndex(root);
  mkdirSync(path.join(here, 'artifacts'), { recursive: true });
  const json = `${JSON.stringify(index)}\n`;
  writeFileSync(path.join(here, 'artifacts', 'index.json'), json);
  const manifestPath = path.join(here, 'MLmodel');
  const manifest = readFileSync(manifestPath, 'utf8');
  const updated = manifest.replace(/^(\s*training_data_digest:).*$/m, `$1 "${index.training_data_digest}"`);
  if (updated === manifest && !manifest.includes(index.training_data_digest)) {
    throw new Error('MLmodel has no metadata.training_data_digest line to update');
  }
  writeFileSync(manifestPath, updated);
  process.stdout.write(
    `docs-assistant index: ${index.sources.length} files, ${index.chunk_count} chunks, ${Object.keys(index.df).length} terms, ` +
      `${json.length} bytes; training_data_digest ${index.training_data_digest}\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
