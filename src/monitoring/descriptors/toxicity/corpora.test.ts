import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { corporaAvailable, trainingTexts } from '../../../../scripts/toxicity/dataset.js';
import { evaluateToxicity, type ToxicityReport } from '../../../../scripts/toxicity/evaluate.js';
import { toExamples, trainModelFile } from '../../../../scripts/toxicity/recipe.js';

/*
 * The committed toxicity model against the public corpora (Jigsaw sample: evaluation only, CC BY-SA; the
 * RealToxicityPrompts held-out 30 % with Cairn's labels) and Cairn's held-out cases. Floors are the figures measured
 * when the model was committed (docs/monitoring-toxicity.md) minus a margin, so a bad retrain or an unretrained
 * feature change fails here. CI checks `shared/` out beside the repository.
 */
const corporaDir = fileURLToPath(new URL('../../../../../shared/corpora/', import.meta.url));
const available = corporaAvailable(corporaDir);
if (!available) console.warn(`Toxicity corpus tests skipped: ${corporaDir} not found (expected ../shared/corpora beside the repository).`);

/** Measured at commit: Jigsaw AUC 0.952, RTP held-out F1 0.786, Cairn held-out F1 0.923. */
const FLOORS = { jigsawAuc: 0.92, rtpHeldOutF1: 0.72, casesHeldOutF1: 0.85 };

describe.skipIf(!available)('toxicity descriptor on public corpora', () => {
  let report: ToxicityReport | undefined;
  beforeAll(() => {
    report = evaluateToxicity(corporaDir);
  });
  const set = (prefix: string) => report!.sets.find((entry) => entry.name.startsWith(prefix))!;

  it(`ranks the Jigsaw sample (never trained on) with ROC AUC >= ${FLOORS.jigsawAuc}`, () => {
    expect(set('jigsaw').combined.auc).toBeGreaterThanOrEqual(FLOORS.jigsawAuc);
  });

  it('reaches its F1 floors on the held-out RTP split and held-out cases at threshold 0.5', () => {
    expect(set('rtp-challenging held-out').combined.f1).toBeGreaterThanOrEqual(FLOORS.rtpHeldOutF1);
    expect(set('cairn held-out').combined.f1).toBeGreaterThanOrEqual(FLOORS.casesHeldOutF1);
  });

  it('never trains on Jigsaw or a held-out row', () => {
    const texts = trainingTexts(corporaDir);
    expect(texts.some((item) => item.source === 'jigsaw' || item.split !== 'train')).toBe(false);
    expect(texts.length).toBeGreaterThan(900);
  });

  it('retraining reproduces the committed model.json exactly (seeded, fixed order)', () => {
    const committed = JSON.parse(readFileSync(new URL('./model.json', import.meta.url), 'utf8')) as { training: Record<string, unknown> };
    const { task: _task, ...training } = committed.training;
    const retrained = trainModelFile(toExamples(trainingTexts(corporaDir)), training);
    expect(JSON.parse(JSON.stringify(retrained))).toEqual(committed);
  }, 120_000);
});
