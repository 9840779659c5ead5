import { readFileSync } from 'node:fs';
import { trainNgramModel } from './ngram-model.js';
/** `assets/` sits three levels above both `src/providers/demo/` and `dist/providers/demo/`. */
const corpusUrl = new URL('../../../assets/demo-corpus.txt', import.meta.url);
let trained;
/** The demo n-gram model, trained on the shipped corpus once per process. */
export function demoNgramModel() {
    trained ??= trainNgramModel(readFileSync(corpusUrl, 'utf8'));
    return trained;
}
//# sourceMappingURL=demo-corpus.js.map