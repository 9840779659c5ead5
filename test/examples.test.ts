import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { jsFlavorSchema, manifestSchema, type PackageManifest } from '../src/registry/packages/manifest.js';

/**
 * The example model packages under examples/, exercised by importing their modules directly (the way a replica's
 * worker does): their manifests are valid packages and the models do what their READMEs promise.
 */
const examplesDir = path.resolve(import.meta.dirname, '..', 'examples');
const exampleNames = readdirSync(examplesDir).filter((name) => statSync(path.join(examplesDir, name)).isDirectory());
const run = promisify(execFile);

interface Keyword {
  term: string;
  score: number;
}
interface KeywordModule {
  load(context: object): Promise<void>;
  predict(records: object[], params?: object): Promise<Array<{ keywords: Keyword[] }>>;
}
interface Source {
  source: string;
  heading: string;
  score: number;
}
interface DocsModule {
  load(context: object): Promise<void>;
  predict(records: object[], params?: object): Promise<Array<{ answer: string; sources: Source[] }>>;
  chat(messages: object[], params?: object): Promise<AsyncIterable<string>>;
}
interface DocsIndex {
  format: string;
  training_data_digest: string;
  sources: Array<{ path: string; sha256: string }>;
  chunk_count: number;
  average_length: number;
  lengths: number[];
  df: Record<string, number>;
  postings: Record<string, Array<[number, number]>>;
  chunks: Array<{ source: string; heading: string; units: Array<{ kind: 'text' | 'code'; text: string }> }>;
}

function manifestOf(name: string): PackageManifest {
  return manifestSchema.parse(parseYaml(readFileSync(path.join(examplesDir, name, 'MLmodel'), 'utf8')));
}

function contextFor(packageDir: string, manifest: PackageManifest) {
  const lines: string[] = [];
  return { packageDir, artifactsDir: path.join(packageDir, 'artifacts'), manifest, log: (...args: unknown[]) => lines.push(args.join(' ')), lines };
}

function outputValidator(manifest: PackageManifest) {
  return new Ajv({ strict: false, allErrors: true }).compile(manifest.signature!.outputs!);
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const deltas: string[] = [];
  for await (const delta of iterable) deltas.push(delta);
  return deltas;
}

describe('example packages', () => {
  it('ships at least the keyword extractor and the docs assistant, each listed in examples/README.md', () => {
    expect(exampleNames).toEqual(expect.arrayContaining(['keyword-extractor', 'docs-assistant']));
    const readme = readFileSync(path.join(examplesDir, 'README.md'), 'utf8');
    for (const name of exampleNames) {
      expect(readme).toContain(`${name}/`);
      expect(existsSync(path.join(examplesDir, name, 'README.md'))).toBe(true);
    }
  });

  it.each(exampleNames)('%s has a valid MLmodel: js flavour, entry exporting every capability, compiling signature, matching example', async (name) => {
    const packageDir = path.join(examplesDir, name);
    const manifest = manifestOf(name);
    expect(Object.keys(manifest.flavors)).toEqual(['js']);
    const js = jsFlavorSchema.parse(manifest.flavors.js);
    const source = readFileSync(path.join(packageDir, js.entry), 'utf8');
    for (const capability of ['load', ...js.capabilities]) expect(source).toMatch(new RegExp(`export async function ${capability}\\(`));

    const ajv = new Ajv({ strict: false, allErrors: true });
    const validateInputs = ajv.compile(manifest.signature!.inputs!);
    ajv.compile(manifest.signature!.outputs!);
    ajv.compile(manifest.signature!.params!);
    expect(manifest.input_example).toBeDefined();
    expect(validateInputs(manifest.input_example), JSON.stringify(validateInputs.errors)).toBe(true);

    const lockfile = manifest.dependencies?.npm?.lockfile;
    if (lockfile) {
      expect(existsSync(path.join(packageDir, lockfile))).toBe(true);
      expect(existsSync(path.join(packageDir, path.dirname(lockfile), 'package.json'))).toBe(true);
    }
    expect(manifest.metadata?.author).toBe('Cairn contributors');
    expect(manifest.metadata?.license).toBe('Apache-2.0');
    expect(manifest.resources?.memory_mb).toBeGreaterThan(0);
  });
});

describe('examples/keyword-extractor', () => {
  const manifest = manifestOf('keyword-extractor');
  let copyDir: string;
  let model: KeywordModule;
  let stopWords: Set<string>;

  // Its dependency lives in its own node_modules, never Cairn's: install it into a copy, as registration does.
  beforeAll(async () => {
    copyDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-example-keywords-'));
    cpSync(path.join(examplesDir, 'keyword-extractor'), copyDir, { recursive: true, filter: (from) => !from.includes(`${path.sep}node_modules`) });
    await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: copyDir, timeout: 150_000 });
    model = (await import(pathToFileURL(path.join(copyDir, 'model.js')).href)) as KeywordModule;
    await model.load(contextFor(copyDir, manifest));
    const stopword = (await import(pathToFileURL(path.join(copyDir, 'node_modules', 'stopword', 'dist', 'stopword.cjs.js')).href)) as {
      default: { eng: string[] };
    };
    stopWords = new Set(stopword.default.eng);
  }, 180_000);
  afterAll(() => {
    if (copyDir) rmSync(copyDir, { recursive: true, force: true });
  });

  // The abstract RAKE's paper uses as its worked example, with the keywords the paper reports.
  const abstract =
    'Compatibility of systems of linear constraints over the set of natural numbers. Criteria of compatibility of a system of linear ' +
    'Diophantine equations, strict inequations, and nonstrict inequations are considered. Upper bounds for components of a minimal set ' +
    'of solutions and algorithms of construction of minimal generating sets of solutions for all types of systems are given. These ' +
    'criteria and the corresponding algorithms for constructing a minimal supporting set of solutions can be used in solving all the ' +
    'considered types of systems and systems of mixed types.';

  it('finds the key phrases of a known text, best first, and never a stop word', async () => {
    const [prediction] = await model.predict([{ text: abstract }]);
    const keywords = prediction!.keywords;
    expect(keywords).toHaveLength(10);
    expect(keywords.slice(0, 3).map((keyword) => keyword.term)).toEqual(['linear diophantine equations', 'minimal generating sets', 'minimal supporting set']);
    expect(keywords.map((keyword) => keyword.term)).toEqual(expect.arrayContaining(['linear constraints', 'natural numbers', 'strict inequations']));
    for (let position = 1; position < keywords.length; position += 1) expect(keywords[position]!.score).toBeLessThanOrEqual(keywords[position - 1]!.score);
    for (const { term } of keywords) for (const word of term.split(' ')) expect(stopWords.has(word), `"${word}" in "${term}"`).toBe(false);
    expect(outputValidator(manifest)(prediction)).toBe(true);
  });

  it('respects top_k per record, params.top_k for the others, and the default of 10', async () => {
    const predictions = await model.predict([{ text: abstract, top_k: 3 }, { text: abstract }, { text: abstract, top_k: 500 }], { top_k: 2 });
    expect(predictions.map((prediction) => prediction.keywords.length)).toEqual([3, 2, expect.any(Number)]);
    expect(predictions[2]!.keywords.length).toBeGreaterThan(10);
    expect(predictions[0]!.keywords).toEqual(predictions[2]!.keywords.slice(0, 3));
    expect((await model.predict([{ text: abstract }]))[0]!.keywords).toHaveLength(10);
  });

  it('merges plural and case variants into one term and is deterministic', async () => {
    const text = 'Serving endpoints. Serving Endpoints! A serving endpoint has served entities.';
    const [first] = await model.predict([{ text }]);
    const [second] = await model.predict([{ text }]);
    expect(second).toEqual(first);
    const endpointTerms = first!.keywords.filter((keyword) => /^serving endpoints?$/.test(keyword.term));
    expect(endpointTerms.map((keyword) => keyword.term)).toEqual(['serving endpoints']);
  });

  it('answers its own input_example and gives no keywords for empty or stop-word-only text', async () => {
    const [example] = await model.predict([manifest.input_example as object]);
    expect(example!.keywords.length).toBeGreaterThan(0);
    expect(example!.keywords.length).toBeLessThanOrEqual(5);
    expect(await model.predict([{ text: '' }, { text: 'the and of it is' }])).toEqual([{ keywords: [] }, { keywords: [] }]);
  });
});

describe('examples/docs-assistant', () => {
  const packageDir = path.join(examplesDir, 'docs-assistant');
  const manifest = manifestOf('docs-assistant');
  const indexPath = path.join(packageDir, 'artifacts', 'index.json');
  let model: DocsModule;

  beforeAll(async () => {
    model = (await import(pathToFileURL(path.join(packageDir, 'model.mjs')).href)) as DocsModule;
    const context = contextFor(packageDir, manifest);
    await model.load(context);
    expect(context.lines.join('\n')).toMatch(/ready: \d+ chunks/);
  });

  it('answers "How do I create a serving endpoint?" from the serving docs, with numbered citations', async () => {
    const [prediction] = await model.predict([{ question: 'How do I create a serving endpoint?' }]);
    const { answer, sources } = prediction!;
    expect(sources.map((source) => source.source)).toContain('docs/serving.md');
    expect(answer).toMatch(/serving-endpoints/);
    expect(answer).toContain('[1]');
    expect(answer).toContain(`[1] ${sources[0]!.source} — ${sources[0]!.heading}`);
    expect(sources.length).toBeLessThanOrEqual(3);
    expect(outputValidator(manifest)(prediction)).toBe(true);
  });

  it('streams a chat answer in several deltas that add up to the predicted answer for the last user message', async () => {
    const question = 'How do I create a serving endpoint?';
    const messages = [
      { role: 'system', content: 'You answer questions about Cairn.' },
      { role: 'user', content: 'What is the capital of France?' },
      { role: 'assistant', content: 'I could not find anything about that.' },
      { role: 'user', content: [{ type: 'text', text: question }] },
    ];
    const deltas = await collect(await model.chat(messages, { temperature: 0.7 }));
    const [prediction] = await model.predict([{ question }]);
    expect(deltas.length).toBeGreaterThan(10);
    expect(deltas.join('')).toBe(prediction!.answer);
    const [fromMessages] = await model.predict([{ messages }]);
    expect(fromMessages).toEqual(prediction);
  });

  it('answers the warm-up input_example (a chat request)', async () => {
    const example = manifest.input_example as { messages: object[] };
    const text = (await collect(await model.chat(example.messages))).join('');
    expect(text).toMatch(/^From the Cairn docs:/);
  });

  it('says honestly when the docs do not cover a question, and asks for one when there is none', async () => {
    const predictions = await model.predict([
      { question: 'What is the capital of France?' },
      { question: 'Best sourdough bread recipe with rye flour' },
      { question: 'Who won the football world cup in 1998?' },
    ]);
    for (const prediction of predictions) {
      expect(prediction.answer).toMatch(/^I could not find anything about that in the Cairn docs/);
      expect(prediction.sources).toEqual([]);
    }
    // Words that name Object.prototype members are ordinary words, not lookups into the prototype.
    const [prototypeWords] = await model.predict([{ question: '__proto__ hasOwnProperty valueOf' }]);
    expect(typeof prototypeWords!.answer).toBe('string');
    const text = (await collect(await model.chat([{ role: 'user', content: '  ' }]))).join('');
    expect(text).toMatch(/^Ask me a question about Cairn/);
  });

  it('honours max_sources and max_sentences', async () => {
    const [prediction] = await model.predict([{ question: 'How are rate limits shared across instances?' }], { max_sources: 1, max_sentences: 2 });
    expect(prediction!.sources).toHaveLength(1);
    const quoted = prediction!.answer.split('\n\n').filter((part) => /\[1\]$/.test(part));
    expect(quoted).toHaveLength(2);
  });

  it('ships a committed BM25 index (a snapshot of the docs) whose structure is consistent and covers docs/serving.md', () => {
    const bytes = readFileSync(indexPath);
    expect(bytes.length).toBeLessThan(1.5 * 1024 * 1024);
    const index = JSON.parse(bytes.toString('utf8')) as DocsIndex;
    expect(index.format).toBe('cairn-docs-bm25/1');
    expect(index.chunks).toHaveLength(index.chunk_count);
    expect(index.lengths).toHaveLength(index.chunk_count);
    expect(Object.keys(index.df).sort()).toEqual(Object.keys(index.postings).sort());
    for (const [term, postings] of Object.entries(index.postings)) {
      expect(index.df[term]).toBe(postings.length);
      for (const [chunk, frequency] of postings) expect(chunk >= 0 && chunk < index.chunk_count && frequency > 0).toBe(true);
    }
    expect(index.sources.map((source) => source.path)).toEqual(expect.arrayContaining(['README.md', 'docs/serving.md']));
    expect(index.chunks.filter((chunk) => chunk.source === 'docs/serving.md').map((chunk) => chunk.heading)).toContain('Serving endpoints › Querying');
    expect(manifest.metadata?.training_data_digest).toBe(index.training_data_digest);
    expect(index.training_data_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('examples/docs-assistant/build-index.mjs', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'cairn-docs-index-'));
    mkdirSync(path.join(root, 'docs'));
    writeFileSync(path.join(root, 'README.md'), '# Widget\n\nWidget is a tool for making widgets.\n');
    writeFileSync(
      path.join(root, 'docs', 'usage.md'),
      [
        '# Usage',
        '',
        'Start the **widget** server. Then open [the console](console.md).',
        '',
        '## Flags',
        '',
        '| flag | meaning |',
        '|---|---|',
        '| `--port` | the port to listen on |',
        '',
        '```sh',
        '# not a heading',
        'widget serve --port 9000',
        '```',
        '',
        '- a list item that goes',
        '  on to a second line.',
      ].join('\n'),
    );
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('chunks by heading, keeps sentences, table rows and code as units, and digests the concatenated sources', async () => {
    const { buildIndex } = (await import(pathToFileURL(path.join(examplesDir, 'docs-assistant', 'build-index.mjs')).href)) as {
      buildIndex(root: string): DocsIndex;
    };
    const index = buildIndex(root);
    expect(index.chunks.map((chunk) => [chunk.source, chunk.heading])).toEqual([
      ['README.md', 'Widget'],
      ['docs/usage.md', 'Usage'],
      ['docs/usage.md', 'Usage › Flags'],
    ]);
    expect(index.chunks[1]!.units).toEqual([
      { kind: 'text', text: 'Start the widget server.' },
      { kind: 'text', text: 'Then open the console.' },
    ]);
    expect(index.chunks[2]!.units).toEqual([
      { kind: 'text', text: '`--port`: the port to listen on' },
      { kind: 'code', text: '# not a heading\nwidget serve --port 9000' },
      { kind: 'text', text: 'a list item that goes on to a second line.' },
    ]);
    const concatenated = readFileSync(path.join(root, 'README.md'), 'utf8') + readFileSync(path.join(root, 'docs', 'usage.md'), 'utf8');
    expect(index.training_data_digest).toBe(`sha256:${createHash('sha256').update(concatenated).digest('hex')}`);
    expect(index.df.widget).toBe(3);
    expect(buildIndex(root)).toEqual(index);
  });
});
