import { decodeModelFile } from '../../../gateway/guardrails/injection/model-format.js';
import { modelLogit } from '../../../gateway/guardrails/injection/score-injection.js';
import { lexiconFeatureNames } from './extract-toxicity-features.js';
import modelFile from './model.json' with { type: 'json' };
/**
 * The toxicity classifier: a logistic regression over the hashed text features and the lexicon features, trained
 * by scripts/train-toxicity-classifier.ts. It shares the injection classifier's model file format (sparse int8
 * hashed weights plus named features, `model-format.ts`) and its scoring (`modelLogit`); only the data and the named
 * features differ. `training.task` in the file says which classifier a file belongs to.
 */
let committed;
/** The committed model, decoded on first use and kept. */
export function loadToxicityModel() {
    if (committed)
        return committed;
    const file = modelFile;
    const task = file.training?.task;
    if (task !== 'toxicity')
        throw new Error(`toxicity model.json was trained for ${String(task)}, not toxicity`);
    committed = decodeModelFile(file, lexiconFeatureNames);
    return committed;
}
/** The classifier's probability for extracted features. */
export function classifierProbability(model, hashed, lexicon) {
    return 1 / (1 + Math.exp(-modelLogit(model, hashed, lexicon)));
}
//# sourceMappingURL=classifier.js.map