import { readFileSync } from 'node:fs';
import { type NgramModel, trainNgramModel } from './ngram-model.js';

/** `assets/` sits three levels above both `src/providers/demo/` and `dist/providers/demo/`. */
const corpusUrl = new URL('../../../assets/demo-corpus.txt', import.meta.url);

let trained: NgramModel | undefined;

/** The demo n-gram model, trained on the shipped corpus once per process. */
export function demoNgramModel(): NgramModel {
  trained ??= trainNgramModel(readFileSync(corpusUrl, 'utf8'));
  return trained;
}
