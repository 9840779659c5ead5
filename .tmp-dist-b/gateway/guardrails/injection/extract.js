import { findTaskRequests, looksLikeDocument } from './embedded-requests.js';
import { hashFeatures } from './features.js';
import { heuristicFamilies, lowerCaseSameLength, runHeuristics } from './heuristics.js';
import { normalizeDetailed } from './normalize.js';
/**
 * Everything the classifier sees of one text, computed the same way for training and for scoring: normalisation,
 * then the hashed text features (`features.ts`) and the named heuristic features below.
 */
/** Signals about requests embedded in document-like text (`embedded-requests.ts`). */
const documentFeatures = [
    'task_request_in_document',
    'task_request_opening_document',
    'task_request',
    // How the answer must look is the user's call in a prompt, an injection inside an e-mail.
    'response_manipulation_in_document',
];
/** Obfuscation undone by normalisation: a smuggling attempt is a signal of its own. */
const obfuscationFeatures = ['obfuscation_invisible', 'obfuscation_mixed_script', 'obfuscation_encoded', 'obfuscation_hidden_tags'];
/** Names of the heuristic features, in feature order: one per phrase family, then the signals above. */
export const heuristicFeatureNames = [
    ...heuristicFamilies.map((family) => family.type),
    ...documentFeatures,
    ...obfuscationFeatures,
];
export const HEURISTIC_FEATURE_COUNT = heuristicFeatureNames.length;
const FAMILIES = heuristicFamilies.length;
const feature = (name) => heuristicFeatureNames.indexOf(name);
const TASK_REQUEST_IN_DOCUMENT = feature('task_request_in_document');
const TASK_REQUEST_OPENING_DOCUMENT = feature('task_request_opening_document');
const TASK_REQUEST = feature('task_request');
const RESPONSE_MANIPULATION = feature('response_manipulation');
const RESPONSE_MANIPULATION_IN_DOCUMENT = feature('response_manipulation_in_document');
const INVISIBLE = feature('obfuscation_invisible');
const MIXED_SCRIPT = feature('obfuscation_mixed_script');
const ENCODED = feature('obfuscation_encoded');
const HIDDEN_TAGS = feature('obfuscation_hidden_tags');
const embeddedRequestDetail = 'request to an assistant inside document-like content';
/**
 * Extracts the features of `text`: hashed features into `hashed`, heuristic features into `heuristicValues`
 * (log2(1 + matches) per family, request and obfuscation signals), and returns the matches for findings.
 */
export function extractFeatures(text, hashed, heuristicValues) {
    const normalized = normalizeDetailed(text);
    const lowerText = lowerCaseSameLength(normalized.text);
    // Hashing first: the heuristics take their lead words from the same pass.
    hashFeatures(lowerText, hashed);
    const matches = runHeuristics(normalized.text, lowerText, heuristicValues, hashed);
    for (let index = 0; index < FAMILIES; index++)
        heuristicValues[index] = Math.log2(1 + (heuristicValues[index] ?? 0));
    const requests = findTaskRequests(lowerText);
    const isDocument = looksLikeDocument(lowerText);
    heuristicValues[TASK_REQUEST_IN_DOCUMENT] = isDocument ? Math.log2(1 + requests.later.length) : 0;
    heuristicValues[TASK_REQUEST_OPENING_DOCUMENT] = isDocument && requests.opening ? 1 : 0;
    heuristicValues[TASK_REQUEST] = Math.log2(1 + requests.later.length + (requests.opening ? 1 : 0));
    heuristicValues[RESPONSE_MANIPULATION_IN_DOCUMENT] = isDocument ? (heuristicValues[RESPONSE_MANIPULATION] ?? 0) : 0;
    if (isDocument) {
        for (const request of requests.later)
            matches.push({ type: 'embedded_request', detail: embeddedRequestDetail, ...request });
    }
    heuristicValues[INVISIBLE] = normalized.invisibleCount > 0 ? 1 : 0;
    heuristicValues[MIXED_SCRIPT] = normalized.mixedScriptFolds > 0 ? 1 : 0;
    heuristicValues[ENCODED] = normalized.decodedRuns > 0 ? 1 : 0;
    heuristicValues[HIDDEN_TAGS] = normalized.hiddenTagRuns > 0 ? 1 : 0;
    return { normalized, matches };
}
//# sourceMappingURL=extract.js.map