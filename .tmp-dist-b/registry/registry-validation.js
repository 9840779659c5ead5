import { CairnError } from '../errors/index.js';
import { stages } from './types.js';
/** Checks on names, tags, aliases, versions and stages shared by the service and its routes. */
export const registryLimits = {
    nameLength: 256,
    tagKeyLength: 250,
    tagValueLength: 100_000,
    descriptionLength: 100_000,
    aliasLength: 256,
    sourceLength: 4096,
    runIdLength: 256,
    tagsPerRequest: 100,
};
function invalid(param, message) {
    return new CairnError('INVALID_PARAMETER_VALUE', message, { details: { param } });
}
// Control characters break logs, CLI tables and HTTP headers (served-model-name), so names may not hold them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f]/;
/** PostgreSQL cannot store NUL in text; free text may hold any other character. */
function checkText(param, label, value) {
    if (value.includes('\u0000'))
        throw invalid(param, `${label} may not contain NUL characters.`);
}
/** Version numbers are 32-bit integer columns. */
export const maxVersionNumber = 2_147_483_647;
export function checkModelName(name, param = 'name') {
    if (name.trim().length === 0)
        throw invalid(param, 'Registered model name cannot be empty.');
    if (name.length > registryLimits.nameLength)
        throw invalid(param, `Registered model name is longer than ${registryLimits.nameLength} characters.`);
    if (controlCharacters.test(name))
        throw invalid(param, 'Registered model name may not contain control characters.');
    return name;
}
export function checkTag(key, value) {
    if (key.length === 0)
        throw invalid('key', 'Tag key cannot be empty.');
    if (key.length > registryLimits.tagKeyLength)
        throw invalid('key', `Tag key is longer than ${registryLimits.tagKeyLength} characters.`);
    if (controlCharacters.test(key))
        throw invalid('key', 'Tag key may not contain control characters.');
    if (value.length > registryLimits.tagValueLength)
        throw invalid('value', `Tag value is longer than ${registryLimits.tagValueLength} characters.`);
    checkText('value', 'Tag value', value);
}
export function checkTags(tags) {
    const list = tags ?? [];
    if (list.length > registryLimits.tagsPerRequest)
        throw invalid('tags', `At most ${registryLimits.tagsPerRequest} tags per request.`);
    // The last value of a repeated key wins, as repeated set-tag calls would.
    const byKey = new Map();
    for (const tag of list) {
        checkTag(tag.key, tag.value);
        byKey.set(tag.key, tag.value);
    }
    return [...byKey].map(([key, value]) => ({ key, value }));
}
export function checkDescription(description) {
    const text = description ?? '';
    if (text.length > registryLimits.descriptionLength)
        throw invalid('description', `Description is longer than ${registryLimits.descriptionLength} characters.`);
    checkText('description', 'Description', text);
    return text;
}
/** MLflow reserves `latest` and `v<number>` so an alias can never be mistaken for a version reference. */
export function checkAlias(alias) {
    if (alias.length === 0)
        throw invalid('alias', 'Alias cannot be empty.');
    if (alias.length > registryLimits.aliasLength)
        throw invalid('alias', `Alias is longer than ${registryLimits.aliasLength} characters.`);
    if (alias.toLowerCase() === 'latest')
        throw invalid('alias', "'latest' is a reserved alias name.");
    if (/^v\d+$/i.test(alias))
        throw invalid('alias', `Alias ${alias} looks like a version reference (v<number>) and is reserved.`);
    if (controlCharacters.test(alias))
        throw invalid('alias', 'Alias may not contain control characters.');
    return alias;
}
/** Versions travel as strings ("3"); anything but a positive integer is a 400. */
export function parseVersion(version) {
    const number = typeof version === 'number' ? version : /^\s*\d+\s*$/.test(version) ? Number(version) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < 1 || number > maxVersionNumber) {
        throw invalid('version', `Model version must be a positive integer, got ${JSON.stringify(String(version).slice(0, 50))}.`);
    }
    return number;
}
/** Stages are case-insensitive on input, as in MLflow, and canonical on output. */
export function canonicalStage(stage) {
    const found = stages.find((candidate) => candidate.toLowerCase() === stage.trim().toLowerCase());
    if (!found)
        throw invalid('stage', `Invalid model version stage ${JSON.stringify(stage.slice(0, 50))}; expected one of ${stages.join(', ')}.`);
    return found;
}
export function checkSource(source) {
    if (source.trim().length === 0)
        throw invalid('source', 'Model version source cannot be empty.');
    if (source.length > registryLimits.sourceLength)
        throw invalid('source', `Model version source is longer than ${registryLimits.sourceLength} characters.`);
    checkText('source', 'Model version source', source);
    return source;
}
export function checkRunFields(runId, runLink) {
    if (runId !== undefined) {
        if (runId.length > registryLimits.runIdLength)
            throw invalid('run_id', `run_id is longer than ${registryLimits.runIdLength} characters.`);
        checkText('run_id', 'run_id', runId);
    }
    if (runLink !== undefined) {
        if (runLink.length > registryLimits.sourceLength)
            throw invalid('run_link', `run_link is longer than ${registryLimits.sourceLength} characters.`);
        checkText('run_link', 'run_link', runLink);
    }
}
//# sourceMappingURL=registry-validation.js.map